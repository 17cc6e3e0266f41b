/**
 * Realistic wrong retention, halfLife and sigmoid functions of exercise 02, for diagnosis. Trusted side only: never
 * shipped to students. Each is recognised by running it on a few diagnostic inputs beside the student's function.
 */
import type { Localized } from './mistakes';

const sigma = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Where retention's mistakes show: biases on both sides of 0, a few steps (and 0 steps, which keep everything). */
export const RETENTION_INPUTS: readonly [number, number][] = [[0.7, 3], [-1.2, 2], [2.5, 5], [0, 4]];
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
    diagnosis: {
      en: 'retention counts one step too many: each step keeps the share f = σ(bf), so after n steps σ(bf)ⁿ of the state is left (0 steps keep all of it); yours matches σ(bf)ⁿ⁺¹.',
      ru: 'retention делает на шаг больше: каждый шаг сохраняет долю f = σ(bf), поэтому через n шагов остаётся σ(bf)ⁿ состояния (0 шагов сохраняют всё), а ваша совпадает с σ(bf)ⁿ⁺¹.',
    },
  },
  {
    id: 'retention-one-step-too-few',
    apply: (bf, steps) => sigma(bf) ** (steps - 1),
    diagnosis: {
      en: 'retention counts one step too few: each step keeps the share f = σ(bf), so after n steps σ(bf)ⁿ of the state is left (0 steps keep all of it); yours matches σ(bf)ⁿ⁻¹.',
      ru: 'retention делает на шаг меньше: каждый шаг сохраняет долю f = σ(bf), поэтому через n шагов остаётся σ(bf)ⁿ состояния (0 шагов сохраняют всё), а ваша совпадает с σ(bf)ⁿ⁻¹.',
    },
  },
  {
    id: 'retention-forgotten-share',
    apply: (bf, steps) => sigma(-bf) ** steps,
    diagnosis: {
      en: 'retention multiplies the share that is forgotten: the gate keeps f = σ(bf) of the state at each step, so σ(bf)ⁿ is left; yours matches σ(−bf)ⁿ = (1 − σ(bf))ⁿ, a sign error in the exponent of σ(bf) = 1 / (1 + e^−bf).',
      ru: 'retention перемножает долю, которая забывается: вентиль сохраняет f = σ(bf) состояния на каждом шаге, поэтому остаётся σ(bf)ⁿ, а ваша совпадает с σ(−bf)ⁿ = (1 − σ(bf))ⁿ — ошибка знака в показателе σ(bf) = 1 / (1 + e^−bf).',
    },
  },
];

const LOG_BASES: Localized = {
  en: 'halfLife mixes logarithm bases: t = ln(1/2) / ln σ(bf) holds for logarithms in one and the same base (the ratio does not depend on it); yours divides a logarithm in one base by a logarithm in another ({which}), so it is off by a constant factor.',
  ru: 'halfLife смешивает основания логарифмов: t = ln(1/2) / ln σ(bf) верно для логарифмов в одном и том же основании (от основания отношение не зависит), а ваша делит логарифм по одному основанию на логарифм по другому ({which}), поэтому ответ отличается в постоянное число раз.',
};

const mixed = (which: string, num: (x: number) => number, den: (x: number) => number): NumberMistake<(bf: number) => number> => ({
  id: `half-life-bases-${which}`,
  apply: (bf) => num(0.5) / den(sigma(bf)),
  diagnosis: { en: LOG_BASES.en.replace('{which}', which), ru: LOG_BASES.ru.replace('{which}', which) },
});

