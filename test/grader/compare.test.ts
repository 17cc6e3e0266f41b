import { describe, expect, it } from 'vitest';
import { Matrix } from '../../exercises/lib/matrix';
import { compareMatrix, gradientRelativeError } from '../../grader/harness/compare';

const m = (rows: number[][]) => Matrix.from(rows);

describe('comparisons', () => {
  it('accepts errors within atol + rtol·|r| and rejects larger ones', () => {
    expect(compareMatrix('f', m([[1 + 1e-8]]), m([[1]])).ok).toBe(true); // allowed 1e-9 + 1e-7
    expect(compareMatrix('f', m([[1 + 2e-7]]), m([[1]])).ok).toBe(false);
    expect(compareMatrix('f', m([[5e-10]]), m([[0]])).ok).toBe(true);
    expect(compareMatrix('f', m([[2e-9]]), m([[0]])).ok).toBe(false);
  });
  it('reports shape, worst index and counts', () => {
    const d = compareMatrix('c', m([[1, 2], [3, 9]]), m([[1, 2], [3, 4]]));
    expect(d).toMatchObject({ ok: false, mismatches: 1, total: 4, worstIndex: [1, 1], maxAbsError: 5, expectedShape: [2, 2], actualShape: [2, 2] });
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
  it('computes the norm-based relative error of gradients', () => {
    expect(gradientRelativeError([m([[3, 4]])], [m([[3, 4]])])).toBe(0);
    // ‖(0, 1)‖ / max(‖(3, 4)‖, ‖(3, 5)‖) = 1 / √34
    expect(gradientRelativeError([m([[3, 4]])], [m([[3, 5]])])).toBeCloseTo(1 / Math.sqrt(34), 12);
    expect(gradientRelativeError([m([[0]])], [m([[0]])])).toBe(0);
  });
});
