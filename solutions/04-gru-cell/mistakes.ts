/**
 * Realistic wrong GRUs, for diagnosis. Trusted side only: never shipped to students.
 *
 * Each mistake is the reference with one line of the math changed. When a student's output matches a mistake's
 * output on the same inputs (and not the reference's), the grader can say what is wrong instead of "mismatch".
 * `affects` lists exactly the outputs that differ from the reference; the others are equal, so a grader may also
 * match output by output. Every mistake is visible on DIAGNOSTIC_SHAPE with DIAGNOSTIC_STEPS steps, a non-zero state
 * and unsaturated gates (cases.ts); several vanish elsewhere on purpose (with a zero state the reset gate has nothing
 * to reset, with T = 1 nothing comes from the future), so diagnose on such a case.
 * The texts never contain expected numbers: they name the gate, the term and the line of math.
 */
import { Matrix } from '../lib/matrix';
import {
  gruForward,
  gruStep,
  gruStepBackward,
  type GruParams,
  type GruSequenceCache,
  type GruSequenceGrads,
  type GruStepCache,
  type GruStepGrads,
} from './gru';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

export type StepGradName = keyof GruStepGrads;
export type SequenceGradName = keyof GruSequenceGrads;

export interface MistakeText {
  id: string;
  /** What is wrong, naming the gate or term and the line of math. */
  diagnosis: Localized;
  /** How to put it right. */
  hint: Localized;
}

/** A wrong gruStep; only h is compared (the cache is the student's own business). */
export interface StepForwardMistake extends MistakeText {
  forward: (x: Matrix, hPrev: Matrix, p: GruParams) => Matrix;
}

export interface StepBackwardMistake extends MistakeText {
  backward: (dh: Matrix, cache: GruStepCache) => GruStepGrads;
  affects: readonly StepGradName[];
}

/** A wrong gruForward whose gruStep is right: only the loop over time is wrong. */
export interface SequenceForwardMistake extends MistakeText {
  forward: (xs: Matrix[], h0: Matrix, p: GruParams) => Matrix[];
}

export interface BpttMistake extends MistakeText {
  backward: (dhs: Matrix[], cache: GruSequenceCache) => GruSequenceGrads;
  affects: readonly SequenceGradName[];
}

// ---- The step's forward, one replaceable part per line of the math. ----

interface Blocks {
  axZ: Matrix;
  axR: Matrix;
  axN: Matrix; // N×H each
  ahZ: Matrix;
  ahR: Matrix;
  ahN: Matrix; // N×H each
}

interface ForwardParts {
  ax: (x: Matrix, p: GruParams) => Matrix; //            N×3H
  ah: (hPrev: Matrix, p: GruParams) => Matrix; //        N×3H
  blocks: (ax: Matrix, ah: Matrix) => Blocks;
  gate: (a: Matrix) => Matrix; //                        σ, for z and r
  /** The candidate's pre-activation an, with n = candidate(an). */
  an: (b: Blocks, r: Matrix, hPrev: Matrix, p: GruParams) => Matrix;
  candidate: (an: Matrix) => Matrix; //                  tanh
  h: (z: Matrix, hPrev: Matrix, n: Matrix) => Matrix;
}

/** Block k (0: z, 1: r, 2: n) of a 3H-column matrix. */
export function block(m: Matrix, k: 0 | 1 | 2): Matrix {
  const H = m.cols / 3;
  return m.sliceCols(k * H, (k + 1) * H);
}

const REFERENCE_FORWARD: ForwardParts = {
  ax: (x, p) => x.matmul(p.Wx).add(p.bx),
  ah: (hPrev, p) => hPrev.matmul(p.Wh).add(p.bh),
  blocks: (ax, ah) => {
    const [axZ, axR, axN] = ax.splitCols(3);
    const [ahZ, ahR, ahN] = ah.splitCols(3);
    return { axZ, axR, axN, ahZ, ahR, ahN };
  },
  gate: (a) => a.sigmoid(),
  an: (b, r) => b.axN.add(r.mul(b.ahN)),
  candidate: (an) => an.tanh(),
  h: (z, hPrev, n) => z.mul(hPrev).add(z.oneMinus().mul(n)),
};

function forwardWith(wrong: Partial<ForwardParts>): StepForwardMistake['forward'] {
  const parts = { ...REFERENCE_FORWARD, ...wrong };
  return (x, hPrev, p) => {
    const b = parts.blocks(parts.ax(x, p), parts.ah(hPrev, p));
    const z = parts.gate(b.axZ.add(b.ahZ));
    const r = parts.gate(b.axR.add(b.ahR));
    const n = parts.candidate(parts.an(b, r, hPrev, p));
    return parts.h(z, hPrev, n);
  };
}

