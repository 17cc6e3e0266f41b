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
  // TODO: write sigmoid (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 02-forget-gate: sigmoid is not implemented yet. Remove this line and write it (see README.md). / Упражнение 02-forget-gate: sigmoid ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** One step of the forget gate on a batch: f = σ(x·Wfx + hPrev·Wfh + bf), c = f ⊙ cPrev + cNew. */
export function forgetGateForward(
  x: Matrix,
  hPrev: Matrix,
  cPrev: Matrix,
  cNew: Matrix,
  p: ForgetGateParams,
): ForgetGateOutput {
  // TODO: write forgetGateForward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 02-forget-gate: forgetGateForward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 02-forget-gate: forgetGateForward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** Backpropagates dc = ∂L/∂c (N×H) through forgetGateForward. */
export function forgetGateBackward(dc: Matrix, cache: ForgetGateCache): ForgetGateGrads {
  // TODO: write forgetGateBackward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 02-forget-gate: forgetGateBackward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 02-forget-gate: forgetGateBackward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * The fraction of the cell state left after `steps` steps when the gate sees zero input and zero recurrent
 * weights, so that f = σ(bf) at every step: σ(bf)^steps. By the backward pass above this is also ∂C_T/∂C_{T−steps}
 * along the cell-state path, the quantity part 01 plots. `steps` is a count ≥ 0 (0 steps keep everything).
 */
export function retention(bf: number, steps: number): number {
  // TODO: write retention (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 02-forget-gate: retention is not implemented yet. Remove this line and write it (see README.md). / Упражнение 02-forget-gate: retention ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
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
  // TODO: write halfLife (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 02-forget-gate: halfLife is not implemented yet. Remove this line and write it (see README.md). / Упражнение 02-forget-gate: halfLife ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}
