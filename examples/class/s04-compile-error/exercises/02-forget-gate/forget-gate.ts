// An example submission with a syntax error (an unclosed parenthesis on the forward pass's first line).
import { Matrix } from '../lib/matrix';

export interface ForgetGateParams { Wfx: Matrix; Wfh: Matrix; bf: Matrix }

export function sigmoid(z: Matrix): Matrix {
  return z.sigmoid();
}

export function forgetGateForward(x: Matrix, hPrev: Matrix, cPrev: Matrix, cNew: Matrix, p: ForgetGateParams) {
  const a = x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh).add(p.bf;
  const f = a.sigmoid();
  return { f, c: f.mul(cPrev).add(cNew), cache: { x, hPrev, cPrev, f, p } };
}
