/**
 * 06 · Long memory: the plain tanh RNN cell, the network the gates of 02–04 improve on.
 *
 *     a = x·Wx + hPrev·Wh + b          N×H
 *     h = tanh(a)                      N×H
 *
 * Shapes: x N×D, hPrev N×H, Wx D×H, Wh H×H, b 1×H. All numbers are float64; no function changes its arguments.
 * Backpropagation through time multiplies, at every step back, by Whᵀ and by tanh′(a) = 1 − h² (part 01's
 * w·(1 − h_t²) in matrix form): this product is what vanishes over long distances.
 */
import { Matrix, seededRandom } from '../lib/matrix';

/** The cell's parameters. */
export interface RnnParams {
  Wx: Matrix; // D×H  input → state
  Wh: Matrix; // H×H  previous state → state
  b: Matrix; //  1×H
}

/** What the step's backward pass needs from its forward pass. */
export interface RnnStepCache {
  x: Matrix; //     N×D
  hPrev: Matrix; // N×H
  h: Matrix; //     N×H  tanh′ = 1 − h², so the pre-activation is not kept
  Wx: Matrix; //    D×H
  Wh: Matrix; //    H×H
}

export interface RnnStepOutput {
  h: Matrix; // N×H
  cache: RnnStepCache;
}

export interface RnnStepGrads {
  dx: Matrix; //     N×D
  dhPrev: Matrix; // N×H
  dWx: Matrix; //    D×H
  dWh: Matrix; //    H×H
  db: Matrix; //     1×H
}

export interface RnnSequenceCache {
  steps: RnnStepCache[];
}

export interface RnnSequenceOutput {
  hs: Matrix[]; // T of N×H: h_1 … h_T
  cache: RnnSequenceCache;
}

export interface RnnSequenceGrads {
  dxs: Matrix[]; // T of N×D
  dh0: Matrix; //   N×H
  dWx: Matrix; //   D×H
  dWh: Matrix; //   H×H
  db: Matrix; //    1×H
}

/** One step: h = tanh(x·Wx + hPrev·Wh + b). */
export function rnnStep(x: Matrix, hPrev: Matrix, p: RnnParams): RnnStepOutput {
  // TODO: write rnnStep (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 06-long-memory: rnnStep is not implemented yet. Remove this line and write it (see README.md). / Упражнение 06-long-memory: rnnStep ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** Backpropagates one step: dh = ∂L/∂h (N×H), everything that reaches h, from the loss and from the future. */
export function rnnStepBackward(dh: Matrix, cache: RnnStepCache): RnnStepGrads {
  // TODO: write rnnStepBackward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 06-long-memory: rnnStepBackward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 06-long-memory: rnnStepBackward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** Runs the cell over xs (T ≥ 1 steps, each N×D) from h0, with the same p at every step. */
export function rnnForward(xs: Matrix[], h0: Matrix, p: RnnParams): RnnSequenceOutput {
  // TODO: write rnnForward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 06-long-memory: rnnForward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 06-long-memory: rnnForward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Backpropagation through time. dhs[t] = ∂L/∂h_{t+1} is what the loss puts on each output directly (T of N×H).
 * Returns the gradients of xs, h0 and of the parameters, summed over the steps that share them.
 */
export function rnnBackward(dhs: Matrix[], cache: RnnSequenceCache): RnnSequenceGrads {
  // TODO: write rnnBackward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 06-long-memory: rnnBackward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 06-long-memory: rnnBackward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Fresh parameters for D inputs and H units, like initLstm's: Wx and Wh uniform in [−1/√H, 1/√H), each from its
 * own seed drawn from seededRandom(seed) (first Wx's, then Wh's); b = 0.
 */
export function initRnn(D: number, H: number, seed: number): RnnParams {
  // TODO: write initRnn (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 06-long-memory: initRnn is not implemented yet. Remove this line and write it (see README.md). / Упражнение 06-long-memory: initRnn ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}
