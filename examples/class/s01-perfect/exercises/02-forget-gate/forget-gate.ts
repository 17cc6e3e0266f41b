/**
 * 02 · The forget gate.
 *
 * A plain recurrent neuron multiplies its state by the same weight W at every step, so after n steps the past is
 * scaled by W^n: it explodes or vanishes. The forget gate replaces that fixed W with a learned multiplier between
 * 0 and 1 that the cell computes afresh at every step:
 *
 *     a = x·Wfx + hPrev·Wfh + bf      the gate's pre-activation (batch in rows, weights on the right)
 *     f = σ(a)                         how much of each state unit to keep
 *     c = f ⊙ cPrev + cNew             the new cell state: the kept past plus the new content
 *
 * Shapes: x N×D, hPrev N×H, cPrev N×H, cNew N×H, Wfx D×H, Wfh H×H, bf 1×H. All numbers are float64.
 * No function here changes its arguments: every Matrix operation returns a new matrix.
 */
import { Matrix } from '../lib/matrix';

/** The forget gate's parameters. */
export interface ForgetGateParams {
  Wfx: Matrix; // D×H  input → gate
  Wfh: Matrix; // H×H  previous output → gate
  bf: Matrix; //  1×H  bias, broadcast over the batch
}

/** What the backward pass needs from the forward pass. */
export interface ForgetGateCache {
  x: Matrix; //     N×D
  hPrev: Matrix; // N×H
  cPrev: Matrix; // N×H
  f: Matrix; //     N×H  the gate itself: σ'(a) = f ⊙ (1 − f), so the pre-activation need not be kept
  Wfx: Matrix; //   D×H
  Wfh: Matrix; //   H×H
}

/** The forward pass's results. */
export interface ForgetGateOutput {
  f: Matrix; // N×H
  c: Matrix; // N×H
  cache: ForgetGateCache;
}

/** The gradient of the loss with respect to every input and parameter of the forward pass, in their shapes. */
export interface ForgetGateGrads {
  dx: Matrix; //     N×D
  dhPrev: Matrix; // N×H
  dcPrev: Matrix; // N×H
  dcNew: Matrix; //  N×H
  dWfx: Matrix; //   D×H
  dWfh: Matrix; //   H×H
  dbf: Matrix; //    1×H
}

/** The logistic function σ(z) = 1 / (1 + e^−z), elementwise; finite for every finite z (σ(±1000) is 1 or 0). */
export function sigmoid(z: Matrix): Matrix {
  // e^z / (1 + e^z) alone is ∞/∞ = NaN at z = 1000; the toolkit's two-branch σ never exponentiates a positive number.
  return z.sigmoid();
}

/** One step of the forget gate on a batch: f = σ(x·Wfx + hPrev·Wfh + bf), c = f ⊙ cPrev + cNew. */
export function forgetGateForward(
  x: Matrix,
  hPrev: Matrix,
  cPrev: Matrix,
  cNew: Matrix,
  p: ForgetGateParams,
): ForgetGateOutput {
  const a = x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)).add(p.bf); // N×H  bf is broadcast over the rows
  const f = sigmoid(a); //                                         N×H  each entry in [0, 1]
  const c = f.mul(cPrev).add(cNew); //                             N×H  the gate scales only the past
  return { f, c, cache: { x, hPrev, cPrev, f, Wfx: p.Wfx, Wfh: p.Wfh } };
}

/** Backpropagates dc = ∂L/∂c (N×H) through forgetGateForward. */
export function forgetGateBackward(dc: Matrix, cache: ForgetGateCache): ForgetGateGrads {
  const { x, hPrev, cPrev, f, Wfx, Wfh } = cache;
  // c = f ⊙ cPrev + cNew: a sum passes its gradient to both terms, a product gives each factor the other one.
  const dcNew = dc; //                          N×H  matrices are immutable, so sharing dc is safe
  const dcPrev = dc.mul(f); //                  N×H  part 01's path: each step scales the gradient by f
  const df = dc.mul(cPrev); //                  N×H
  // f = σ(a) and σ'(a) = σ(a)(1 − σ(a)), written with the output f rather than with a.
  const da = df.mul(f).mul(f.oneMinus()); //    N×H
  // a = x·Wfx + hPrev·Wfh + bf. For Y = X·W: dX = dY·Wᵀ and dW = Xᵀ·dY (the product sums over the batch).
  const dx = da.matmul(Wfx.transpose()); //     N×D
  const dhPrev = da.matmul(Wfh.transpose()); // N×H
  const dWfx = x.transpose().matmul(da); //     D×H
  const dWfh = hPrev.transpose().matmul(da); // H×H
  const dbf = da.sumRows(); //                  1×H  bf was added to every row, so its gradient sums them
  return { dx, dhPrev, dcPrev, dcNew, dWfx, dWfh, dbf };
}

/**
 * The fraction of the cell state left after `steps` steps when the gate sees zero input and zero recurrent
 * weights, so that f = σ(bf) at every step: σ(bf)^steps. By the backward pass above this is also ∂C_T/∂C_{T−steps}
 * along the cell-state path, the quantity part 01 plots. `steps` is a count ≥ 0 (0 steps keep everything).
 */
export function retention(bf: number, steps: number): number {
  // σ(bf) in the stable two-branch form, so that bf = ±1000 gives 1 or 0 and never NaN.
  const keep = bf >= 0 ? 1 / (1 + Math.exp(-bf)) : Math.exp(bf) / (1 + Math.exp(bf));
  return Math.pow(keep, steps);
}

/**
 * The number of steps after which half of the state is left: the real solution of σ(bf)^t = 1/2, that is
 * t = ln(0.5) / ln σ(bf) = ln 2 / (−ln σ(bf)). It is not rounded to whole steps (bf = 0 gives exactly 1 step).
 *
 * Computed as ln 2 / softplus(−bf), with −ln σ(bf) = ln(1 + e^−bf) evaluated by log1p, because σ(bf) rounds to exactly
 * 1 in float64 once bf ≳ 37, where ln σ(bf) would be 0 and the textbook formula would give −Infinity. This way
 * the result stays accurate (≈ ln 2 · e^bf) and positive. Edge cases: bf ≳ 710 gives Infinity (the true value exceeds
 * the largest float64), bf = +Infinity gives Infinity, bf = −Infinity gives 0, NaN gives NaN.
 */
export function halfLife(bf: number): number {
  // softplus(−bf) = ln(1 + e^−bf) = max(−bf, 0) + ln(1 + e^−|bf|): the exponent is never positive, so no overflow.
  const minusLogKeep = Math.max(-bf, 0) + Math.log1p(Math.exp(-Math.abs(bf)));
  return Math.LN2 / minusLogKeep;
}
