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
  // One product per side, split once: the three blocks share the rows of x and of hPrev.
  const [axZ, axR, axN] = x.matmul(p.Wx).add(p.bx).splitCols(3); //     N×H each
  const [ahZ, ahR, ahN] = hPrev.matmul(p.Wh).add(p.bh).splitCols(3); // N×H each
  const z = axZ.add(ahZ).sigmoid(); //                                   N×H
  const r = axR.add(ahR).sigmoid(); //                                   N×H
  const n = axN.add(r.mul(ahN)).tanh(); //                               N×H  ahN already holds bh_n
  const h = z.mul(hPrev).add(z.oneMinus().mul(n)); //                    N×H
  return { h, cache: { x, hPrev, z, r, n, ahN, Wx: p.Wx, Wh: p.Wh } };
}

/** Backpropagates dh = ∂L/∂h (N×H) through gruStep. */
export function gruStepBackward(dh: Matrix, cache: GruStepCache): GruStepGrads {
  const { x, hPrev, z, r, n, ahN, Wx, Wh } = cache;
  // h = z ⊙ hPrev + (1 − z) ⊙ n: each factor of a product gets dh times the other one.
  const dn = dh.mul(z.oneMinus()); //               N×H
  const dz = dh.mul(hPrev.sub(n)); //               N×H
  // n = tanh(an), an = ax_n + r ⊙ ah_n; tanh' = 1 − n².
  const dan = dn.mul(n.mul(n).oneMinus()); //       N×H  this is ∂L/∂ax_n as it stands
  const dahN = dan.mul(r); //                       N×H  r scales the whole recurrent term, bh_n included
  const dr = dan.mul(ahN); //                       N×H
  // σ' written with the gate values; each gate's pre-activation is ax + ah, so both sides get the same gradient.
  const daz = dz.mul(z).mul(z.oneMinus()); //       N×H
  const dar = dr.mul(r).mul(r.oneMinus()); //       N×H
  const dax = Matrix.concatCols([daz, dar, dan]); //  N×3H
  const dah = Matrix.concatCols([daz, dar, dahN]); // N×3H  differs from dax only in the n block
  // ax = x·Wx + bx, ah = hPrev·Wh + bh. For Y = X·W: dX = dY·Wᵀ, dW = Xᵀ·dY; a broadcast bias sums the rows.
  const dx = dax.matmul(Wx.transpose()); //         N×D
  // hPrev reaches h twice: through the three blocks of ah, and directly through z ⊙ hPrev.
  const dhPrev = dah.matmul(Wh.transpose()).add(dh.mul(z)); // N×H
  const dWx = x.transpose().matmul(dax); //         D×3H
  const dWh = hPrev.transpose().matmul(dah); //     H×3H
  const dbx = dax.sumRows(); //                     1×3H
  const dbh = dah.sumRows(); //                     1×3H  its n block is Σ dan ⊙ r, where dbx has Σ dan
  return { dx, dhPrev, dWx, dWh, dbx, dbh };
}

/** Runs the GRU over a sequence xs (T matrices N×D) from the state h0; returns h_1 … h_T. */
export function gruForward(xs: Matrix[], h0: Matrix, p: GruParams): GruSequenceOutput {
  const hs: Matrix[] = [];
  const steps: GruStepCache[] = [];
  let h = h0; // N×H
  for (const x of xs) {
    const step = gruStep(x, h, p);
    h = step.h;
    hs.push(h);
    steps.push(step.cache);
  }
  return { hs, cache: { h0, p, steps } };
}

/**
 * Backpropagation through time: dhs[t] = ∂L/∂h_{t+1} is the gradient the loss puts on each output directly.
 * Returns the gradient for every input, for h0, and for the parameters, summed over the steps that share them.
 */
export function gruBackward(dhs: Matrix[], cache: GruSequenceCache): GruSequenceGrads {
  const { h0, p, steps } = cache;
  let dWx = Matrix.zeros(p.Wx.rows, p.Wx.cols); // D×3H
  let dWh = Matrix.zeros(p.Wh.rows, p.Wh.cols); // H×3H
  let dbx = Matrix.zeros(1, p.bx.cols); //         1×3H
  let dbh = Matrix.zeros(1, p.bh.cols); //         1×3H
  let dhNext = Matrix.zeros(h0.rows, h0.cols); //  N×H  what step t+1 sends back to h_t; nothing after the last step
  const dxs: Matrix[] = []; //                     collected from the last step back to the first
  for (let t = steps.length - 1; t >= 0; t--) {
    // h_t feeds the loss and the next step, so its gradient is the sum of both.
    const g = gruStepBackward(dhs[t].add(dhNext), steps[t]);
    dxs.push(g.dx); //        N×D
    dhNext = g.dhPrev; //     N×H
    // Every step used the same parameters: their gradients add up over time.
    dWx = dWx.add(g.dWx);
    dWh = dWh.add(g.dWh);
    dbx = dbx.add(g.dbx);
    dbh = dbh.add(g.dbh);
  }
  return { dxs: dxs.reverse(), dh0: dhNext, dWx, dWh, dbx, dbh };
}

/**
 * Fresh parameters for D inputs and H units. Weights are uniform in [−1/√H, 1/√H), as PyTorch initialises nn.GRU:
 * Wx drawn with Matrix.random from `seed`, Wh from `seed + 1`. Biases start at zero (as in Keras), so every gate
 * starts half open. The same seed always gives the same parameters.
 */
export function initGru(D: number, H: number, seed: number): GruParams {
  const k = 1 / Math.sqrt(H);
  return {
    Wx: Matrix.random(D, 3 * H, seed, -k, k), //     D×3H
    Wh: Matrix.random(H, 3 * H, seed + 1, -k, k), // H×3H
    bx: Matrix.zeros(1, 3 * H), //                   1×3H
    bh: Matrix.zeros(1, 3 * H), //                   1×3H
  };
}
