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
  // BEGIN SOLUTION
  const h = Matrix.linear(
    [
      [x, p.Wx],
      [hPrev, p.Wh],
    ],
    p.b,
  ).tanh(); // N×H
  return { h, cache: { x, hPrev, h, Wx: p.Wx, Wh: p.Wh } };
  // END SOLUTION
}

/** Backpropagates one step: dh = ∂L/∂h (N×H), everything that reaches h, from the loss and from the future. */
export function rnnStepBackward(dh: Matrix, cache: RnnStepCache): RnnStepGrads {
  // BEGIN SOLUTION
  const { x, hPrev, h, Wx, Wh } = cache;
  const da = dh.mul(h.mul(h).oneMinus()); //     N×H  tanh′(a) = 1 − tanh²(a) = 1 − h²
  const dx = da.matmul(Wx.transpose()); //       N×D
  const dhPrev = da.matmul(Wh.transpose()); //   N×H
  const dWx = x.transpose().matmul(da); //       D×H
  const dWh = hPrev.transpose().matmul(da); //   H×H
  const db = da.sumRows(); //                    1×H  b was added to every row
  return { dx, dhPrev, dWx, dWh, db };
  // END SOLUTION
}

/** Runs the cell over xs (T ≥ 1 steps, each N×D) from h0, with the same p at every step. */
export function rnnForward(xs: Matrix[], h0: Matrix, p: RnnParams): RnnSequenceOutput {
  // BEGIN SOLUTION
  const hs: Matrix[] = [];
  const steps: RnnStepCache[] = [];
  let h = h0; // N×H
  for (const x of xs) {
    const out = rnnStep(x, h, p);
    h = out.h;
    hs.push(h);
    steps.push(out.cache);
  }
  return { hs, cache: { steps } };
  // END SOLUTION
}

/**
 * Backpropagation through time. dhs[t] = ∂L/∂h_{t+1} is what the loss puts on each output directly (T of N×H).
 * Returns the gradients of xs, h0 and of the parameters, summed over the steps that share them.
 */
export function rnnBackward(dhs: Matrix[], cache: RnnSequenceCache): RnnSequenceGrads {
  // BEGIN SOLUTION
  const { steps } = cache;
  const first = steps[0];
  let dhNext = Matrix.zeros(first.hPrev.rows, first.hPrev.cols); // N×H  from step t + 1; nothing after the last
  let dWx = Matrix.zeros(first.Wx.rows, first.Wx.cols); //         D×H
  let dWh = Matrix.zeros(first.Wh.rows, first.Wh.cols); //         H×H
  let db = Matrix.zeros(1, first.Wh.cols); //                      1×H
  const dxs: Matrix[] = [];
  for (let t = steps.length - 1; t >= 0; t--) {
    // h_t feeds the loss and step t + 1: both gradients add.
    const g = rnnStepBackward(dhs[t].add(dhNext), steps[t]);
    dxs.push(g.dx);
    dhNext = g.dhPrev;
    dWx = dWx.add(g.dWx);
    dWh = dWh.add(g.dWh);
    db = db.add(g.db);
  }
  return { dxs: dxs.reverse(), dh0: dhNext, dWx, dWh, db };
  // END SOLUTION
}

/**
 * Fresh parameters for D inputs and H units, like initLstm's: Wx and Wh uniform in [−1/√H, 1/√H), each from its
 * own seed drawn from seededRandom(seed) (first Wx's, then Wh's); b = 0.
 */
export function initRnn(D: number, H: number, seed: number): RnnParams {
  // BEGIN SOLUTION
  const r = 1 / Math.sqrt(H);
  const next = seededRandom(seed);
  const Wx = Matrix.random(D, H, next(), -r, r); // D×H
  const Wh = Matrix.random(H, H, next(), -r, r); // H×H
  return { Wx, Wh, b: Matrix.zeros(1, H) };
  // END SOLUTION
}
