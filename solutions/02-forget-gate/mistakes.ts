/**
 * Realistic wrong forget gates, for diagnosis. Trusted side only: never shipped to students.
 *
 * Each mistake is the reference with one line of the math changed. When a student's output matches a mistake's
 * output on the same inputs (and not the reference's), the grader can say what is wrong instead of "mismatch".
 * `affects` lists exactly the outputs that differ from the reference; the others are equal, so a grader may also
 * match output by output. Every mistake is visible on DIAGNOSTIC_SHAPE (cases.ts) with non-zero states; some are
 * invisible on purpose elsewhere (with H = 1 a transpose changes nothing, with N = 1 a mean is a sum, with zero
 * states every mistake about cPrev or hPrev vanishes), so diagnose on such a case.
 * The texts never contain expected numbers: they name the term and the line of math.
 */
import { Matrix } from '../lib/matrix';
import type { ForgetGateCache, ForgetGateGrads, ForgetGateOutput, ForgetGateParams } from './forget-gate';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

export type ForwardOutputName = 'f' | 'c';
export type GradName = keyof ForgetGateGrads;

interface MistakeText {
  id: string;
  /** What is wrong, naming the gate or term and the line of math. */
  diagnosis: Localized;
  /** How to put it right. */
  hint: Localized;
}

export interface ForwardMistake extends MistakeText {
  forward: (x: Matrix, hPrev: Matrix, cPrev: Matrix, cNew: Matrix, p: ForgetGateParams) => ForgetGateOutput;
  affects: readonly ForwardOutputName[];
}

export interface BackwardMistake extends MistakeText {
  backward: (dc: Matrix, cache: ForgetGateCache) => ForgetGateGrads;
  affects: readonly GradName[];
}

/** The reference forward, one replaceable part per line of the math. */
interface ForwardParts {
  a: (x: Matrix, hPrev: Matrix, p: ForgetGateParams) => Matrix; // N×H
  f: (a: Matrix) => Matrix; //                                       N×H
  c: (f: Matrix, cPrev: Matrix, cNew: Matrix) => Matrix; //          N×H
}

const REFERENCE_FORWARD: ForwardParts = {
  a: (x, hPrev, p) => x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)).add(p.bf),
  f: (a) => a.sigmoid(),
  c: (f, cPrev, cNew) => f.mul(cPrev).add(cNew),
};

function forwardWith(wrong: Partial<ForwardParts>): ForwardMistake['forward'] {
  const parts = { ...REFERENCE_FORWARD, ...wrong };
  return (x, hPrev, cPrev, cNew, p) => {
    const f = parts.f(parts.a(x, hPrev, p));
    return { f, c: parts.c(f, cPrev, cNew), cache: { x, hPrev, cPrev, f, Wfx: p.Wfx, Wfh: p.Wfh } };
  };
}

/** The reference backward, one replaceable part per line of the math (`g` holds the gradients computed so far). */
interface BackwardParts {
  dcNew: (dc: Matrix, k: ForgetGateCache) => Matrix; //  N×H
  dcPrev: (dc: Matrix, k: ForgetGateCache) => Matrix; // N×H
  df: (dc: Matrix, k: ForgetGateCache) => Matrix; //     N×H
  da: (df: Matrix, k: ForgetGateCache) => Matrix; //     N×H
  dhPrev: (da: Matrix, k: ForgetGateCache) => Matrix; // N×H
  dWfx: (da: Matrix, k: ForgetGateCache) => Matrix; //   D×H
  dWfh: (da: Matrix, k: ForgetGateCache) => Matrix; //   H×H
  dbf: (da: Matrix, k: ForgetGateCache) => Matrix; //    1×H
}

const REFERENCE_BACKWARD: BackwardParts = {
  dcNew: (dc) => dc,
  dcPrev: (dc, k) => dc.mul(k.f),
  df: (dc, k) => dc.mul(k.cPrev),
  da: (df, k) => df.mul(k.f).mul(k.f.oneMinus()),
  dhPrev: (da, k) => da.matmul(k.Wfh.transpose()),
  dWfx: (da, k) => k.x.transpose().matmul(da),
  dWfh: (da, k) => k.hPrev.transpose().matmul(da),
  dbf: (da) => da.sumRows(),
};