// ---- The step's backward, one replaceable part per line of the math. ----

interface BackwardParts {
  dn: (dh: Matrix, k: GruStepCache) => Matrix; //                N×H
  dz: (dh: Matrix, k: GruStepCache) => Matrix; //                N×H
  dan: (dn: Matrix, k: GruStepCache) => Matrix; //               N×H
  dahN: (dan: Matrix, k: GruStepCache) => Matrix; //             N×H
  dr: (dan: Matrix, k: GruStepCache) => Matrix; //               N×H
  dhPrev: (dah: Matrix, dh: Matrix, k: GruStepCache) => Matrix; // N×H
  dbx: (dax: Matrix) => Matrix; //                               1×3H
  dWh: (dah: Matrix, k: GruStepCache) => Matrix; //              H×3H
  dbh: (dax: Matrix, dah: Matrix) => Matrix; //                  1×3H
}

const REFERENCE_BACKWARD: BackwardParts = {
  dn: (dh, k) => dh.mul(k.z.oneMinus()),
  dz: (dh, k) => dh.mul(k.hPrev.sub(k.n)),
  dan: (dn, k) => dn.mul(k.n.mul(k.n).oneMinus()),
  dahN: (dan, k) => dan.mul(k.r),
  dr: (dan, k) => dan.mul(k.ahN),
  dhPrev: (dah, dh, k) => dah.matmul(k.Wh.transpose()).add(dh.mul(k.z)),
  dbx: (dax) => dax.sumRows(),
  dWh: (dah, k) => k.hPrev.transpose().matmul(dah),
  dbh: (_dax, dah) => dah.sumRows(),
};

function backwardWith(wrong: Partial<BackwardParts>): StepBackwardMistake['backward'] {
  const parts = { ...REFERENCE_BACKWARD, ...wrong };
  return (dh, k) => {
    const dan = parts.dan(parts.dn(dh, k), k);
    const dz = parts.dz(dh, k);
    const dr = parts.dr(dan, k);
    const daz = dz.mul(k.z).mul(k.z.oneMinus());
    const dar = dr.mul(k.r).mul(k.r.oneMinus());
    const dax = Matrix.concatCols([daz, dar, dan]);
    const dah = Matrix.concatCols([daz, dar, parts.dahN(dan, k)]);
    return {
      dx: dax.matmul(k.Wx.transpose()),
      dhPrev: parts.dhPrev(dah, dh, k),
      dWx: k.x.transpose().matmul(dax),
      dWh: parts.dWh(dah, k),
      dbx: parts.dbx(dax),
      dbh: parts.dbh(dax, dah),
    };
  };
}

/** Every gradient of a step (the ones a wrong gate derivative spoils). */
const ALL_STEP: readonly StepGradName[] = ['dx', 'dhPrev', 'dWx', 'dWh', 'dbx', 'dbh'];

