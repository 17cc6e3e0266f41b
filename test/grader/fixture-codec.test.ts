import { describe, expect, it } from 'vitest';
import { Matrix } from '../../exercises/lib/matrix';
import { deserializeFixture, parseFixture, serializeFixture, stringifyFixture } from '../../grader/harness/codec';

/** A fixture with what JSON loses: non-finite numbers, matrices (nested, in arrays), typed arrays. */
function sample() {
  return {
    cases: [
      { x: new Matrix(2, 3, Float64Array.from([1, -2.5, NaN, Infinity, -Infinity, 1e-300])), label: 'a', n: 3 },
      { x: new Matrix(0, 4, new Float64Array(0)), label: 'empty', n: NaN },
    ],
    grads: { dW: [new Matrix(1, 2, Float64Array.from([0.1, 0.2])), new Matrix(1, 1, Float64Array.from([-7]))] },
    series: Float64Array.from([1, 2, 3]),
    flags: [true, false, null],
  };
}

function expectSame(got: ReturnType<typeof sample>, want: ReturnType<typeof sample>): void {
  expect(got.cases[0].x).toBeInstanceOf(Matrix);
  expect(got.grads.dW[1]).toBeInstanceOf(Matrix);
  expect(got.cases[0].x.rows).toBe(2);
  expect(got.cases[0].x.cols).toBe(3);
  expect(Array.from(got.cases[0].x.data)).toEqual(Array.from(want.cases[0].x.data));
  expect(got.cases[1].x.rows).toBe(0);
  expect(got.cases[1].n).toBeNaN();
  expect(Array.from(got.grads.dW[0].data)).toEqual([0.1, 0.2]);
  expect(Array.from(got.series)).toEqual([1, 2, 3]);
  expect(got.flags).toEqual([true, false, null]);
  expect(got.cases[0].label).toBe('a');
}

describe('fixture codec', () => {
  it('JSON form keeps NaN, ±Infinity and matrices', () => {
    expectSame(parseFixture(stringifyFixture(sample())), sample());
  });

  it('binary form (fresh cases when grading) keeps the same values as the JSON form', () => {
    const binary = deserializeFixture<ReturnType<typeof sample>>(serializeFixture(sample()));
    expectSame(binary, sample());
    expectSame(binary, parseFixture(stringifyFixture(sample())));
  });

  it('binary form gives each matrix its own data, so a suite that changes one changes nothing else', () => {
    const shared = new Matrix(1, 2, Float64Array.from([1, 2]));
    const got = deserializeFixture<{ a: Matrix; b: Matrix }>(serializeFixture({ a: shared, b: shared }));
    got.a.data[0] = 99;
    expect(got.b.data[0]).toBe(1);
  });
});
