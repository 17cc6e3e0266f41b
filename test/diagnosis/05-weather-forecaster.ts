/**
 * The diagnosis catalogue of exercise 05 (see types.ts): realistic mistakes in forecaster.ts, the whole pipeline
 * (windows, statistics, baselines, loss, model, clipping, Adam, early stopping, predict), each with the words a true
 * explanation contains; and mistakes in the 03 cell seen through 05, which must cost points in 03 only (05 then runs
 * on the reference cell), chosen apart from 03's own catalogue. The trained model.json stays the perfect one: only
 * the code is edited.
 */
import type { CatalogueMistake } from './types';

const EXERCISE = '05-weather-forecaster';
const FILE = `${EXERCISE}/forecaster.ts`;
const mistake = (m: Omit<CatalogueMistake, 'exercise' | 'file' | 'losesIn'>): CatalogueMistake => ({
  exercise: EXERCISE,
  file: FILE,
  losesIn: [EXERCISE],
  ...m,
});
const THETA = 'const theta = (2 * Math.PI * (dayOfYear(day.date) - 1)) / 365.25;';

/** A mistake in the student's 03 cell: charged in 03, while 05 runs on the reference cell. */
const cellMistake = (m: Omit<CatalogueMistake, 'exercise' | 'file' | 'losesIn'>): CatalogueMistake => ({
  exercise: '03-lstm-cell',
  file: '03-lstm-cell/lstm.ts',
  losesIn: ['03-lstm-cell'],
  ...m,
});

