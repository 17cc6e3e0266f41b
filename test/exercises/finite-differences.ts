/**
 * Central finite differences for the reference tests, written here on purpose rather than taken from the grader's
 * harness: the references are proved without trusting the code that grades students. float64, h = 1e-5, and the
 * course's norm-based relative error, ≤ 1e-6 to agree.
 */
import { Matrix } from '../../exercises/lib/matrix';

export const FD_STEP = 1e-5;
export const FD_TOL = 1e-6;

/** ‖a − b‖ / max(‖a‖, ‖b‖, 1e-12), or Infinity when the shapes differ. */
export function relativeError(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) return Infinity;
  return a.sub(b).norm() / Math.max(a.norm(), b.norm(), 1e-12);
}

/** Central differences of `loss` with respect to every entry of `input`. */
export function numericGradient(input: Matrix, loss: (moved: Matrix) => number): Matrix {
  return input.map((_, r, c) => {
    const at = (delta: number) => {
      const data = Float64Array.from(input.data);
      data[r * input.cols + c] += delta;
      return loss(new Matrix(input.rows, input.cols, data));
    };
    return (at(FD_STEP) - at(-FD_STEP)) / (2 * FD_STEP);
  });
}
