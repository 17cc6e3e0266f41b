/**
 * The typical mistakes in a plain RNN cell, each written out as the wrong code would compute it, so the hidden suite
 * can recognise what a student did from what their function returned: tanh′ wrong or missing, the gradient from the
 * future dropped, parameter gradients kept from one step instead of summed over time, a transposed weight, the bias
 * dropped or its gradient averaged. The text of each diagnosis is in the message catalog (hidden.06.mistakes).
 */
import { Matrix } from '../lib/matrix';
import type { RnnParams, RnnSequenceGrads, RnnStepGrads } from './rnn';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

/** How a wrong cell differs from the right one; every knob left out is right. */
interface Knobs {
  activation?: 'none' | 'sigmoid'; //          h = a, or σ(a), instead of tanh(a)
  noBias?: boolean; //                         a without b
  whTransposed?: boolean; //                   hPrev·Whᵀ in the forward, or da·Wh in the backward
  derivative?: 'oneMinusH' | 'none' | 'oneMinusA2'; // instead of 1 − h²
  biasMean?: boolean; //                       db = the mean over the batch instead of the sum
  futureDropped?: boolean; //                  step t gets only dhs[t], not what step t + 1 sends back
  keep?: 'first' | 'last'; //                  parameter gradients of one step only (overwritten, not summed)
}

export interface Mistake {
  id: string;
  knobs: Knobs;
  diagnosis: Localized;
  hint?: Localized;
}

function mistake(id: string, knobs: Knobs): Mistake {
  return {
    id,
    knobs,
    diagnosis: text(`hidden.06.mistakes.${id}.diagnosis`),
    hint: text(`hidden.06.mistakes.${id}.hint`),
  };
}

export const FORWARD_MISTAKES: Mistake[] = [
  mistake('noTanh', { activation: 'none' }),
  mistake('sigmoid', { activation: 'sigmoid' }),
  mistake('noBias', { noBias: true }),
  mistake('whTransposedForward', { whTransposed: true }),
];

export const STEP_BACKWARD_MISTAKES: Mistake[] = [
  mistake('derivativeOneMinusH', { derivative: 'oneMinusH' }),
  mistake('derivativeMissing', { derivative: 'none' }),
  mistake('derivativeOfA', { derivative: 'oneMinusA2' }),
  mistake('whTransposedBackward', { whTransposed: true }),
  mistake('biasMean', { biasMean: true }),
];

export const BPTT_MISTAKES: Mistake[] = [
  mistake('futureDropped', { futureDropped: true }),
  mistake('keptFirstStep', { keep: 'first' }),
  mistake('keptLastStep', { keep: 'last' }),
  ...STEP_BACKWARD_MISTAKES,
];

function preActivation(x: Matrix, hPrev: Matrix, p: RnnParams, k: Knobs): Matrix {
  const wh = k.whTransposed ? p.Wh.transpose() : p.Wh;
  return Matrix.linear(
    [
      [x, p.Wx],
      [hPrev, wh],
    ],
    k.noBias ? undefined : p.b,
  );
}

/** h of one step as the wrong code computes it. */
export function wrongStep(x: Matrix, hPrev: Matrix, p: RnnParams, k: Knobs): Matrix {
  const a = preActivation(x, hPrev, p, k);
  if (k.activation === 'none') return a;
  return k.activation === 'sigmoid' ? a.sigmoid() : a.tanh();
}

/** h_1 … h_T as the wrong code computes them. */
export function wrongForward(xs: Matrix[], h0: Matrix, p: RnnParams, k: Knobs): Matrix[] {
  const hs: Matrix[] = [];
  let h = h0;
  for (const x of xs) hs.push((h = wrongStep(x, h, p, k)));
  return hs;
}

/** One step's gradients as the wrong code computes them (at the right forward values). */
export function wrongStepBackward(dh: Matrix, x: Matrix, hPrev: Matrix, p: RnnParams, k: Knobs): RnnStepGrads {
  const a = preActivation(x, hPrev, p, {});
  const h = a.tanh();
  let derivative = h.mul(h).oneMinus();
  if (k.derivative === 'oneMinusH') derivative = h.oneMinus();
  if (k.derivative === 'none') derivative = Matrix.fill(h.rows, h.cols, 1);
  if (k.derivative === 'oneMinusA2') derivative = a.mul(a).oneMinus();
  const da = dh.mul(derivative);
  const db = da.sumRows();
  return {
    dx: da.matmul(p.Wx.transpose()),
    dhPrev: da.matmul(k.whTransposed ? p.Wh : p.Wh.transpose()),
    dWx: x.transpose().matmul(da),
    dWh: hPrev.transpose().matmul(da),
    db: k.biasMean ? db.scale(1 / da.rows) : db,
  };
}

/** Backpropagation through time as the wrong code computes it (at the right forward values). */
export function wrongBackward(dhs: Matrix[], xs: Matrix[], h0: Matrix, p: RnnParams, k: Knobs): RnnSequenceGrads {
  const hs = wrongForward(xs, h0, p, {});
  const T = xs.length;
  let dhNext = Matrix.zeros(h0.rows, h0.cols);
  let sum: RnnStepGrads | null = null;
  const dxs: Matrix[] = [];
  for (let t = T - 1; t >= 0; t--) {
    const g = wrongStepBackward(k.futureDropped ? dhs[t] : dhs[t].add(dhNext), xs[t], t === 0 ? h0 : hs[t - 1], p, k);
    dxs.unshift(g.dx);
    dhNext = g.dhPrev;
    if (sum === null || k.keep === 'first') sum = k.keep === 'last' && sum !== null ? sum : g;
    else if (k.keep !== 'last') sum = { ...g, dWx: sum.dWx.add(g.dWx), dWh: sum.dWh.add(g.dWh), db: sum.db.add(g.db) };
  }
  const s = sum as RnnStepGrads;
  return { dxs, dh0: dhNext, dWx: s.dWx, dWh: s.dWh, db: s.db };
}
