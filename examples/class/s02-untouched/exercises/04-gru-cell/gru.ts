/**
 * 04 · The GRU cell.
 *
 * A gated recurrent unit keeps one state h (an LSTM keeps two, c and h) and uses two gates instead of three:
 *
 *     ax = x·Wx + bx ;  ah = hPrev·Wh + bh      both N×3H, split into column blocks z, r, n
 *     z = σ(ax_z + ah_z)                         update gate: how much of the old state to keep
 *     r = σ(ax_r + ah_r)                         reset gate: how much of the old state the candidate may see
 *     n = tanh(ax_n + r ⊙ ah_n)                  candidate state; r multiplies the recurrent term AND its bias bh_n
 *     h = z ⊙ hPrev + (1 − z) ⊙ n                z near 1 keeps the past, z near 0 takes the candidate
 *
 * This is the GRU of PyTorch (nn.GRU) and of Keras 3 (GRU with reset_after=True), written in the Keras layout: the
 * batch in rows, weights on the right, column blocks in the order z, r, n.
 * Shapes: x N×D, hPrev N×H, Wx D×3H, Wh H×3H, bx 1×3H, bh 1×3H. All numbers are float64.
 * No function here changes its arguments: every Matrix operation returns a new matrix.
 */
import { Matrix } from '../lib/matrix';

/** The GRU's parameters; each has three column blocks of width H: z, r, n. */
export interface GruParams {
  Wx: Matrix; // D×3H  input → z, r, n
  Wh: Matrix; // H×3H  previous state → z, r, n
  bx: Matrix; // 1×3H  input-side bias
  bh: Matrix; // 1×3H  recurrent-side bias: in the n block it sits inside r ⊙ (…), so it is not the same as bx
}

/** What the step's backward pass needs from its forward pass. */
export interface GruStepCache {
  x: Matrix; //     N×D
  hPrev: Matrix; // N×H
  z: Matrix; //     N×H  gate values: σ' = σ(1 − σ) and tanh' = 1 − tanh², so no pre-activation is kept
  r: Matrix; //     N×H
  n: Matrix; //     N×H
  ahN: Matrix; //   N×H  hPrev·Wh_n + bh_n, the term the reset gate multiplies
  Wx: Matrix; //    D×3H
  Wh: Matrix; //    H×3H
}

export interface GruStepOutput {
  h: Matrix; // N×H
  cache: GruStepCache;
}

/** The gradient of the loss with respect to every input and parameter of a step, in their shapes. */
export interface GruStepGrads {
  dx: Matrix; //     N×D
  dhPrev: Matrix; // N×H
  dWx: Matrix; //    D×3H
  dWh: Matrix; //    H×3H
  dbx: Matrix; //    1×3H
  dbh: Matrix; //    1×3H
}

/** What backpropagation through time needs: every step's cache, in order. */
export interface GruSequenceCache {
  h0: Matrix; // N×H
  p: GruParams;
  steps: GruStepCache[];
}

export interface GruSequenceOutput {
  hs: Matrix[]; // T matrices N×H: h_1 … h_T (h0 is not included)
  cache: GruSequenceCache;
}

export interface GruSequenceGrads {
  dxs: Matrix[]; // T matrices N×D
  dh0: Matrix; //   N×H
  dWx: Matrix; //   D×3H  summed over the steps
  dWh: Matrix; //   H×3H
  dbx: Matrix; //   1×3H
  dbh: Matrix; //   1×3H
}

/** One GRU step on a batch: from the input x and the previous state hPrev to the new state h. */
export function gruStep(x: Matrix, hPrev: Matrix, p: GruParams): GruStepOutput {
  // TODO: write gruStep (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 04-gru-cell: gruStep is not implemented yet. Remove this line and write it (see README.md). / Упражнение 04-gru-cell: gruStep ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** Backpropagates dh = ∂L/∂h (N×H) through gruStep. */
export function gruStepBackward(dh: Matrix, cache: GruStepCache): GruStepGrads {
  // TODO: write gruStepBackward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 04-gru-cell: gruStepBackward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 04-gru-cell: gruStepBackward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** Runs the GRU over a sequence xs (T matrices N×D) from the state h0; returns h_1 … h_T. */
export function gruForward(xs: Matrix[], h0: Matrix, p: GruParams): GruSequenceOutput {
  // TODO: write gruForward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 04-gru-cell: gruForward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 04-gru-cell: gruForward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Backpropagation through time: dhs[t] = ∂L/∂h_{t+1} is the gradient the loss puts on each output directly.
 * Returns the gradient for every input, for h0, and for the parameters, summed over the steps that share them.
 */
export function gruBackward(dhs: Matrix[], cache: GruSequenceCache): GruSequenceGrads {
  // TODO: write gruBackward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 04-gru-cell: gruBackward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 04-gru-cell: gruBackward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Fresh parameters for D inputs and H units. Weights are uniform in [−1/√H, 1/√H), as PyTorch initialises nn.GRU:
 * Wx drawn with Matrix.random from `seed`, Wh from `seed + 1`. Biases start at zero (as in Keras), so every gate
 * starts half open. The same seed always gives the same parameters.
 */
export function initGru(D: number, H: number, seed: number): GruParams {
  // TODO: write initGru (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 04-gru-cell: initGru is not implemented yet. Remove this line and write it (see README.md). / Упражнение 04-gru-cell: initGru ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}
