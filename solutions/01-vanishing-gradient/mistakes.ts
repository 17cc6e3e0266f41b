/**
 * Realistic wrong implementations of exercise 01, for diagnosis. Trusted side only: never shipped to students.
 *
 * Each mistake is the reference with one idea changed. When a student's result matches a mistake's on the same
 * input (DIAGNOSTIC in cases.ts, where every mistake shows) and not the reference's, the grader can say what is wrong
 * instead of "mismatch". The texts never contain expected numbers: they name the step, the index or the formula.
 */
import { MAX_STEPS, MIN_NORMAL, type TanhRnnParams } from './vanishing';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

export interface Mistake<F> {
  id: string;
  /** The wrong implementation, run in the trusted process on the diagnostic input. */
  apply: F;
  /** What is wrong, naming the step, the index or the formula. */
  diagnosis: Localized;
  /** How to put it right. */
  hint: Localized;
}

type Unroll = (w: number, y0: number, steps: number) => number[];
type Chain = (localGrads: number[]) => number[];
type TanhGrads = (p: TanhRnnParams, xs: number[], h0: number) => number[];
type FirstUnrepresentable = (w: number) => number;

/** The reference's backward product with one replaceable part: which factor step k multiplies in, and how many. */
function chainWith(
  factor: (localGrads: number[], k: number) => number,
  length: (T: number) => number = (T) => T,
): Chain {
  return (localGrads) => {
    const g = [1];
    for (let k = 1; k <= length(localGrads.length); k++) g.push(g[k - 1] * factor(localGrads, k));
    return g;
  };
}

const backward = (lg: number[], k: number): number => lg[lg.length - k];
const forward = (lg: number[], k: number): number => lg[k - 1];

export const UNROLL_MISTAKES: readonly Mistake<Unroll>[] = [
  {
    id: 'unroll-math-pow',
    apply: (w, y0, steps) => Array.from({ length: steps + 1 }, (_, k) => y0 * Math.pow(w, k)),
    diagnosis: text('mistakes.01.unroll-math-pow.diagnosis'),
    hint: text('mistakes.01.unroll-math-pow.hint'),
  },
  {
    id: 'unroll-one-short',
    apply: (w, y0, steps) => {
      const y = [y0];
      for (let k = 1; k < steps; k++) y.push(y[k - 1] * w);
      return y;
    },
    diagnosis: text('mistakes.01.unroll-one-short.diagnosis'),
    hint: text('mistakes.01.unroll-one-short.hint'),
  },
  {
    id: 'unroll-skips-y0',
    apply: (w, y0, steps) => {
      const y = [y0 * w];
      for (let k = 1; k <= steps; k++) y.push(y[k - 1] * w);
      return y;
    },
    diagnosis: text('mistakes.01.unroll-skips-y0.diagnosis'),
    hint: text('mistakes.01.unroll-skips-y0.hint'),
  },
];

export const CHAIN_MISTAKES: readonly Mistake<Chain>[] = [
  {
    id: 'chain-forward-order',
    apply: chainWith(forward),
    diagnosis: text('mistakes.01.chain-forward-order.diagnosis'),
    hint: text('mistakes.01.chain-forward-order.hint'),
  },
  {
    id: 'chain-off-by-one',
    apply: chainWith((lg, k) => lg[lg.length - k - 1]),
    diagnosis: text('mistakes.01.chain-off-by-one.diagnosis'),
    hint: text('mistakes.01.chain-off-by-one.hint'),
  },
  {
    id: 'chain-length-T',
    apply: chainWith(backward, (T) => T - 1),
    diagnosis: text('mistakes.01.chain-length-T.diagnosis'),
    hint: text('mistakes.01.chain-length-T.hint'),
  },
  {
    id: 'chain-no-leading-one',
    apply: (lg) => chainWith(backward)(lg).slice(1),
    diagnosis: text('mistakes.01.chain-no-leading-one.diagnosis'),
    hint: text('mistakes.01.chain-no-leading-one.hint'),
  },
];

/** The reference tanh neuron with a replaceable forward (pre-activation) and local derivative. */
function tanhWith(
  local: (p: TanhRnnParams, a: number, h: number, hPrev: number) => number,
  chain: Chain = chainWith(backward),
  preActivation: (p: TanhRnnParams, hPrev: number, x: number) => number = (p, hPrev, x) => p.w * hPrev + p.u * x + p.b,
): TanhGrads {
  return (p, xs, h0) => {
    const lg: number[] = [];
    let h = h0;
    for (const x of xs) {
      const a = preActivation(p, h, x);
      const hPrev = h;
      h = Math.tanh(a);
      lg.push(local(p, a, h, hPrev));
    }
    return chain(lg);
  };
}