function backwardWith(wrong: Partial<BackwardParts>): BackwardMistake['backward'] {
  const parts = { ...REFERENCE_BACKWARD, ...wrong };
  return (dc, k) => {
    const da = parts.da(parts.df(dc, k), k);
    return {
      dx: da.matmul(k.Wfx.transpose()),
      dhPrev: parts.dhPrev(da, k),
      dcPrev: parts.dcPrev(dc, k),
      dcNew: parts.dcNew(dc, k),
      dWfx: parts.dWfx(da, k),
      dWfh: parts.dWfh(da, k),
      dbf: parts.dbf(da, k),
    };
  };
}

/** Every gradient that flows through the gate's pre-activation a. */
const THROUGH_A: readonly GradName[] = ['dx', 'dhPrev', 'dWfx', 'dWfh', 'dbf'];

export const FORWARD_MISTAKES: readonly ForwardMistake[] = [
  {
    id: 'gate-tanh',
    forward: forwardWith({ f: (a) => a.tanh() }),
    affects: ['f', 'c'],
    diagnosis: text('mistakes.02.gate-tanh.diagnosis'),
    hint: text('mistakes.02.gate-tanh.hint'),
  },
  {
    id: 'gate-no-activation',
    forward: forwardWith({ f: (a) => a }),
    affects: ['f', 'c'],
    diagnosis: text('mistakes.02.gate-no-activation.diagnosis'),
    hint: text('mistakes.02.gate-no-activation.hint'),
  },
  {
    id: 'gate-bias-dropped',
    forward: forwardWith({ a: (x, hPrev, p) => x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)) }),
    affects: ['f', 'c'],
    diagnosis: text('mistakes.02.gate-bias-dropped.diagnosis'),
    hint: text('mistakes.02.gate-bias-dropped.hint'),
  },
  {
    id: 'gate-bias-twice',
    forward: forwardWith({ a: (x, hPrev, p) => REFERENCE_FORWARD.a(x, hPrev, p).add(p.bf) }),
    affects: ['f', 'c'],
    diagnosis: text('mistakes.02.gate-bias-twice.diagnosis'),
    hint: text('mistakes.02.gate-bias-twice.hint'),
  },
  {
    id: 'gate-recurrent-weight-transposed',
    forward: forwardWith({ a: (x, hPrev, p) => x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh.transpose())).add(p.bf) }),
    affects: ['f', 'c'],
    diagnosis: text('mistakes.02.gate-recurrent-weight-transposed.diagnosis'),
    hint: text('mistakes.02.gate-recurrent-weight-transposed.hint'),
  },
  {
    id: 'gate-recurrent-term-missing',
    forward: forwardWith({ a: (x, _hPrev, p) => x.matmul(p.Wfx).add(p.bf) }),
    affects: ['f', 'c'],
    diagnosis: text('mistakes.02.gate-recurrent-term-missing.diagnosis'),
    hint: text('mistakes.02.gate-recurrent-term-missing.hint'),
  },
  {
    id: 'gate-input-term-missing',
    forward: forwardWith({ a: (_x, hPrev, p) => hPrev.matmul(p.Wfh).add(p.bf) }),
    affects: ['f', 'c'],
    diagnosis: text('mistakes.02.gate-input-term-missing.diagnosis'),
    hint: text('mistakes.02.gate-input-term-missing.hint'),
  },
  {
    id: 'state-and-new-content-swapped',
    forward: forwardWith({ c: (f, cPrev, cNew) => f.mul(cNew).add(cPrev) }),
    affects: ['c'],
    diagnosis: text('mistakes.02.state-and-new-content-swapped.diagnosis'),
    hint: text('mistakes.02.state-and-new-content-swapped.hint'),
  },
  {
    id: 'gate-on-new-content-too',
    forward: forwardWith({ c: (f, cPrev, cNew) => f.mul(cPrev).add(f.mul(cNew)) }),
    affects: ['c'],
    diagnosis: text('mistakes.02.gate-on-new-content-too.diagnosis'),
    hint: text('mistakes.02.gate-on-new-content-too.hint'),
  },
  {
    id: 'gate-complement',
    forward: forwardWith({ c: (f, cPrev, cNew) => f.oneMinus().mul(cPrev).add(cNew) }),
    affects: ['c'],
    diagnosis: text('mistakes.02.gate-complement.diagnosis'),
    hint: text('mistakes.02.gate-complement.hint'),
  },
  {
    id: 'gate-not-applied',
    forward: forwardWith({ c: (_f, cPrev, cNew) => cPrev.add(cNew) }),
    affects: ['c'],
    diagnosis: text('mistakes.02.gate-not-applied.diagnosis'),
    hint: text('mistakes.02.gate-not-applied.hint'),
  },
];

