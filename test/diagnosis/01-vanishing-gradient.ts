/**
 * The diagnosis catalogue of exercise 01 (see types.ts): realistic mistakes in vanishing.ts, written as students make
 * them, each with the words a true explanation contains. Mistakes in chainGradient also show in the functions built
 * on it (tanhRnnGradients, cellStateGradients, runExperiment), all inside 01.
 */
import type { CatalogueMistake } from './types';

const EXERCISE = '01-vanishing-gradient';
const FILE = `${EXERCISE}/vanishing.ts`;
const mistake = (m: Omit<CatalogueMistake, 'exercise' | 'file' | 'losesIn'>): CatalogueMistake => ({
  exercise: EXERCISE,
  file: FILE,
  losesIn: [EXERCISE],
  ...m,
});

export const MISTAKES: CatalogueMistake[] = [
  mistake({
    id: 'unroll-math-pow',
    find: 'for (let k = 1; k <= steps; k++) y.push(y[k - 1] * w);',
    replace: 'for (let k = 1; k <= steps; k++) y.push(y0 * Math.pow(w, k));',
    explains: { en: [['unroll', 'Math.pow']], ru: [['unroll', 'Math.pow']] },
    checks: ['unroll'],
  }),
  mistake({
    id: 'unroll-one-short',
    find: 'for (let k = 1; k <= steps; k++) y.push(y[k - 1] * w);',
    replace: 'for (let k = 1; k < steps; k++) y.push(y[k - 1] * w);',
    explains: { en: [['unroll', 'steps + 1']], ru: [['unroll', 'steps + 1']] },
    checks: ['unroll'],
  }),
  mistake({
    id: 'chain-gradient-forward-order',
    find: 'for (let k = 1; k <= T; k++) g.push(g[k - 1] * localGrads[T - k]);',
    replace: 'for (let k = 1; k <= T; k++) g.push(g[k - 1] * localGrads[k - 1]);',
    explains: { en: [['chainGradient', 'last k']], ru: [['chainGradient', 'последних k']] },
    checks: ['chain-gradient'],
  }),
  mistake({
    id: 'chain-gradient-index-off-by-one',
    find: 'for (let k = 1; k <= T; k++) g.push(g[k - 1] * localGrads[T - k]);',
    replace: 'for (let k = 1; k <= T; k++) g.push(g[k - 1] * localGrads[T - k - 1]);',
    explains: { en: [['chainGradient', 'localGrads[T−k]']], ru: [['chainGradient', 'localGrads[T−k]']] },
    checks: ['chain-gradient'],
  }),
  mistake({
    id: 'chain-gradient-without-leading-one',
    find: "  const g = [1];\n  // The gradient starts at the end and walks back, so the last step's derivative is the first factor.\n  for (let k = 1; k <= T; k++) g.push(g[k - 1] * localGrads[T - k]);\n  return g;",
    replace:
      '  const g = [1];\n  for (let k = 1; k <= T; k++) g.push(g[k - 1] * localGrads[T - k]);\n  return g.slice(1);',
    explains: { en: [['chainGradient', 'g[0]', '= 1']], ru: [['chainGradient', 'g[0]', '= 1']] },
    checks: ['chain-gradient'],
  }),
  mistake({
    id: 'tanh-local-derivative-one-minus-h',
    find: 'localGrads.push(p.w * (1 - h * h));',
    replace: 'localGrads.push(p.w * (1 - h));',
    explains: { en: [['w·(1 − h_t²)', 'w·(1 − h_t)']], ru: [['w·(1 − h_t²)', 'w·(1 − h_t)']] },
    checks: ['tanh-rnn'],
  }),
  mistake({
    id: 'tanh-local-derivative-without-w',
    find: 'localGrads.push(p.w * (1 - h * h));',
    replace: 'localGrads.push(1 - h * h);',
    explains: { en: [['w·(1 − h_t²)', 'recurrent weight']], ru: [['w·(1 − h_t²)', 'рекуррентный вес']] },
    checks: ['tanh-rnn'],
  }),
  mistake({
    id: 'tanh-local-derivative-of-previous-h',
    find: "    h = Math.tanh(p.w * h + p.u * x + p.b);\n    // tanh' = 1 − tanh², written with the output h_t; once tanh saturates to exactly ±1 this is exactly 0.\n    localGrads.push(p.w * (1 - h * h));",
    replace: '    localGrads.push(p.w * (1 - h * h));\n    h = Math.tanh(p.w * h + p.u * x + p.b);',
    explains: { en: [['w·(1 − h_t²)', 'h_{t−1}']], ru: [['w·(1 − h_t²)', 'h_{t−1}']] },
    checks: ['tanh-rnn'],
  }),
  mistake({
    id: 'tanh-bias-dropped',
    find: 'h = Math.tanh(p.w * h + p.u * x + p.b);',
    replace: 'h = Math.tanh(p.w * h + p.u * x);',
    explains: { en: [['bias', 'without b']], ru: [['смещения', 'без b']] },
    checks: ['tanh-rnn'],
  }),
  mistake({
    id: 'cell-state-keeps-one-minus-f',
    find: '  return chainGradient(forget);',
    replace: '  return chainGradient(forget.map((f) => 1 - f));',
    explains: { en: [['cellStateGradients', '1 − f']], ru: [['cellStateGradients', '1 − f']] },
    checks: ['cell-state'],
  }),
  mistake({
    id: 'first-unrepresentable-stops-only-at-zero',
    find: 'if (!(Math.abs(v) >= MIN_NORMAL && Math.abs(v) <= Number.MAX_VALUE)) return n;',
    replace: 'if (v === 0 || !Number.isFinite(v)) return n;',
    explains: {
      en: [['firstUnrepresentable', 'subnormal', '2^−1022']],
      ru: [['firstUnrepresentable', 'субнормальн', '2^−1022']],
    },
    checks: ['first-unrepresentable'],
  }),
  mistake({
    id: 'first-unrepresentable-one-too-small',
    find: 'if (!(Math.abs(v) >= MIN_NORMAL && Math.abs(v) <= Number.MAX_VALUE)) return n;',
    replace: 'if (!(Math.abs(v) >= MIN_NORMAL && Math.abs(v) <= Number.MAX_VALUE)) return n - 1;',
    explains: { en: [['firstUnrepresentable', 'one too small']], ru: [['firstUnrepresentable', 'на единицу меньше']] },
    checks: ['first-unrepresentable'],
  }),
  mistake({
    id: 'first-unrepresentable-misses-nan',
    find: 'if (!(Math.abs(v) >= MIN_NORMAL && Math.abs(v) <= Number.MAX_VALUE)) return n;',
    replace: 'if (Math.abs(v) < MIN_NORMAL || Math.abs(v) > Number.MAX_VALUE) return n;',
    explains: { en: [['firstUnrepresentable', 'NaN']], ru: [['firstUnrepresentable', 'NaN']] },
    checks: ['first-unrepresentable'],
  }),
  mistake({
    id: 'experiment-natural-log',
    find: 'points.push([k, Math.log10(size)]);',
    replace: 'points.push([k, Math.log(size)]);',
    explains: { en: [['log10', 'natural logarithm']], ru: [['log10', 'натуральному логарифму']] },
    checks: ['experiment'],
  }),
];
