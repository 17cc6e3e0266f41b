/**
 * Central finite differences of a scalar loss of the student's own forward over named matrix inputs: every
 * perturbation runs in the sandbox in one round trip.
 */
import { Matrix } from '../../exercises/lib/matrix';
import type { StudentFailure, StudentModule } from './student';

export const FD_STEP = 1e-5;

export type Inputs = Record<string, Matrix>;

/** ∂loss/∂input from the losses of the variants in their order: per input, per element, + h then − h. */
function gradientsFrom(inputs: Inputs, wrt: string[], losses: number[], h: number): Record<string, Matrix> {
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

/** Every path (keys from `root` down) at which `target` itself sits, arrays and plain objects searched. */
function pathsTo(root: unknown, target: object, at: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (root === target) return [at];
  if (depth > 4 || typeof root !== 'object' || root === null || root instanceof Matrix) return [];
  const entries: [string | number, unknown][] = Array.isArray(root)
    ? root.map((v, i): [number, unknown] => [i, v])
    : Object.entries(root);
  return entries.flatMap(([k, v]) => pathsTo(v, target, [...at, k], depth + 1));
}

/**
 * ∂loss/∂input for every matrix named in `wrt`, by (L(θ + h) − L(θ − h)) / 2h per element, where L is `loss` of the
 * student's own forward `fn` at `args`. The matrices named in `wrt` are the very objects inside `args`, each once.
 * The perturbed calls run in the sandbox in one round trip (StudentModule.perturbed), only the `only` fields of each
 * result sent back; `loss` gets each variant's result or StudentFailure, in order.
 */
export async function studentFiniteDifferences(
  student: StudentModule,
  fn: string,
  args: unknown[],
  wrt: Inputs,
  only: string[],
  loss: (outs: (unknown | StudentFailure)[]) => number[],
  h = FD_STEP,
): Promise<Record<string, Matrix>> {
  const names = Object.keys(wrt);
  const leaves = names.map((name) => {
    const found = pathsTo(args, wrt[name]);
    if (found.length !== 1) throw new Error(`finite differences: ${name} is ${found.length} times in the arguments`);
    return found[0];
  });
  const outs = await student.perturbed(fn, args, leaves, { h, only });
  return gradientsFrom(wrt, names, loss(outs), h);
}