export const BACKWARD_MISTAKES: readonly BackwardMistake[] = [
  {
    id: 'sigmoid-derivative-of-preactivation',
    // The pre-activation is not in the cache; a = ln f − ln(1 − f) recovers it (f is not saturated in diagnosis cases).
    backward: backwardWith({
      da: (df, k) => {
        const a = k.f.map((f) => Math.log(f) - Math.log1p(-f));
        return df.mul(a).mul(a.oneMinus());
      },
    }),
    affects: THROUGH_A,
    diagnosis: text('mistakes.02.sigmoid-derivative-of-preactivation.diagnosis'),
    hint: text('mistakes.02.sigmoid-derivative-of-preactivation.hint'),
  },
  {
    id: 'sigmoid-derivative-missing',
    backward: backwardWith({ da: (df) => df }),
    affects: THROUGH_A,
    diagnosis: text('mistakes.02.sigmoid-derivative-missing.diagnosis'),
    hint: text('mistakes.02.sigmoid-derivative-missing.hint'),
  },
  {
    id: 'sigmoid-derivative-incomplete',
    backward: backwardWith({ da: (df, k) => df.mul(k.f) }),
    affects: THROUGH_A,
    diagnosis: text('mistakes.02.sigmoid-derivative-incomplete.diagnosis'),
    hint: text('mistakes.02.sigmoid-derivative-incomplete.hint'),
  },
  {
    id: 'bias-gradient-averaged',
    backward: backwardWith({ dbf: (da) => da.sumRows().scale(1 / da.rows) }),
    affects: ['dbf'],
    diagnosis: text('mistakes.02.bias-gradient-averaged.diagnosis'),
    hint: text('mistakes.02.bias-gradient-averaged.hint'),
  },
  {
    id: 'bias-gradient-not-summed',
    backward: backwardWith({ dbf: (da) => da }),
    affects: ['dbf'],
    diagnosis: text('mistakes.02.bias-gradient-not-summed.diagnosis'),
    hint: text('mistakes.02.bias-gradient-not-summed.hint'),
  },
  {
    id: 'state-gradient-ungated',
    backward: backwardWith({ dcPrev: (dc) => dc }),
    affects: ['dcPrev'],
    diagnosis: text('mistakes.02.state-gradient-ungated.diagnosis'),
    hint: text('mistakes.02.state-gradient-ungated.hint'),
  },
  {
    id: 'new-content-gradient-gated',
    backward: backwardWith({ dcNew: (dc, k) => dc.mul(k.f) }),
    affects: ['dcNew'],
    diagnosis: text('mistakes.02.new-content-gradient-gated.diagnosis'),
    hint: text('mistakes.02.new-content-gradient-gated.hint'),
  },
  {
    id: 'product-factors-swapped',
    backward: backwardWith({ dcPrev: (dc, k) => dc.mul(k.cPrev), df: (dc, k) => dc.mul(k.f) }),
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: text('mistakes.02.product-factors-swapped.diagnosis'),
    hint: text('mistakes.02.product-factors-swapped.hint'),
  },
  {
    id: 'input-weight-gradient-one-row',
    backward: backwardWith({
      dWfx: (da, k) =>
        Matrix.from([k.x.toArray()[0]])
          .transpose()
          .matmul(Matrix.from([da.toArray()[0]])),
    }),
    affects: ['dWfx'],
    diagnosis: text('mistakes.02.input-weight-gradient-one-row.diagnosis'),
    hint: text('mistakes.02.input-weight-gradient-one-row.hint'),
  },
  {
    id: 'recurrent-weight-gradient-transposed',
    backward: backwardWith({ dWfh: (da, k) => da.transpose().matmul(k.hPrev) }),
    affects: ['dWfh'],
    diagnosis: text('mistakes.02.recurrent-weight-gradient-transposed.diagnosis'),
    hint: text('mistakes.02.recurrent-weight-gradient-transposed.hint'),
  },
  {
    id: 'recurrent-input-gradient-untransposed',
    backward: backwardWith({ dhPrev: (da, k) => da.matmul(k.Wfh) }),
    affects: ['dhPrev'],
    diagnosis: text('mistakes.02.recurrent-input-gradient-untransposed.diagnosis'),
    hint: text('mistakes.02.recurrent-input-gradient-untransposed.hint'),
  },
];
