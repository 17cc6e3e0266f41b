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
  // BEGIN SOLUTION
  // All four neurons in one product; splitting afterwards costs one copy of N×4H instead of four products.
  // Matrix.linear computes x·Wx + hPrev·Wh + b in one pass (the same as x.matmul(p.Wx).add(hPrev.matmul(p.Wh)).add(p.b)).
  const a = Matrix.linear(
    [
      [x, p.Wx],
      [hPrev, p.Wh],
    ],
    p.b,
  ); // N×4H
  const [aI, aF, aG, aO] = a.splitCols(4); //                   N×H each, in the block order i, f, g, o
  const i = aI.sigmoid(); // N×H  input gate: how much of the candidate to write
  const f = aF.sigmoid(); // N×H  forget gate: how much of the old state to keep
  const g = aG.tanh(); //    N×H  candidate C̃: the new content, in (−1, 1)
  const o = aO.sigmoid(); // N×H  output gate: how much of the state to show
  const c = f.mul(cPrev).add(i.mul(g)); // N×H  keep part of the past, write part of the candidate (C_new = i ⊙ g)
  const tanhC = c.tanh(); //               N×H  the state squashed into (−1, 1) before it is shown
  const h = o.mul(tanhC); //               N×H
  return { h, c, cache: { x, hPrev, cPrev, i, f, g, o, tanhC, Wx: p.Wx, Wh: p.Wh } };
  // END SOLUTION
}

/**
 * Backpropagates one step. dh = ∂L/∂h (N×H) is what the loss and the later steps send to h; dc = ∂L/∂c (N×H) is
 * the gradient arriving on c from the future (from step t + 1 through its forget gate), zero after the last step.
 */
export function lstmStepBackward(dh: Matrix, dc: Matrix, cache: LstmStepCache): LstmStepGrads {
  // BEGIN SOLUTION
  const { x, hPrev, cPrev, i, f, g, o, tanhC, Wx, Wh } = cache;
  // h = o ⊙ tanh(c): o receives dh ⊙ tanh(c); c receives dh ⊙ o through tanh'(c) = 1 − tanh²(c), and that adds
  // to the dc which already arrives from the future, because c is used twice: by h and by the next step.
  const dO = dh.mul(tanhC); //                                                N×H
  const dcTotal = dc.add(dh.mul(o).mul(tanhC.mul(tanhC).oneMinus())); //     N×H
  // c = f ⊙ cPrev + i ⊙ g: each factor of a product receives the gradient times the other factor.
  const dcPrev = dcTotal.mul(f); // N×H  along the state only f stands between c and cPrev: part 01's gated path
  const dF = dcTotal.mul(cPrev); //  N×H
  const dI = dcTotal.mul(g); //      N×H
  const dG = dcTotal.mul(i); //      N×H
  // Through the activations, with the derivatives written by their outputs: σ' = s ⊙ (1 − s), tanh' = 1 − g².
  const da = Matrix.concatCols([
    dI.mul(i).mul(i.oneMinus()), // da_i  N×H
    dF.mul(f).mul(f.oneMinus()), // da_f  N×H
    dG.mul(g.mul(g).oneMinus()), // da_g  N×H
    dO.mul(o).mul(o.oneMinus()), // da_o  N×H
  ]); //                              N×4H, the blocks back in the order of a
  // a = x·Wx + hPrev·Wh + b. For Y = X·W: dX = dY·Wᵀ and dW = Xᵀ·dY (the product also sums over the batch).
  const dx = da.matmul(Wx.transpose()); //     N×D
  const dhPrev = da.matmul(Wh.transpose()); // N×H
  const dWx = x.transpose().matmul(da); //     D×4H
  const dWh = hPrev.transpose().matmul(da); // H×4H
  const db = da.sumRows(); //                  1×4H  b was added to every row, so its gradient adds them up
  return { dx, dhPrev, dcPrev, dWx, dWh, db };
  // END SOLUTION
}