export const HALF_LIFE_MISTAKES: readonly NumberMistake<(bf: number) => number>[] = [
  mixed('log₁₀ / ln', Math.log10, Math.log),
  mixed('ln / log₁₀', Math.log, Math.log10),
  mixed('log₂ / ln', Math.log2, Math.log),
  mixed('ln / log₂', Math.log, Math.log2),
  ...(['ceil', 'round', 'floor'] as const).map((how) => ({
    id: `half-life-${how}`,
    apply: (bf: number) => Math[how](Math.LN2 / -Math.log(sigma(bf))),
    diagnosis: {
      en: `halfLife is rounded to whole steps (Math.${how}): the half-life is the real solution t of σ(bf)^t = 1/2, t = ln 2 / (−ln σ(bf)), not rounded (bf = 0 gives exactly 1).`,
      ru: `halfLife округлена до целого числа шагов (Math.${how}): период полураспада — вещественное решение t уравнения σ(bf)^t = 1/2, t = ln 2 / (−ln σ(bf)), без округления (при bf = 0 ровно 1).`,
    },
  })),
  {
    id: 'half-life-sign',
    apply: (bf) => Math.log(sigma(bf)) / Math.LN2,
    diagnosis: {
      en: 'halfLife is upside down: σ(bf)^t = 1/2 gives t = ln(1/2) / ln σ(bf) = ln 2 / (−ln σ(bf)); yours matches ln σ(bf) / ln 2, the reciprocal with the wrong sign.',
      ru: 'halfLife перевёрнута: из σ(bf)^t = 1/2 следует t = ln(1/2) / ln σ(bf) = ln 2 / (−ln σ(bf)), а ваша совпадает с ln σ(bf) / ln 2 — обратной величиной с неверным знаком.',
    },
  },
];

/** Right on moderate biases, wrong where σ(bf) rounds to 1: the textbook formula taken literally. */
export const HALF_LIFE_NAIVE: Localized = {
  en: 'halfLife is right for moderate biases but not for a large one: once bf ≳ 37, σ(bf) rounds to exactly 1 in float64, so ln σ(bf) is 0 and ln(1/2) / ln σ(bf) gives −Infinity (or NaN, or 0). Write −ln σ(bf) = ln(1 + e^−bf) and compute it with Math.log1p(Math.exp(−bf)), which stays accurate there: t = ln 2 / log1p(e^−bf) ≈ ln 2 · e^bf.',
  ru: 'halfLife верна при умеренных смещениях, но не при большом: при bf ≳ 37 σ(bf) в float64 округляется ровно до 1, поэтому ln σ(bf) равен 0, а ln(1/2) / ln σ(bf) даёт −Infinity (или NaN, или 0). Запишите −ln σ(bf) = ln(1 + e^−bf) и вычисляйте через Math.log1p(Math.exp(−bf)) — так точность сохраняется: t = ln 2 / log1p(e^−bf) ≈ ln 2 · e^bf.',
};

/** The retention check's hint: the formula in the form that survives a large bias (the naive one does not). */
export const RETENTION_HINT: Localized = {
  en: 'With zero input and zero recurrent weights the gate is f = σ(bf) at every step, so after n steps σ(bf)ⁿ of the state is left. Half is left after t = ln 2 / (−ln σ(bf)) steps, a real number, not rounded; compute −ln σ(bf) = ln(1 + e^−bf) with Math.log1p(Math.exp(−bf)), because for a large bf σ(bf) rounds to 1 and ln σ(bf) to 0.',
  ru: 'При нулевом входе и нулевых рекуррентных весах вентиль равен f = σ(bf) на каждом шаге, поэтому через n шагов остаётся σ(bf)ⁿ состояния. Половина остаётся через t = ln 2 / (−ln σ(bf)) шагов — вещественное число, без округления; вычисляйте −ln σ(bf) = ln(1 + e^−bf) через Math.log1p(Math.exp(−bf)), потому что при большом bf σ(bf) округляется до 1, а ln σ(bf) — до 0.',
};

/** σ that is NaN where the exact one is a number: e^z / (1 + e^z) (or its mirror) overflows to ∞/∞. */
export const SIGMOID_NAN: Localized = {
  en: 'sigmoid gives NaN for large |z|: written as e^z / (1 + e^z), e^z overflows to Infinity once z ≥ 710 and ∞/∞ is NaN (for z ≤ −710 the form 1 / (1 + e^−z) overflows the same way). Use e^z / (1 + e^z) for z < 0 and 1 / (1 + e^−z) for z ≥ 0, so e^… never overflows; the toolkit\'s z.sigmoid() does exactly that.',
  ru: 'sigmoid даёт NaN при больших |z|: в записи e^z / (1 + e^z) значение e^z переполняется до Infinity при z ≥ 710, а ∞/∞ — это NaN (при z ≤ −710 так же переполняется форма 1 / (1 + e^−z)). Используйте e^z / (1 + e^z) при z < 0 и 1 / (1 + e^−z) при z ≥ 0, тогда e^… не переполняется; z.sigmoid() из библиотеки делает именно так.',
};
