import { describe, expect, it } from 'vitest';
import { Matrix } from '../../exercises/lib/matrix';
import fc from 'fast-check';
import { compareMatrix, gradientRelativeError, matrixClose } from '../../grader/harness/compare';

const m = (rows: number[][]) => Matrix.from(rows);

describe('comparisons', () => {
  it('accepts errors within atol + rtol·|r| and rejects larger ones', () => {
    expect(compareMatrix('f', m([[1 + 1e-8]]), m([[1]])).ok).toBe(true); // allowed 1e-9 + 1e-7
    expect(compareMatrix('f', m([[1 + 2e-7]]), m([[1]])).ok).toBe(false);
    expect(compareMatrix('f', m([[5e-10]]), m([[0]])).ok).toBe(true);
    expect(compareMatrix('f', m([[2e-9]]), m([[0]])).ok).toBe(false);
  });
  it('reports shape, worst index and counts', () => {
    const d = compareMatrix(
      'c',
      m([
        [1, 2],
        [3, 9],
      ]),
      m([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(d).toMatchObject({
      ok: false,
      mismatches: 1,
      total: 4,
      worstIndex: [1, 1],
      maxAbsError: 5,
      expectedShape: [2, 2],
      actualShape: [2, 2],
    });
    const s = compareMatrix('c', m([[1, 2, 3]]), m([[1], [2], [3]]));
    expect(s).toMatchObject({ ok: false, actualShape: [1, 3], maxAbsError: null, mismatches: 3 });
    expect(compareMatrix('c', null, m([[1]]))).toMatchObject({ ok: false, actualShape: null });
  });
  it('treats NaN and infinities faithfully', () => {
    expect(compareMatrix('g', m([[NaN, Infinity, -Infinity]]), m([[NaN, Infinity, -Infinity]])).ok).toBe(true);
    const d = compareMatrix('g', m([[NaN, 1]]), m([[0, 1]]));
    expect(d).toMatchObject({ ok: false, nanCount: 1, mismatches: 1, worstIndex: [0, 0] });
    expect(compareMatrix('g', m([[Infinity]]), m([[-Infinity]])).ok).toBe(false);
  });
  it('matrixClose says exactly what compareMatrix().ok says, with the same tolerances', () => {
    // Values near each other, equal, special or far apart, so both verdicts come up; shapes that differ sometimes.
    const value = fc.oneof(
      fc.constantFrom(0, 1, -1, 1e-9, 1 + 1e-8, 1 + 2e-7, NaN, Infinity, -Infinity),
      fc.double({ noNaN: false }),
    );
    const matrix = (rows: number, cols: number) =>
      fc
        .array(value, { minLength: rows * cols, maxLength: rows * cols })
        .map((xs) => new Matrix(rows, cols, Float64Array.from(xs)));
    const pair = fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.boolean())
      .chain(([r, c, sameShape]) => fc.tuple(matrix(r, c), sameShape ? matrix(r, c) : matrix(c, r)));
    fc.assert(
      fc.property(pair, fc.constantFrom<[number, number]>([1e-7, 1e-9], [1e-6, 1e-9]), ([a, b], [rtol, atol]) => {
        expect(matrixClose(a, b, rtol, atol)).toBe(compareMatrix('q', a, b, rtol, atol).ok);
        expect(matrixClose(b, b, rtol, atol)).toBe(compareMatrix('q', b, b, rtol, atol).ok);
      }),
      { numRuns: 2000 },
    );
    expect(matrixClose(null, m([[1]]))).toBe(false);
  });
  it('computes the norm-based relative error of gradients', () => {
    expect(gradientRelativeError([m([[3, 4]])], [m([[3, 4]])])).toBe(0);
    // ‖(0, 1)‖ / max(‖(3, 4)‖, ‖(3, 5)‖) = 1 / √34
    expect(gradientRelativeError([m([[3, 4]])], [m([[3, 5]])])).toBeCloseTo(1 / Math.sqrt(34), 12);
    expect(gradientRelativeError([m([[0]])], [m([[0]])])).toBe(0);
  });
});