export const TANH_MISTAKES: readonly Mistake<TanhGrads>[] = [
  {
    id: 'tanh-derivative-of-preactivation',
    apply: tanhWith((p, a) => p.w * (1 - a * a)),
    diagnosis: text('mistakes.01.tanh-derivative-of-preactivation.diagnosis'),
    hint: text('mistakes.01.tanh-derivative-of-preactivation.hint'),
  },
  {
    id: 'tanh-derivative-one-minus-h',
    apply: tanhWith((p, _a, h) => p.w * (1 - h)),
    diagnosis: text('mistakes.01.tanh-derivative-one-minus-h.diagnosis'),
    hint: text('mistakes.01.tanh-derivative-one-minus-h.hint'),
  },
  {
    id: 'tanh-local-without-w',
    apply: tanhWith((_p, _a, h) => 1 - h * h),
    diagnosis: text('mistakes.01.tanh-local-without-w.diagnosis'),
    hint: text('mistakes.01.tanh-local-without-w.hint'),
  },
  {
    id: 'tanh-local-uses-previous-h',
    apply: tanhWith((p, _a, _h, hPrev) => p.w * (1 - hPrev * hPrev)),
    diagnosis: text('mistakes.01.tanh-local-uses-previous-h.diagnosis'),
    hint: text('mistakes.01.tanh-local-uses-previous-h.hint'),
  },
  {
    id: 'tanh-derivative-missing',
    apply: tanhWith((p) => p.w),
    diagnosis: text('mistakes.01.tanh-derivative-missing.diagnosis'),
    hint: text('mistakes.01.tanh-derivative-missing.hint'),
  },
  {
    id: 'tanh-forward-order',
    apply: tanhWith((p, _a, h) => p.w * (1 - h * h), chainWith(forward)),
    diagnosis: text('mistakes.01.tanh-forward-order.diagnosis'),
    hint: text('mistakes.01.tanh-forward-order.hint'),
  },
  {
    id: 'tanh-bias-dropped',
    apply: tanhWith(
      (p, _a, h) => p.w * (1 - h * h),
      chainWith(backward),
      (p, hPrev, x) => p.w * hPrev + p.u * x,
    ),
    diagnosis: text('mistakes.01.tanh-bias-dropped.diagnosis'),
    hint: text('mistakes.01.tanh-bias-dropped.hint'),
  },
];

export const CELL_MISTAKES: readonly Mistake<Chain>[] = [
  {
    id: 'cell-forward-order',
    apply: chainWith(forward),
    diagnosis: text('mistakes.01.cell-forward-order.diagnosis'),
    hint: text('mistakes.01.cell-forward-order.hint'),
  },
  {
    id: 'cell-complement',
    apply: (forget) => chainWith(backward)(forget.map((f) => 1 - f)),
    diagnosis: text('mistakes.01.cell-complement.diagnosis'),
    hint: text('mistakes.01.cell-complement.hint'),
  },
  {
    id: 'cell-length-T',
    apply: chainWith(backward, (T) => T - 1),
    diagnosis: text('mistakes.01.cell-length-T.diagnosis'),
    hint: text('mistakes.01.cell-length-T.hint'),
  },
];

/** The reference's loop with another stopping test; loops the reference would never end stop at MAX_STEPS. */
function countUntil(stops: (v: number) => boolean, offset = 0): FirstUnrepresentable {
  return (w) => {
    let v = 1;
    for (let n = 1; n <= MAX_STEPS; n++) {
      v *= w;
      if (stops(v)) return n + offset;
    }
    return Infinity;
  };
}

const notNormal = (v: number): boolean => !(Math.abs(v) >= MIN_NORMAL && Math.abs(v) <= Number.MAX_VALUE);

export const FIRST_UNREPRESENTABLE_MISTAKES: readonly Mistake<FirstUnrepresentable>[] = [
  {
    id: 'first-unrepresentable-counts-subnormals',
    apply: countUntil((v) => v === 0 || !Number.isFinite(v)),
    diagnosis: text('mistakes.01.first-unrepresentable-counts-subnormals.diagnosis'),
    hint: text('mistakes.01.first-unrepresentable-counts-subnormals.hint'),
  },
  {
    id: 'first-unrepresentable-off-by-one',
    apply: countUntil(notNormal, -1),
    diagnosis: text('mistakes.01.first-unrepresentable-off-by-one.diagnosis'),
    hint: text('mistakes.01.first-unrepresentable-off-by-one.hint'),
  },
  {
    id: 'first-unrepresentable-off-by-one-late',
    apply: countUntil(notNormal, 1),
    diagnosis: text('mistakes.01.first-unrepresentable-off-by-one-late.diagnosis'),
    hint: text('mistakes.01.first-unrepresentable-off-by-one-late.hint'),
  },
];

/** What the experiment's series may get wrong beyond the chains: the scale of the curve and its horizon. */
export type SeriesMistake = Mistake<(g: number[]) => { points: [number, number][]; horizon: number }>;

function seriesWith(log: (x: number) => number, horizonShift: number): SeriesMistake['apply'] {
  return (g) => {
    const points: [number, number][] = [];
    for (let k = 0; k < g.length && !notNormal(g[k]); k++) points.push([k, log(Math.abs(g[k]))]);
    let horizon = 0;
    g.forEach((v, k) => {
      if (Math.abs(v) >= 1e-3) horizon = k;
    });
    return { points, horizon: horizon + horizonShift };
  };
}

export const SERIES_MISTAKES: readonly SeriesMistake[] = [
  {
    id: 'experiment-natural-log',
    apply: seriesWith(Math.log, 0),
    diagnosis: text('mistakes.01.experiment-natural-log.diagnosis'),
    hint: text('mistakes.01.experiment-natural-log.hint'),
  },
  {
    id: 'experiment-horizon-off-by-one',
    apply: seriesWith(Math.log10, 1),
    diagnosis: text('mistakes.01.experiment-horizon-off-by-one.diagnosis'),
    hint: text('mistakes.01.experiment-horizon-off-by-one.hint'),
  },
];

/** firstUnrepresentable(NaN) is 1 (v_1 = NaN is not normal); a test of the form "too small or too large" misses it. */
export const FIRST_UNREPRESENTABLE_NAN: Localized = text('mistakes.01.firstUnrepresentableNan');