export const STEP_FORWARD_MISTAKES: readonly StepForwardMistake[] = [
  {
    id: 'update-gate-on-new-state',
    forward: forwardWith({ h: (z, hPrev, n) => z.oneMinus().mul(hPrev).add(z.mul(n)) }),
    diagnosis: text('mistakes.04.update-gate-on-new-state.diagnosis'),
    hint: text('mistakes.04.update-gate-on-new-state.hint'),
  },
  {
    id: 'reset-before-matmul',
    forward: forwardWith({
      an: (b, r, hPrev, p) => b.axN.add(r.mul(hPrev).matmul(block(p.Wh, 2))).add(block(p.bh, 2)),
    }),
    diagnosis: text('mistakes.04.reset-before-matmul.diagnosis'),
    hint: text('mistakes.04.reset-before-matmul.hint'),
  },
  {
    id: 'reset-skips-recurrent-bias',
    forward: forwardWith({
      an: (b, r, hPrev, p) => b.axN.add(r.mul(hPrev.matmul(block(p.Wh, 2)))).add(block(p.bh, 2)),
    }),
    diagnosis: text('mistakes.04.reset-skips-recurrent-bias.diagnosis'),
    hint: text('mistakes.04.reset-skips-recurrent-bias.hint'),
  },
  {
    id: 'reset-not-applied',
    forward: forwardWith({ an: (b) => b.axN.add(b.ahN) }),
    diagnosis: text('mistakes.04.reset-not-applied.diagnosis'),
    hint: text('mistakes.04.reset-not-applied.hint'),
  },
  {
    id: 'gate-blocks-swapped',
    forward: forwardWith({
      blocks: (ax, ah) => {
        const [axR, axZ, axN] = ax.splitCols(3);
        const [ahR, ahZ, ahN] = ah.splitCols(3);
        return { axZ, axR, axN, ahZ, ahR, ahN };
      },
    }),
    diagnosis: text('mistakes.04.gate-blocks-swapped.diagnosis'),
    hint: text('mistakes.04.gate-blocks-swapped.hint'),
  },
  {
    id: 'candidate-sigmoid',
    forward: forwardWith({ candidate: (an) => an.sigmoid() }),
    diagnosis: text('mistakes.04.candidate-sigmoid.diagnosis'),
    hint: text('mistakes.04.candidate-sigmoid.hint'),
  },
  {
    id: 'activations-swapped',
    forward: forwardWith({ gate: (a) => a.tanh(), candidate: (an) => an.sigmoid() }),
    diagnosis: text('mistakes.04.activations-swapped.diagnosis'),
    hint: text('mistakes.04.activations-swapped.hint'),
  },
  {
    id: 'recurrent-bias-dropped',
    forward: forwardWith({ ah: (hPrev, p) => hPrev.matmul(p.Wh) }),
    diagnosis: text('mistakes.04.recurrent-bias-dropped.diagnosis'),
    hint: text('mistakes.04.recurrent-bias-dropped.hint'),
  },
  {
    id: 'input-bias-twice',
    forward: forwardWith({ ax: (x, p) => x.matmul(p.Wx).add(p.bx).add(p.bx) }),
    diagnosis: text('mistakes.04.input-bias-twice.diagnosis'),
    hint: text('mistakes.04.input-bias-twice.hint'),
  },
];

export const STEP_BACKWARD_MISTAKES: readonly StepBackwardMistake[] = [
  {
    id: 'recurrent-bias-gradient-ungated',
    backward: backwardWith({ dbh: (dax) => dax.sumRows() }),
    affects: ['dbh'],
    diagnosis: text('mistakes.04.recurrent-bias-gradient-ungated.diagnosis'),
    hint: text('mistakes.04.recurrent-bias-gradient-ungated.hint'),
  },
  {
    id: 'recurrent-gradient-ungated',
    backward: backwardWith({ dahN: (dan) => dan }),
    affects: ['dhPrev', 'dWh', 'dbh'],
    diagnosis: text('mistakes.04.recurrent-gradient-ungated.diagnosis'),
    hint: text('mistakes.04.recurrent-gradient-ungated.hint'),
  },
  {
    id: 'direct-state-path-missing',
    backward: backwardWith({ dhPrev: (dah, _dh, k) => dah.matmul(k.Wh.transpose()) }),
    affects: ['dhPrev'],
    diagnosis: text('mistakes.04.direct-state-path-missing.diagnosis'),
    hint: text('mistakes.04.direct-state-path-missing.hint'),
  },
  {
    id: 'update-gate-gradient-sign',
    backward: backwardWith({ dz: (dh, k) => dh.mul(k.n.sub(k.hPrev)) }),
    affects: ALL_STEP,
    diagnosis: text('mistakes.04.update-gate-gradient-sign.diagnosis'),
    hint: text('mistakes.04.update-gate-gradient-sign.hint'),
  },
  {
    id: 'reset-gradient-without-bias',
    backward: backwardWith({ dr: (dan, k) => dan.mul(k.hPrev.matmul(block(k.Wh, 2))) }),
    affects: ALL_STEP,
    diagnosis: text('mistakes.04.reset-gradient-without-bias.diagnosis'),
    hint: text('mistakes.04.reset-gradient-without-bias.hint'),
  },
  {
    id: 'candidate-tanh-derivative-missing',
    backward: backwardWith({ dan: (dn) => dn }),
    affects: ALL_STEP,
    diagnosis: text('mistakes.04.candidate-tanh-derivative-missing.diagnosis'),
    hint: text('mistakes.04.candidate-tanh-derivative-missing.hint'),
  },
  {
    id: 'candidate-tanh-derivative-one-minus-n',
    backward: backwardWith({ dan: (dn, k) => dn.mul(k.n.oneMinus()) }),
    affects: ALL_STEP,
    diagnosis: text('mistakes.04.candidate-tanh-derivative-one-minus-n.diagnosis'),
    hint: text('mistakes.04.candidate-tanh-derivative-one-minus-n.hint'),
  },
  {
    id: 'input-bias-gradient-averaged',
    backward: backwardWith({ dbx: (dax) => dax.sumRows().scale(1 / dax.rows) }),
    affects: ['dbx'],
    diagnosis: text('mistakes.04.input-bias-gradient-averaged.diagnosis'),
    hint: text('mistakes.04.input-bias-gradient-averaged.hint'),
  },
  {
    id: 'recurrent-weight-gradient-one-row',
    backward: backwardWith({
      dWh: (dah, k) =>
        Matrix.from([k.hPrev.toArray()[0]])
          .transpose()
          .matmul(Matrix.from([dah.toArray()[0]])),
    }),
    affects: ['dWh'],
    diagnosis: text('mistakes.04.recurrent-weight-gradient-one-row.diagnosis'),
    hint: text('mistakes.04.recurrent-weight-gradient-one-row.hint'),
  },
  {
    id: 'candidate-gradient-uses-z',
    backward: backwardWith({ dn: (dh, k) => dh.mul(k.z) }),
    affects: ALL_STEP,
    diagnosis: text('mistakes.04.candidate-gradient-uses-z.diagnosis'),
    hint: text('mistakes.04.candidate-gradient-uses-z.hint'),
  },
];

