/**
 * Central finite differences of a scalar loss over named matrix inputs, evaluated in batches so
 * a student's forward runs all perturbations in one sandbox round trip.
 */
import { Matrix } from '../../exercises/lib/matrix';

export const FD_STEP = 1e-5;

export type Inputs = Record<string, Matrix>;

/**
 * ∂loss/∂input for every input named in `wrt`, by (L(θ + h) − L(θ − h)) / 2h per element.
 * `lossMany` evaluates the loss for many input sets at once and may return NaN for a failed one.
 */
export async function finiteDifferences(
  inputs: Inputs,
  wrt: string[],
  lossMany: (variants: Inputs[]) => Promise<number[]>,
  h = FD_STEP,
): Promise<Record<string, Matrix>> {
  const variants: Inputs[] = [];
  for (const name of wrt) {
    const base = inputs[name];
    for (let k = 0; k < base.data.length; k++) {
      for (const sign of [1, -1]) {
        const data = Float64Array.from(base.data);
        data[k] += sign * h;
        variants.push({ ...inputs, [name]: new Matrix(base.rows, base.cols, data) });
      }
    }
  }
  const losses = await lossMany(variants);
  const grads: Record<string, Matrix> = {};
  let at = 0;
  for (const name of wrt) {
    const base = inputs[name];
    const g = new Float64Array(base.data.length);
    for (let k = 0; k < g.length; k++, at += 2) g[k] = (losses[at] - losses[at + 1]) / (2 * h);
    grads[name] = new Matrix(base.rows, base.cols, g);
  }
  return grads;
}
