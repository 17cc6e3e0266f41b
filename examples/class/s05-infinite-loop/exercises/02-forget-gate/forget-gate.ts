// An example submission whose forward pass never finishes (a loop whose condition never changes).
import { Matrix } from '../lib/matrix';

export interface ForgetGateParams { Wfx: Matrix; Wfh: Matrix; bf: Matrix }

export function sigmoid(z: Matrix): Matrix {
  return z.sigmoid();
}

export function forgetGateForward(x: Matrix, hPrev: Matrix, cPrev: Matrix, cNew: Matrix, p: ForgetGateParams) {
  let a = x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)).add(p.bf);
  let steps = 0;
  while (steps < 10) {
    a = a.scale(1); // forgot steps++
  }
  const f = a.sigmoid();
  return { f, c: f.mul(cPrev).add(cNew), cache: { x, hPrev, cPrev, f, p } };
}

export function forgetGateBackward(): never {
  throw new Error('not done');
}

export function retention(bf: number, steps: number): number {
  return Math.pow(1 / (1 + Math.exp(-bf)), steps);
}

export function halfLife(bf: number): number {
  return Math.log(0.5) / Math.log(1 / (1 + Math.exp(-bf)));
}