export const MISTAKES: CatalogueMistake[] = [
  mistake({
    id: 'forecast-day-of-year-from-one',
    find: THETA,
    replace: 'const theta = (2 * Math.PI * dayOfYear(day.date)) / 365.25;',
    explains: { en: [['dayFeatures', 'day of the year', '1 January']], ru: [['dayFeatures', 'день года', '1 января']] },
    checks: ['windows'],
  }),
  mistake({
    id: 'forecast-year-of-365-days',
    find: THETA,
    replace: 'const theta = (2 * Math.PI * (dayOfYear(day.date) - 1)) / 365;',
    explains: { en: [['dayFeatures', '365 or 366 days']], ru: [['dayFeatures', '365 или 366 дней']] },
    checks: ['windows'],
  }),
  mistake({
    id: 'forecast-window-holds-target',
    find: '      targets.map((d) => features[d - window + k]),',
    replace: '      targets.map((d) => features[d - window + k + 1]),',
    explains: { en: [['makeWindows', 'target', 'd−T … d−1']], ru: [['makeWindows', 'цели', 'd−T … d−1']] },
    checks: ['windows'],
  }),
  mistake({
    id: 'forecast-std-over-n-minus-one',
    find: '      .scale(1 / count); // 1×K, two passes: no cancellation',
    replace: '      .scale(1 / (count - 1)); // 1×K, two passes: no cancellation',
    explains: { en: [['fitStandardizer', 'N − 1']], ru: [['fitStandardizer', 'N − 1']] },
    checks: ['standardize'],
  }),
  mistake({
    id: 'forecast-standardize-refits',
    find: 'export function standardize(w: Windows, s: Standardizer): Windows {\n',
    replace:
      'export function standardize(w: Windows, given: Standardizer): Windows {\n    const s = given && fitStandardizer(w);\n',
    explains: {
      en: [['standardize', 'statistics it is given', 'training statistics']],
      ru: [['standardize', 'переданные ей статистики']],
    },
    checks: ['standardize'],
  }),
  mistake({
    id: 'forecast-persistence-temp-min',
    find: 'return w.xs[w.xs.length - 1].sliceCols(0, 1);',
    replace: 'return w.xs[w.xs.length - 1].sliceCols(1, 2);',
    explains: { en: [['persistence', 'temp_max', 'column 0']], ru: [['persistence', 'temp_max', 'столбец 0']] },
    checks: ['baselines'],
  }),
  mistake({
    id: 'forecast-mae-of-mean-error',
    find: 'return pred.sub(y).map(Math.abs).sum() / pred.data.length;',
    replace: 'return Math.abs(pred.sub(y).sum()) / pred.data.length;',
    explains: { en: [['mae', 'mean of the absolute errors']], ru: [['mae', 'среднее модулей ошибок']] },
    checks: ['baselines'],
  }),
  mistake({
    id: 'forecast-climatology-no-wrap',
    find: 'if (Math.min(gap, 365.25 - gap) <= halfWidth) {',
    replace: 'if (gap <= halfWidth) {',
    explains: { en: [['climatology', 'round the year']], ru: [['climatology', 'конец года']] },
    checks: ['baselines'],
  }),
  mistake({
    id: 'forecast-loss-gradient-without-two',
    find: 'dPred: diff.scale(2 / n)',
    replace: 'dPred: diff.scale(1 / n)',
    explains: { en: [['mseLoss', 'factor 2']], ru: [['mseLoss', 'множителя 2']] },
    checks: ['loss'],
  }),
  mistake({
    id: 'forecast-head-on-first-step',
    find: 'const hLast = hs[hs.length - 1];',
    replace: 'const hLast = hs[0];',
    explains: { en: [['forecasterForward', 'last step']], ru: [['forecasterForward', 'последнего шага']] },
    checks: ['forward'],
  }),
  mistake({
    id: 'forecast-clip-per-element',
    find: 'for (const name of PARAM_NAMES) scaled[name] = grads[name].scale(k);',
    replace:
      'for (const name of PARAM_NAMES) scaled[name] = grads[name].map((g) => Math.max(-maxNorm, Math.min(maxNorm, g)));',
    explains: {
      en: [['clipGlobalNorm', 'one norm over every gradient']],
      ru: [['clipGlobalNorm', 'одна норма по всем градиентам']],
    },
    checks: ['optimizer'],
  }),
  mistake({
    id: 'forecast-adam-without-bias-correction',
    find: '  const correct1 = 1 - Math.pow(o.beta1, t);\n  const correct2 = 1 - Math.pow(o.beta2, t);',
    replace: '  const correct1 = 1;\n  const correct2 = 1;',
    explains: { en: [['adamStep', 'bias correction']], ru: [['adamStep', 'поправку смещения']] },
    checks: ['optimizer'],
  }),
  mistake({
    id: 'forecast-adam-eps-inside-root',
    find: '(Math.sqrt(vHat[r * g.cols + c] / correct2) + o.eps)',
    replace: 'Math.sqrt(vHat[r * g.cols + c] / correct2 + o.eps)',
    explains: { en: [['adamStep', 'eps inside the square root']], ru: [['adamStep', 'eps под корень']] },
    checks: ['optimizer'],
  }),
  mistake({
    id: 'forecast-returns-last-epoch',
    find: 'return { params: best.params, history, bestEpoch: best.epoch };',
    replace: 'return { params, history, bestEpoch: best.epoch };',
    explains: { en: [['train', 'last epoch', 'lowest validation loss']], ru: [['train', 'последней эпохи']] },
    checks: ['training'],
  }),
  mistake({
    id: 'forecast-predict-in-standard-units',
    find: 'return unstandardize(forecasterForward(params, standardize(w, s).xs).pred, s);',
    replace: 'return forecasterForward(params, standardize(w, s).xs).pred;',
    explains: { en: [['predict', 'standard units', 'unstandardize']], ru: [['predict', 'стандартных единицах']] },
    checks: ['model-file'],
  }),
  cellMistake({
    id: 'via05-lstm-output-from-old-state',
    find: 'const tanhC = c.tanh();',
    replace: 'const tanhC = cPrev.tanh();',
    explains: { en: [['old state', 'o ⊙ tanh(cPrev)']], ru: [['старому состоянию', 'o ⊙ tanh(cPrev)']] },
  }),
  cellMistake({
    id: 'via05-lstm-bptt-drops-future-dh',
    find: 'const grads = lstmStepBackward(dhs[t].add(dhNext), dcNext, steps[t]);',
    replace: 'const grads = lstmStepBackward(dhs[t], dcNext, steps[t]);',
    explains: { en: [['along the outputs', 'dhs[t] + dhPrev']], ru: [['вдоль выходов', 'dhs[t] + dhPrev']] },
  }),
];
