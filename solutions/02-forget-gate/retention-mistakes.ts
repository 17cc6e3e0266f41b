/**
 * Realistic wrong retention, halfLife and sigmoid functions of exercise 02, for diagnosis. Trusted side only: never
 * shipped to students. Each is recognised by running it on a few diagnostic inputs beside the student's function.
 */
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

const sigma = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Where retention's mistakes show: biases on both sides of 0, a few steps (and 0 steps, which keep everything). */
export const RETENTION_INPUTS: readonly [number, number][] = [
  [0.7, 3],
  [-1.2, 2],
  [2.5, 5],
  [0, 4],
];
/** Where halfLife's mistakes show: moderate biases only; the large one is tested apart (see HALF_LIFE_LARGE). */
export const HALF_LIFE_INPUTS: readonly number[] = [0.7, -1.2, 2.5, 4];
/** A bias at which σ(bf) rounds to exactly 1 in float64: ln σ(bf) is 0 there. */
export const HALF_LIFE_LARGE = 40;

export interface NumberMistake<F> {
  id: string;
  apply: F;
  diagnosis: Localized;
}

export const RETENTION_MISTAKES: readonly NumberMistake<(bf: number, steps: number) => number>[] = [
  {
    id: 'retention-one-step-too-many',
    apply: (bf, steps) => sigma(bf) ** (steps + 1),
    diagnosis: text('hidden.02.retentionMistakes.retention-one-step-too-many.diagnosis'),
  },
  {
    id: 'retention-one-step-too-few',
    apply: (bf, steps) => sigma(bf) ** (steps - 1),
    diagnosis: text('hidden.02.retentionMistakes.retention-one-step-too-few.diagnosis'),
  },
  {
    id: 'retention-forgotten-share',
    apply: (bf, steps) => sigma(-bf) ** steps,
    diagnosis: text('hidden.02.retentionMistakes.retention-forgotten-share.diagnosis'),
  },
];

const mixed = (
  which: string,
  num: (x: number) => number,
  den: (x: number) => number,
): NumberMistake<(bf: number) => number> => ({
  id: `half-life-bases-${which}`,
  apply: (bf) => num(0.5) / den(sigma(bf)),
  diagnosis: text('hidden.02.retentionMistakes.logBases', { which }),
});

export const HALF_LIFE_MISTAKES: readonly NumberMistake<(bf: number) => number>[] = [
  mixed('log₁₀ / ln', Math.log10, Math.log),
  mixed('ln / log₁₀', Math.log, Math.log10),
  mixed('log₂ / ln', Math.log2, Math.log),
  mixed('ln / log₂', Math.log, Math.log2),
  ...(['ceil', 'round', 'floor'] as const).map((how) => ({
    id: `half-life-${how}`,
    apply: (bf: number) => Math[how](Math.LN2 / -Math.log(sigma(bf))),
    diagnosis: text('hidden.02.retentionMistakes.rounded', { how }),
  })),
  {
    id: 'half-life-sign',
    apply: (bf) => Math.log(sigma(bf)) / Math.LN2,
    diagnosis: text('hidden.02.retentionMistakes.half-life-sign.diagnosis'),
  },
];

/** Right on moderate biases, wrong where σ(bf) rounds to 1: the textbook formula taken literally. */
export const HALF_LIFE_NAIVE: Localized = text('hidden.02.retentionMistakes.halfLifeNaive');

/** The retention check's hint: the formula in the form that survives a large bias (the naive one does not). */
export const RETENTION_HINT: Localized = text('hidden.02.retentionMistakes.retentionHint');

/** σ that is NaN where the exact one is a number: e^z / (1 + e^z) (or its mirror) overflows to ∞/∞. */
export const SIGMOID_NAN: Localized = text('hidden.02.retentionMistakes.sigmoidNan');
