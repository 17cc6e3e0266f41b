/**
 * 03 · The LSTM cell.
 *
 * The lesson draws an LSTM cell as four neurons that all read the current input x_t and the previous output h_{t−1}:
 *
 *     forget gate f    how much of the old state C_{t−1} to keep (exercise 02's gate)
 *     input gate i     how much of the candidate to write into the state
 *     candidate g      the new content itself (the lesson's C̃)
 *     output gate o    how much of the squashed state to show as the output h_t
 *
 * With the batch in rows and the weights on the right, the four neurons are one matrix product whose 4H columns hold
 * the blocks in the order i, f, g, o (Keras: i, f, c, o; PyTorch: i, f, g, o with its weights transposed and
 * b = b_ih + b_hh):
 *
 *     a = x·Wx + hPrev·Wh + b                    N×4H, split into a_i, a_f, a_g, a_o
 *     i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
 *     c = f ⊙ cPrev + i ⊙ g                      f forgets; i ⊙ g is the lesson's C_new
 *     h = o ⊙ tanh(c)                            o shapes the output
 *
 * Shapes: x N×D, hPrev N×H, cPrev N×H, Wx D×4H, Wh H×4H, b 1×4H. All numbers are float64.
 * No function here changes its arguments: every Matrix operation returns a new matrix.
 */
import { Matrix, seededRandom } from '../lib/matrix';

/** The cell's parameters: all four neurons side by side, in the column blocks i, f, g, o. */
export interface LstmParams {
  Wx: Matrix; // D×4H  input → gates
  Wh: Matrix; // H×4H  previous output → gates
  b: Matrix; //  1×4H  biases, broadcast over the batch
}

/** What lstmStepBackward needs from lstmStep. */
export interface LstmStepCache {
  x: Matrix; //     N×D
  hPrev: Matrix; // N×H
  cPrev: Matrix; // N×H
  i: Matrix; //     N×H  the gates after their activations: σ' and tanh' are written with these,
  f: Matrix; //     N×H  so the pre-activations need not be kept
  g: Matrix; //     N×H
  o: Matrix; //     N×H
  tanhC: Matrix; // N×H  tanh(c), used by h and by tanh'(c) = 1 − tanh²(c)
  Wx: Matrix; //    D×4H
  Wh: Matrix; //    H×4H
}

export interface LstmStepOutput {
  h: Matrix; // N×H
  c: Matrix; // N×H
  cache: LstmStepCache;
}

/** ∂L/∂ of every input and parameter of one step, each in its own shape. */
export interface LstmStepGrads {
  dx: Matrix; //     N×D
  dhPrev: Matrix; // N×H
  dcPrev: Matrix; // N×H
  dWx: Matrix; //    D×4H
  dWh: Matrix; //    H×4H
  db: Matrix; //     1×4H
}

/** What lstmBackward needs from lstmForward: the cache of every step, in time order. */
export interface LstmSequenceCache {
  steps: LstmStepCache[];
}

export interface LstmSequenceOutput {
  hs: Matrix[]; // T of N×H: h_1 … h_T
  c: Matrix; //   N×H: the last cell state c_T
  cache: LstmSequenceCache;
}

/** ∂L/∂ of every input of the sequence; the parameter gradients are summed over the T steps. */
export interface LstmSequenceGrads {
  dxs: Matrix[]; // T of N×D
  dh0: Matrix; //   N×H
  dc0: Matrix; //   N×H
  dWx: Matrix; //   D×4H
  dWh: Matrix; //   H×4H
  db: Matrix; //    1×4H
}

/** One step of the cell on a batch: the four neurons, the new state c and the new output h. */
export function lstmStep(x: Matrix, hPrev: Matrix, cPrev: Matrix, p: LstmParams): LstmStepOutput {
  // TODO: write lstmStep (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 03-lstm-cell: lstmStep is not implemented yet. Remove this line and write it (see README.md). / Упражнение 03-lstm-cell: lstmStep ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Backpropagates one step. dh = ∂L/∂h (N×H) is what the loss and the later steps send to h; dc = ∂L/∂c (N×H) is
 * the gradient arriving on c from the future (from step t + 1 through its forget gate), zero after the last step.
 */
export function lstmStepBackward(dh: Matrix, dc: Matrix, cache: LstmStepCache): LstmStepGrads {
  // TODO: write lstmStepBackward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 03-lstm-cell: lstmStepBackward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 03-lstm-cell: lstmStepBackward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** Runs the cell over a sequence xs (T ≥ 1 steps, each N×D) from the state (h0, c0), with the same p at every step. */
export function lstmForward(xs: Matrix[], h0: Matrix, c0: Matrix, p: LstmParams): LstmSequenceOutput {
  // TODO: write lstmForward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 03-lstm-cell: lstmForward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 03-lstm-cell: lstmForward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Backpropagation through time. dhs[t] = ∂L/∂h_t for the loss's direct use of each output (T of N×H); the loss does
 * not use the last cell state. Returns the gradients of xs, h0, c0 and of the parameters, summed over the steps.
 */
export function lstmBackward(dhs: Matrix[], cache: LstmSequenceCache): LstmSequenceGrads {
  // TODO: write lstmBackward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 03-lstm-cell: lstmBackward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 03-lstm-cell: lstmBackward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Fresh parameters for D inputs and H units: weights uniform in [−1/√H, 1/√H), Wx and Wh drawn independently from
 * `seed`; biases 0 except the forget gate's, which is 1. With b_f = 0 a fresh cell keeps σ(0) = 1/2 of its state
 * per step and forgets (and stops passing gradient) before it has learned anything; with b_f = 1 it keeps
 * σ(1) ≈ 0.73, so a memory lasts about twice as long: exercise 02's halfLife(1) against halfLife(0)
 * (Jozefowicz, Zaremba and Sutskever, 2015). The same seed always gives the same parameters.
 */
export function initLstm(D: number, H: number, seed: number): LstmParams {
  // TODO: write initLstm (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 03-lstm-cell: initLstm is not implemented yet. Remove this line and write it (see README.md). / Упражнение 03-lstm-cell: initLstm ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}