export const SEQUENCE_FORWARD_MISTAKES: readonly SequenceForwardMistake[] = [
  {
    id: 'state-not-carried',
    forward: (xs, h0, p) => xs.map((x) => gruStep(x, h0, p).h),
    diagnosis: text('mistakes.04.state-not-carried.diagnosis'),
    hint: text('mistakes.04.state-not-carried.hint'),
  },
  {
    id: 'outputs-shifted',
    forward: (xs, h0, p) => [h0, ...gruForward(xs, h0, p).hs.slice(0, -1)],
    diagnosis: text('mistakes.04.outputs-shifted.diagnosis'),
    hint: text('mistakes.04.outputs-shifted.hint'),
  },
];

// ---- Backpropagation through time, with the reference step backward. ----

interface BpttOptions {
  /** Whether step t's backward starts from dhs[t] plus what step t + 1 sent back (true) or from dhs[t] alone. */
  future: boolean;
  /** How the steps' parameter gradients are combined. */
  combine: 'sum' | 'last' | 'mean';
}

function bpttWith(opts: BpttOptions): BpttMistake['backward'] {
  return (dhs, cache) => {
    const T = cache.steps.length;
    const dxs = new Array<Matrix>(T);
    let dhNext = Matrix.zeros(cache.h0.rows, cache.h0.cols);
    let params: GruStepGrads | null = null;
    for (let t = T - 1; t >= 0; t--) {
      const g = gruStepBackward(opts.future ? dhs[t].add(dhNext) : dhs[t], cache.steps[t]);
      dxs[t] = g.dx;
      dhNext = g.dhPrev;
      params =
        opts.combine === 'last' || params === null
          ? g
          : {
              ...g,
              dWx: params.dWx.add(g.dWx),
              dWh: params.dWh.add(g.dWh),
              dbx: params.dbx.add(g.dbx),
              dbh: params.dbh.add(g.dbh),
            };
    }
    if (params === null) throw new Error('bpttWith: a mistake needs at least one step');
    const k = opts.combine === 'mean' ? 1 / T : 1;
    return {
      dxs,
      dh0: dhNext,
      dWx: params.dWx.scale(k),
      dWh: params.dWh.scale(k),
      dbx: params.dbx.scale(k),
      dbh: params.dbh.scale(k),
    };
  };
}

const PARAMETER_GRADS: readonly SequenceGradName[] = ['dWx', 'dWh', 'dbx', 'dbh'];

export const BPTT_MISTAKES: readonly BpttMistake[] = [
  {
    id: 'future-gradient-dropped',
    backward: bpttWith({ future: false, combine: 'sum' }),
    affects: ['dxs', 'dh0', ...PARAMETER_GRADS],
    diagnosis: text('mistakes.04.future-gradient-dropped.diagnosis'),
    hint: text('mistakes.04.future-gradient-dropped.hint'),
  },
  {
    id: 'parameter-gradients-overwritten',
    backward: bpttWith({ future: true, combine: 'last' }),
    affects: PARAMETER_GRADS,
    diagnosis: text('mistakes.04.parameter-gradients-overwritten.diagnosis'),
    hint: text('mistakes.04.parameter-gradients-overwritten.hint'),
  },
  {
    id: 'parameter-gradients-averaged',
    backward: bpttWith({ future: true, combine: 'mean' }),
    affects: PARAMETER_GRADS,
    diagnosis: text('mistakes.04.parameter-gradients-averaged.diagnosis'),
    hint: text('mistakes.04.parameter-gradients-averaged.hint'),
  },
];
