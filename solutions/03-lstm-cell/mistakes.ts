/**
 * Realistic wrong LSTM cells, for diagnosis. Trusted side only: never shipped to students.
 *
 * Each mistake is the reference with one line of the math changed, written as a replacement of one named part of
 * the computation; two mistakes that replace different parts combine into one wrong cell (`combine`), so a
 * submission with two slips is recognised too. When a student's outputs match a mistake's outputs on the same
 * inputs (and not the reference's), the grader says what is wrong instead of "mismatch". `affects` lists exactly
 * the outputs that differ from the reference on DIAGNOSTIC_SHAPE (cases.ts) with non-zero states; several
 * mistakes vanish at a zero state, in saturation, or with N = 1, so diagnose on such a case.
 * The texts name the gate, the term and the line of math, and never contain expected numbers; they are in the message
 * catalog under mistakes.03.<id>.
 */
import { Matrix } from '../lib/matrix';
import {
  lstmStep,
  lstmStepBackward,
  type LstmParams,
  type LstmSequenceGrads,
  type LstmStepCache,
  type LstmStepGrads,
  type LstmStepOutput,
} from './lstm';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

interface MistakeText {
  id: string;
  /** What is wrong, naming the gate or term and the line of math. */
  diagnosis: Localized;
  /** How to put it right. */
  hint: Localized;
  /** What is still right when this is the only mistake (not said of a pair, where it may not hold). */
  aloneRight?: Localized;
}

/** The diagnosis of a mistake found on its own, with what is still right. */
export function aloneText(m: MistakeText): Localized {
  if (!m.aloneRight) return m.diagnosis;
  return { en: `${m.diagnosis.en} ${m.aloneRight.en}`, ru: `${m.diagnosis.ru} ${m.aloneRight.ru}` };
}

const C_IS_RIGHT: Localized = text('mistakes.03.cIsRight');

/** The four gates' values (or their pre-activations, or their gradients), by name. */
export interface Blocks {
  i: Matrix;
  f: Matrix;
  g: Matrix;
  o: Matrix;
}

// ---- One step, forward ----

type StepForward = (x: Matrix, hPrev: Matrix, cPrev: Matrix, p: LstmParams) => LstmStepOutput;

/** The reference forward, one replaceable part per line of the math. */
export interface ForwardParts {
  a: (x: Matrix, hPrev: Matrix, cPrev: Matrix, p: LstmParams) => Matrix; // N×4H
  split: (a: Matrix) => Blocks; //                                          N×H each: which block is which gate
  activate: (a: Blocks) => Blocks; //                                       N×H each
  c: (z: Blocks, cPrev: Matrix) => Matrix; //                               N×H
  h: (o: Matrix, c: Matrix, cPrev: Matrix) => Matrix; //                    N×H
}

const inOrder =
  (order: readonly (keyof Blocks)[]) =>
  (a: Matrix): Blocks => {
    const blocks = a.splitCols(4);
    return {
      [order[0]]: blocks[0],
      [order[1]]: blocks[1],
      [order[2]]: blocks[2],
      [order[3]]: blocks[3],
    } as unknown as Blocks;
  };

const REFERENCE_FORWARD: ForwardParts = {
  a: (x, hPrev, _cPrev, p) => x.matmul(p.Wx).add(hPrev.matmul(p.Wh)).add(p.b),
  split: inOrder(['i', 'f', 'g', 'o']),
  activate: (a) => ({ i: a.i.sigmoid(), f: a.f.sigmoid(), g: a.g.tanh(), o: a.o.sigmoid() }),
  c: (z, cPrev) => z.f.mul(cPrev).add(z.i.mul(z.g)),
  h: (o, c) => o.mul(c.tanh()),
};

export function forwardWith(wrong: Partial<ForwardParts>): StepForward {
  const parts = { ...REFERENCE_FORWARD, ...wrong };
  return (x, hPrev, cPrev, p) => {
    const z = parts.activate(parts.split(parts.a(x, hPrev, cPrev, p)));
    const c = parts.c(z, cPrev);
    const h = parts.h(z.o, c, cPrev);
    return { h, c, cache: { x, hPrev, cPrev, ...z, tanhC: c.tanh(), Wx: p.Wx, Wh: p.Wh } };
  };
}

export interface ForwardMistake extends MistakeText {
  parts: Partial<ForwardParts>;
  affects: readonly ('h' | 'c')[];
}