/** Runs the cell over a sequence xs (T ≥ 1 steps, each N×D) from the state (h0, c0), with the same p at every step. */
export function lstmForward(xs: Matrix[], h0: Matrix, c0: Matrix, p: LstmParams): LstmSequenceOutput {
  // BEGIN SOLUTION
  const hs: Matrix[] = []; //             T of N×H
  const steps: LstmStepCache[] = [];
  let h = h0; //                          N×H  the state each step hands to the next
  let c = c0; //                          N×H
  for (const x of xs) {
    const out = lstmStep(x, h, c, p);
    h = out.h;
    c = out.c;
    hs.push(h);
    steps.push(out.cache);
  }
  return { hs, c, cache: { steps } };
  // END SOLUTION
}

/**
 * Backpropagation through time. dhs[t] = ∂L/∂h_t for the loss's direct use of each output (T of N×H); the loss does
 * not use the last cell state. Returns the gradients of xs, h0, c0 and of the parameters, summed over the steps.
 */
export function lstmBackward(dhs: Matrix[], cache: LstmSequenceCache): LstmSequenceGrads {
  // BEGIN SOLUTION
  const { steps } = cache;
  const { rows: N, cols: H } = dhs[0];
  // What step t + 1 sends back to step t. Nothing comes after the last step, so both start at zero.
  let dhNext = Matrix.zeros(N, H); // N×H  h_t also fed the gates of step t + 1
  let dcNext = Matrix.zeros(N, H); // N×H  c_t also fed the state of step t + 1, through its forget gate
  // The same weights act at every step, so their gradients add up over the steps.
  let dWx = Matrix.zeros(steps[0].Wx.rows, steps[0].Wx.cols); // D×4H
  let dWh = Matrix.zeros(steps[0].Wh.rows, steps[0].Wh.cols); // H×4H
  let db = Matrix.zeros(1, 4 * H); //                            1×4H
  const dxs: Matrix[] = []; //                                   T of N×D, collected from the last step back
  for (let t = steps.length - 1; t >= 0; t--) {
    // h_t is used twice, by the loss and by step t + 1: the gradients of both uses add.
    const grads = lstmStepBackward(dhs[t].add(dhNext), dcNext, steps[t]);
    dxs.push(grads.dx);
    dhNext = grads.dhPrev;
    dcNext = grads.dcPrev;
    dWx = dWx.add(grads.dWx);
    dWh = dWh.add(grads.dWh);
    db = db.add(grads.db);
  }
  return { dxs: dxs.reverse(), dh0: dhNext, dc0: dcNext, dWx, dWh, db };
  // END SOLUTION
}

/**
 * Fresh parameters for D inputs and H units: weights uniform in [−1/√H, 1/√H), Wx and Wh drawn independently from
 * `seed`; biases 0 except the forget gate's, which is 1. With b_f = 0 a fresh cell keeps σ(0) = 1/2 of its state
 * per step and forgets (and stops passing gradient) before it has learned anything; with b_f = 1 it keeps
 * σ(1) ≈ 0.73, so a memory lasts about twice as long: exercise 02's halfLife(1) against halfLife(0)
 * (Jozefowicz, Zaremba and Sutskever, 2015). The same seed always gives the same parameters.
 */
export function initLstm(D: number, H: number, seed: number): LstmParams {
  // BEGIN SOLUTION
  const r = 1 / Math.sqrt(H);
  // One generator hands each matrix a seed of its own: drawing both from `seed` itself would repeat the numbers.
  const next = seededRandom(seed);
  const Wx = Matrix.random(D, 4 * H, next(), -r, r); // D×4H
  const Wh = Matrix.random(H, 4 * H, next(), -r, r); // H×4H
  const zeros = Matrix.zeros(1, H);
  const b = Matrix.concatCols([zeros, Matrix.fill(1, H, 1), zeros, zeros]); // 1×4H: i, f, g, o
  return { Wx, Wh, b };
  // END SOLUTION
}