/** Each H×H block of Wh transposed: what per-gate code written as PyTorch's W_hh·h gives in our layout. */
function blocksTransposed(W: Matrix): Matrix {
  return Matrix.concatCols(W.splitCols(4).map((block) => block.transpose()));
}

const ORDER_HINT: Localized = text('mistakes.03.orderHint');

export const FORWARD_MISTAKES: readonly ForwardMistake[] = [
  {
    id: 'blocks-ifog',
    parts: { split: inOrder(['i', 'f', 'o', 'g']) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.blocks-ifog.diagnosis'),
    hint: ORDER_HINT,
  },
  {
    id: 'blocks-igfo',
    parts: { split: inOrder(['i', 'g', 'f', 'o']) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.blocks-igfo.diagnosis'),
    hint: ORDER_HINT,
  },
  {
    id: 'blocks-iofg',
    parts: { split: inOrder(['i', 'o', 'f', 'g']) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.blocks-iofg.diagnosis'),
    hint: ORDER_HINT,
  },
  {
    id: 'input-forget-swapped',
    parts: { split: inOrder(['f', 'i', 'g', 'o']) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.input-forget-swapped.diagnosis'),
    hint: text('mistakes.03.input-forget-swapped.hint'),
  },
  {
    id: 'candidate-sigmoid',
    parts: { activate: (a) => ({ i: a.i.sigmoid(), f: a.f.sigmoid(), g: a.g.sigmoid(), o: a.o.sigmoid() }) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.candidate-sigmoid.diagnosis'),
    hint: text('mistakes.03.candidate-sigmoid.hint'),
  },
  {
    id: 'output-no-tanh',
    parts: { h: (o, c) => o.mul(c) },
    affects: ['h'],
    diagnosis: text('mistakes.03.output-no-tanh.diagnosis'),
    aloneRight: C_IS_RIGHT,
    hint: text('mistakes.03.output-no-tanh.hint'),
  },
  {
    id: 'output-tanh-outside',
    parts: { h: (o, c) => o.mul(c).tanh() },
    affects: ['h'],
    diagnosis: text('mistakes.03.output-tanh-outside.diagnosis'),
    aloneRight: C_IS_RIGHT,
    hint: text('mistakes.03.output-tanh-outside.hint'),
  },
  {
    id: 'output-sigmoid',
    parts: { h: (o, c) => o.mul(c.sigmoid()) },
    affects: ['h'],
    diagnosis: text('mistakes.03.output-sigmoid.diagnosis'),
    aloneRight: C_IS_RIGHT,
    hint: text('mistakes.03.output-sigmoid.hint'),
  },
  {
    id: 'output-from-old-state',
    parts: { h: (o, _c, cPrev) => o.mul(cPrev.tanh()) },
    affects: ['h'],
    diagnosis: text('mistakes.03.output-from-old-state.diagnosis'),
    aloneRight: C_IS_RIGHT,
    hint: text('mistakes.03.output-from-old-state.hint'),
  },
  {
    id: 'input-gate-not-applied',
    parts: { c: (z, cPrev) => z.f.mul(cPrev).add(z.g) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.input-gate-not-applied.diagnosis'),
    hint: text('mistakes.03.input-gate-not-applied.hint'),
  },
  {
    id: 'input-gate-coupled',
    parts: { c: (z, cPrev) => z.f.mul(cPrev).add(z.f.oneMinus().mul(z.g)) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.input-gate-coupled.diagnosis'),
    hint: text('mistakes.03.input-gate-coupled.hint'),
  },
  {
    id: 'bias-dropped',
    parts: { a: (x, hPrev, _cPrev, p) => x.matmul(p.Wx).add(hPrev.matmul(p.Wh)) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.bias-dropped.diagnosis'),
    hint: text('mistakes.03.bias-dropped.hint'),
  },
  {
    id: 'bias-twice',
    parts: { a: (x, hPrev, cPrev, p) => REFERENCE_FORWARD.a(x, hPrev, cPrev, p).add(p.b) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.bias-twice.diagnosis'),
    hint: text('mistakes.03.bias-twice.hint'),
  },
  {
    id: 'recurrent-term-missing',
    parts: { a: (x, _hPrev, _cPrev, p) => x.matmul(p.Wx).add(p.b) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.recurrent-term-missing.diagnosis'),
    hint: text('mistakes.03.recurrent-term-missing.hint'),
  },
  {
    id: 'recurrent-uses-state',
    parts: { a: (x, _hPrev, cPrev, p) => x.matmul(p.Wx).add(cPrev.matmul(p.Wh)).add(p.b) },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.recurrent-uses-state.diagnosis'),
    hint: text('mistakes.03.recurrent-uses-state.hint'),
  },
  {
    id: 'recurrent-blocks-transposed',
    parts: {
      a: (x, hPrev, _cPrev, p) =>
        x
          .matmul(p.Wx)
          .add(hPrev.matmul(blocksTransposed(p.Wh)))
          .add(p.b),
    },
    affects: ['h', 'c'],
    diagnosis: text('mistakes.03.recurrent-blocks-transposed.diagnosis'),
    hint: text('mistakes.03.recurrent-blocks-transposed.hint'),
  },
];

// ---- One step, backward ----

type StepBackward = (dh: Matrix, dc: Matrix, k: LstmStepCache) => LstmStepGrads;

/** The reference backward, one replaceable part per line of the math. */
export interface BackwardParts {
  dO: (dh: Matrix, k: LstmStepCache) => Matrix; //                       N×H  through h = o ⊙ tanh(c) to o
  dcTotal: (dh: Matrix, dc: Matrix, k: LstmStepCache) => Matrix; //      N×H  … to c, plus the future's dc
  dcPrev: (dcTotal: Matrix, k: LstmStepCache) => Matrix; //              N×H
  dGates: (dcTotal: Matrix, k: LstmStepCache) => { dI: Matrix; dF: Matrix; dG: Matrix };
  daGate: (dGate: Matrix, gate: Matrix) => Matrix; //                    N×H  through σ, for i, f and o
  daCandidate: (dG: Matrix, g: Matrix) => Matrix; //                     N×H  through tanh, for g
  concat: (da: Blocks) => Matrix; //                                      N×4H
  dWx: (da: Matrix, k: LstmStepCache) => Matrix; //                      D×4H
  db: (da: Matrix) => Matrix; //                                          1×4H
}

const REFERENCE_BACKWARD: BackwardParts = {
  dO: (dh, k) => dh.mul(k.tanhC),
  dcTotal: (dh, dc, k) => dc.add(dh.mul(k.o).mul(k.tanhC.mul(k.tanhC).oneMinus())),
  dcPrev: (dcTotal, k) => dcTotal.mul(k.f),
  dGates: (dcTotal, k) => ({ dI: dcTotal.mul(k.g), dF: dcTotal.mul(k.cPrev), dG: dcTotal.mul(k.i) }),
  daGate: (d, s) => d.mul(s).mul(s.oneMinus()),
  daCandidate: (dG, g) => dG.mul(g.mul(g).oneMinus()),
  concat: (da) => Matrix.concatCols([da.i, da.f, da.g, da.o]),
  dWx: (da, k) => k.x.transpose().matmul(da),
  db: (da) => da.sumRows(),
};

export function backwardWith(wrong: Partial<BackwardParts>): StepBackward {
  const parts = { ...REFERENCE_BACKWARD, ...wrong };
  return (dh, dc, k) => {
    const dcTotal = parts.dcTotal(dh, dc, k);
    const { dI, dF, dG } = parts.dGates(dcTotal, k);
    const da = parts.concat({
      i: parts.daGate(dI, k.i),
      f: parts.daGate(dF, k.f),
      g: parts.daCandidate(dG, k.g),
      o: parts.daGate(parts.dO(dh, k), k.o),
    });
    return {
      dx: da.matmul(k.Wx.transpose()),
      dhPrev: da.matmul(k.Wh.transpose()),
      dcPrev: parts.dcPrev(dcTotal, k),
      dWx: parts.dWx(da, k),
      dWh: k.hPrev.transpose().matmul(da),
      db: parts.db(da),
    };
  };
}

export type StepGradName = keyof LstmStepGrads;

export interface BackwardMistake extends MistakeText {
  parts: Partial<BackwardParts>;
  affects: readonly StepGradName[];
}

/** Every gradient that flows through the pre-activation a. */
const THROUGH_A: readonly StepGradName[] = ['dx', 'dhPrev', 'dWx', 'dWh', 'db'];
const logit = (s: Matrix) => s.map((v) => Math.log(v) - Math.log1p(-v)); // σ⁻¹: the pre-activation from a gate
const atanh = (t: Matrix) => t.map((v) => Math.atanh(v)); //             tanh⁻¹: c from tanh(c), a_g from g

export const BACKWARD_MISTAKES: readonly BackwardMistake[] = [
  {
    id: 'step-ignores-future-dc',
    parts: { dcTotal: (dh, _dc, k) => dh.mul(k.o).mul(k.tanhC.mul(k.tanhC).oneMinus()) },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: text('mistakes.03.step-ignores-future-dc.diagnosis'),
    hint: text('mistakes.03.step-ignores-future-dc.hint'),
  },
  {
    id: 'cell-tanh-derivative-missing',
    parts: { dcTotal: (dh, dc, k) => dc.add(dh.mul(k.o)) },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: text('mistakes.03.cell-tanh-derivative-missing.diagnosis'),
    aloneRight: text('mistakes.03.cell-tanh-derivative-missing.aloneRight'),
    hint: text('mistakes.03.cell-tanh-derivative-missing.hint'),
  },
  {
    id: 'cell-tanh-derivative-of-output',
    parts: {
      dcTotal: (dh, dc, k) => {
        const h = k.o.mul(k.tanhC);
        return dc.add(dh.mul(k.o).mul(h.mul(h).oneMinus()));
      },
    },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: text('mistakes.03.cell-tanh-derivative-of-output.diagnosis'),
    hint: text('mistakes.03.cell-tanh-derivative-of-output.hint'),
  },
  {
    id: 'cell-tanh-derivative-of-state',
    parts: {
      dcTotal: (dh, dc, k) => {
        const c = atanh(k.tanhC);
        return dc.add(dh.mul(k.o).mul(c.mul(c).oneMinus()));
      },
    },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: text('mistakes.03.cell-tanh-derivative-of-state.diagnosis'),
    hint: text('mistakes.03.cell-tanh-derivative-of-state.hint'),
  },
  {
    id: 'output-gate-gradient-uses-state',
    parts: { dO: (dh, k) => dh.mul(atanh(k.tanhC)) },
    affects: THROUGH_A,
    diagnosis: text('mistakes.03.output-gate-gradient-uses-state.diagnosis'),
    hint: text('mistakes.03.output-gate-gradient-uses-state.hint'),
  },
  {
    id: 'sigmoid-derivative-of-preactivation',
    parts: {
      daGate: (d, s) => {
        const a = logit(s);
        return d.mul(a).mul(a.oneMinus());
      },
    },
    affects: THROUGH_A,
    diagnosis: text('mistakes.03.sigmoid-derivative-of-preactivation.diagnosis'),
    hint: text('mistakes.03.sigmoid-derivative-of-preactivation.hint'),
  },
  {
    id: 'candidate-derivative-sigmoid',
    parts: { daCandidate: (dG, g) => dG.mul(g).mul(g.oneMinus()) },
    affects: THROUGH_A,
    diagnosis: text('mistakes.03.candidate-derivative-sigmoid.diagnosis'),
    aloneRight: text('mistakes.03.candidate-derivative-sigmoid.aloneRight'),
    hint: text('mistakes.03.candidate-derivative-sigmoid.hint'),
  },
  {
    id: 'candidate-derivative-of-preactivation',
    parts: {
      daCandidate: (dG, g) => {
        const aG = atanh(g);
        return dG.mul(aG.mul(aG).oneMinus());
      },
    },
    affects: THROUGH_A,
    diagnosis: text('mistakes.03.candidate-derivative-of-preactivation.diagnosis'),
    hint: text('mistakes.03.candidate-derivative-of-preactivation.hint'),
  },
  {
    id: 'state-gradient-ungated',
    parts: { dcPrev: (dcTotal) => dcTotal },
    affects: ['dcPrev'],
    diagnosis: text('mistakes.03.state-gradient-ungated.diagnosis'),
    hint: text('mistakes.03.state-gradient-ungated.hint'),
  },
  {
    id: 'forget-product-factors-swapped',
    parts: {
      dcPrev: (dcTotal, k) => dcTotal.mul(k.cPrev),
      dGates: (dcTotal, k) => ({ dI: dcTotal.mul(k.g), dF: dcTotal.mul(k.f), dG: dcTotal.mul(k.i) }),
    },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: text('mistakes.03.forget-product-factors-swapped.diagnosis'),
    hint: text('mistakes.03.forget-product-factors-swapped.hint'),
  },
  {
    id: 'input-product-factors-swapped',
    parts: { dGates: (dcTotal, k) => ({ dI: dcTotal.mul(k.i), dF: dcTotal.mul(k.cPrev), dG: dcTotal.mul(k.g) }) },
    affects: THROUGH_A,
    diagnosis: text('mistakes.03.input-product-factors-swapped.diagnosis'),
    hint: text('mistakes.03.input-product-factors-swapped.hint'),
  },
  {
    id: 'gradient-blocks-ifog',
    parts: { concat: (da) => Matrix.concatCols([da.i, da.f, da.o, da.g]) },
    affects: THROUGH_A,
    diagnosis: text('mistakes.03.gradient-blocks-ifog.diagnosis'),
    hint: text('mistakes.03.gradient-blocks-ifog.hint'),
  },
  {
    id: 'bias-gradient-averaged',
    parts: { db: (da) => da.sumRows().scale(1 / da.rows) },
    affects: ['db'],
    diagnosis: text('mistakes.03.bias-gradient-averaged.diagnosis'),
    hint: text('mistakes.03.bias-gradient-averaged.hint'),
  },
  {
    id: 'input-weight-gradient-one-row',
    parts: {
      dWx: (da, k) =>
        Matrix.from([k.x.toArray()[0]])
          .transpose()
          .matmul(Matrix.from([da.toArray()[0]])),
    },
    affects: ['dWx'],
    diagnosis: text('mistakes.03.input-weight-gradient-one-row.diagnosis'),
    hint: text('mistakes.03.input-weight-gradient-one-row.hint'),
  },
];

// ---- Sequences ----

type SequenceForward = (xs: Matrix[], h0: Matrix, c0: Matrix, p: LstmParams) => { hs: Matrix[]; c: Matrix };

export interface SequenceMistake extends MistakeText {
  forward: SequenceForward;
}

/** Runs the reference step over xs; `carry` decides which state each step starts from. */
function chain(carry: (t: number, h: Matrix, c: Matrix, h0: Matrix, c0: Matrix) => [Matrix, Matrix]): SequenceForward {
  return (xs, h0, c0, p) => {
    let h = h0;
    let c = c0;
    const hs: Matrix[] = [];
    xs.forEach((x, t) => {
      const [hPrev, cPrev] = carry(t, h, c, h0, c0);
      const out = lstmStep(x, hPrev, cPrev, p);
      h = out.h;
      c = out.c;
      hs.push(h);
    });
    return { hs, c };
  };
}

export const SEQUENCE_MISTAKES: readonly SequenceMistake[] = [
  {
    id: 'sequence-state-not-carried',
    forward: chain((_t, _h, _c, h0, c0) => [h0, c0]),
    diagnosis: text('mistakes.03.sequence-state-not-carried.diagnosis'),
    hint: text('mistakes.03.sequence-state-not-carried.hint'),
  },
  {
    id: 'sequence-cell-not-carried',
    forward: chain((_t, h, _c, _h0, c0) => [h, c0]),
    diagnosis: text('mistakes.03.sequence-cell-not-carried.diagnosis'),
    hint: text('mistakes.03.sequence-cell-not-carried.hint'),
  },
  {
    id: 'sequence-output-not-carried',
    forward: chain((_t, _h, c, h0) => [h0, c]),
    diagnosis: text('mistakes.03.sequence-output-not-carried.diagnosis'),
    hint: text('mistakes.03.sequence-output-not-carried.hint'),
  },
  {
    id: 'sequence-outputs-shifted',
    forward: (xs, h0, c0, p) => {
      const { hs, c } = chain((_t, h, cc) => [h, cc])(xs, h0, c0, p);
      return { hs: [h0, ...hs.slice(0, -1)], c };
    },
    diagnosis: text('mistakes.03.sequence-outputs-shifted.diagnosis'),
    hint: text('mistakes.03.sequence-outputs-shifted.hint'),
  },
];

// ---- Backpropagation through time ----

type Bptt = (dhs: Matrix[], steps: LstmStepCache[]) => LstmSequenceGrads;

export interface BpttMistake extends MistakeText {
  backward: Bptt;
}

interface BpttOptions {
  /** Add dcPrev of step t + 1 to step t (the future's dc). */
  carryDc?: boolean;
  /** How step t's dh is formed from dhs[t] and dhPrev of step t + 1. */
  dh?: 'sum' | 'loss-only' | 'replace';
  /** How the parameter gradients of the steps are combined. */
  params?: 'sum' | 'first-step' | 'last-step' | 'mean';
  /** Walk the steps from the first to the last instead of from the last to the first. */
  forwardInTime?: boolean;
}

/** The reference BPTT with its choices exposed. */
export function bpttWith(opts: BpttOptions): Bptt {
  const { carryDc = true, dh = 'sum', params = 'sum', forwardInTime = false } = opts;
  return (dhs, steps) => {
    const T = steps.length;
    const { rows: N, cols: H } = dhs[0];
    let dhNext = Matrix.zeros(N, H);
    let dcNext = Matrix.zeros(N, H);
    const perStep: LstmStepGrads[] = new Array<LstmStepGrads>(T);
    const order = Array.from({ length: T }, (_, k) => (forwardInTime ? k : T - 1 - k));
    for (const [n, t] of order.entries()) {
      const dhT = dh === 'loss-only' ? dhs[t] : dh === 'replace' && n > 0 ? dhNext : dhs[t].add(dhNext);
      const grads = lstmStepBackward(dhT, carryDc ? dcNext : Matrix.zeros(N, H), steps[t]);
      perStep[t] = grads;
      dhNext = grads.dhPrev;
      dcNext = grads.dcPrev;
    }
    const combine = (name: 'dWx' | 'dWh' | 'db'): Matrix => {
      if (params === 'first-step') return perStep[0][name];
      if (params === 'last-step') return perStep[T - 1][name];
      const sum = perStep.slice(1).reduce((s, g) => s.add(g[name]), perStep[0][name]);
      return params === 'mean' ? sum.scale(1 / T) : sum;
    };
    return {
      dxs: perStep.map((g) => g.dx),
      dh0: dhNext,
      dc0: dcNext,
      dWx: combine('dWx'),
      dWh: combine('dWh'),
      db: combine('db'),
    };
  };
}

const PARAMS_NOT_SUMMED_HINT: Localized = text('mistakes.03.paramsNotSummedHint');

export const BPTT_MISTAKES: readonly BpttMistake[] = [
  {
    id: 'bptt-drops-future-dc',
    backward: bpttWith({ carryDc: false }),
    diagnosis: text('mistakes.03.bptt-drops-future-dc.diagnosis'),
    hint: text('mistakes.03.bptt-drops-future-dc.hint'),
  },
  {
    id: 'bptt-drops-future-dh',
    backward: bpttWith({ dh: 'loss-only' }),
    diagnosis: text('mistakes.03.bptt-drops-future-dh.diagnosis'),
    hint: text('mistakes.03.bptt-drops-future-dh.hint'),
  },
  {
    id: 'bptt-future-dh-replaces-loss',
    backward: bpttWith({ dh: 'replace' }),
    diagnosis: text('mistakes.03.bptt-future-dh-replaces-loss.diagnosis'),
    hint: text('mistakes.03.bptt-future-dh-replaces-loss.hint'),
  },
  {
    id: 'bptt-params-overwritten',
    backward: bpttWith({ params: 'first-step' }),
    diagnosis: text('mistakes.03.bptt-params-overwritten.diagnosis'),
    hint: PARAMS_NOT_SUMMED_HINT,
  },
  {
    id: 'bptt-params-last-step-only',
    backward: bpttWith({ params: 'last-step' }),
    diagnosis: text('mistakes.03.bptt-params-last-step-only.diagnosis'),
    hint: PARAMS_NOT_SUMMED_HINT,
  },
  {
    id: 'bptt-params-averaged',
    backward: bpttWith({ params: 'mean' }),
    diagnosis: text('mistakes.03.bptt-params-averaged.diagnosis'),
    hint: text('mistakes.03.bptt-params-averaged.hint'),
  },
  {
    id: 'bptt-forward-in-time',
    backward: bpttWith({ forwardInTime: true }),
    diagnosis: text('mistakes.03.bptt-forward-in-time.diagnosis'),
    hint: text('mistakes.03.bptt-forward-in-time.hint'),
  },
];

// ---- Two mistakes at once ----

export interface Combined<P> extends MistakeText {
  parts: Partial<P>;
}

/** Every pair of mistakes that replace different parts, as one mistake whose text names both. */
export function combine<P extends object>(mistakes: readonly (MistakeText & { parts: Partial<P> })[]): Combined<P>[] {
  const pairs: Combined<P>[] = [];
  mistakes.forEach((a, k) => {
    for (const b of mistakes.slice(k + 1)) {
      if (Object.keys(a.parts).some((part) => part in b.parts)) continue;
      pairs.push({
        id: `${a.id}+${b.id}`,
        parts: { ...a.parts, ...b.parts },
        diagnosis: text('mistakes.03.twoWrong', { first: a.diagnosis, second: b.diagnosis }),
        hint: { en: `${a.hint.en} ${b.hint.en}`, ru: `${a.hint.ru} ${b.hint.ru}` },
      });
    }
  });
  return pairs;
}
