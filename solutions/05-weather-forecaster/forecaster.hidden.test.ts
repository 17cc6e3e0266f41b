/**
 * Hidden suite of exercise 05 (teacher-only). The pieces (windows, statistics, baselines, loss, model, optimizer,
 * training) run on cases drawn from the student's seed and are compared with the reference, computed here in the
 * trusted process. The trained model.json is read as data, checked, and scored on 2015 with the reference's own
 * forward pass, so a model is judged by its weights, not by whatever the student's code says about them.
 */
import { Matrix } from '../lib/matrix';
import {
  check,
  closeNumber,
  field,
  fill,
  finiteDifferences,
  FD_TOLERANCE,
  gradientRelativeError,
  type CheckTools,
  type StudentModule,
} from '../../grader/harness';
import { readModelFile, standardizerOrigin, type ModelFile } from '../../grader/forecast/model-file';
import * as ref from './forecaster';
import { theTask } from './task';
import { randomDays, randomGrads, randomParams, randomStart, randomWindows } from './cases';

const EXERCISE = '05-weather-forecaster';
const PARAMS = ref.PARAM_NAMES;
/** Full credit from this improvement over persistence on 2015; an improvement above REVIEW_ABOVE is looked at. */
const FULL_CREDIT = 0.05;
const REVIEW_ABOVE = 0.15;
const CREDIT_STEPS = 100;

const OWN_CELL = {
  en: 'Your forecaster runs on your own LSTM from exercise 03: if some of 03\'s checks fail, fix the cell first, then come back here.',
  ru: 'Ваш прогнозист работает на вашей собственной LSTM из упражнения 03: если часть проверок 03 не пройдена, сначала исправьте ячейку, затем вернитесь сюда.',
};

// ——— comparisons ———

function matrices(t: CheckTools, name: string, got: unknown, want: Matrix[]): boolean {
  if (!Array.isArray(got) || got.length !== want.length) {
    t.diagnose(fill({ en: '{name} must be an array of {n} matrices.', ru: '{name} должен быть массивом из {n} матриц.' }, { name, n: String(want.length) }));
    return false;
  }
  return want.map((w, k) => t.matrix(`${name}[${k}]`, got[k], w)).every(Boolean);
}

function sameDates(t: CheckTools, got: unknown, want: string[]): boolean {
  const ok = Array.isArray(got) && got.length === want.length && got.every((d, i) => d === want[i]);
  if (!ok) {
    t.diagnose({
      en: 'makeWindows gives the wrong target dates: a window\'s date is its target day, and only days in [targetFrom, targetTo] with a full week before them are targets.',
      ru: 'makeWindows даёт неверные даты целей: дата окна — это день цели, и целями служат только дни из [targetFrom, targetTo], перед которыми есть полная неделя.',
    });
  }
  return ok;
}

function windows(t: CheckTools, name: string, got: unknown, want: ref.Windows, withDates = false): boolean {
  const xsOk = matrices(t, `${name}.xs`, field(got, 'xs'), want.xs);
  const yOk = t.matrix(`${name}.y`, field(got, 'y'), want.y);
  const datesOk = !withDates || sameDates(t, field(got, 'dates'), want.dates);
  return xsOk && yOk && datesOk;
}

const asRow = (v: unknown): Matrix | null => (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number') ? Matrix.from([v as number[]]) : null);

function standardizer(t: CheckTools, got: unknown, want: ref.Standardizer): boolean {
  const oks = [
    t.matrix('mean', asRow(field(got, 'mean')), Matrix.from([want.mean])),
    t.matrix('std', asRow(field(got, 'std')), Matrix.from([want.std])),
    t.number('yMean', field(got, 'yMean'), want.yMean),
    t.number('yStd', field(got, 'yStd'), want.yStd),
  ];
  return oks.every(Boolean);
}

function params(t: CheckTools, prefix: string, got: unknown, want: ref.ForecasterParams): boolean {
  return PARAMS.map((name) => t.matrix(`${prefix}${name}`, field(got, name), want[name])).every(Boolean);
}

const seedOf = (t: CheckTools, k: string) => t.seed(k);

// ——— the pieces ———

check(EXERCISE, 'windows', async (t) => {
  const f = t.module('forecaster');
  const tables = [
    { days: randomDays(seedOf(t, 'a'), 40, randomStart(seedOf(t, 'a/start'))), from: 0, to: 39, window: 7 },
    { days: randomDays(seedOf(t, 'b'), 40, randomStart(seedOf(t, 'b/start'))), from: 15, to: 25, window: 7 },
    // Across 29 February 2012, with a shorter window.
    { days: randomDays(seedOf(t, 'c'), 20, '2012-02-20'), from: 0, to: 19, window: 3 },
  ];
  for (const k of tables) {
    const got = await f.callMany('dayFeatures', k.days.map((d) => [d]));
    const want = k.days.map(ref.dayFeatures);
    const featuresOk = t.matrix('dayFeatures', got.every((r) => Array.isArray(r) && r.length === 6) ? Matrix.from(got as number[][]) : null, Matrix.from(want));
    const [from, to] = [k.days[k.from].date, k.days[k.to].date];
    const w = await f.call('makeWindows', [k.days, from, to, k.window]);
    t.case(featuresOk && windows(t, 'makeWindows', w, ref.makeWindows(k.days, from, to, k.window), true));
  }
});

check(EXERCISE, 'standardize', async (t) => {
  const f = t.module('forecaster');
  const calm = randomDays(seedOf(t, 'calm'), 30, randomStart(seedOf(t, 'calm/start'))).map((d) => ({ ...d, wind: 3 }));
  const tables = [randomDays(seedOf(t, 'a'), 60, randomStart(seedOf(t, 'a/start'))), calm];
  for (const [i, days] of tables.entries()) {
    const w = ref.makeWindows(days, days[0].date, days[days.length - 1].date);
    const s = ref.fitStandardizer(w);
    const fitOk = standardizer(t, await f.call('fitStandardizer', [w]), s);
    const stdOk = windows(t, 'standardize', await f.call('standardize', [w, s]), ref.standardize(w, s));
    const z = Matrix.random(w.y.rows, 1, seedOf(t, `z/${i}`), -2, 2);
    const backOk = t.matrix('unstandardize', await f.call('unstandardize', [z, s]), ref.unstandardize(z, s));
    t.case(fitOk && stdOk && backOk);
  }
});

check(EXERCISE, 'baselines', async (t) => {
  const f = t.module('forecaster');
  const days = randomDays(seedOf(t, 'days'), 50, randomStart(seedOf(t, 'start')));
  const w = ref.makeWindows(days, days[0].date, days[49].date);
  t.case(t.matrix('persistence', await f.call('persistence', [w]), ref.persistence(w)));
  const history = randomDays(seedOf(t, 'history'), 500, '2012-01-01');
  const dates = randomDays(seedOf(t, 'dates'), 30, randomStart(seedOf(t, 'dates/start'))).map((d) => d.date);
  t.case(t.matrix('climatology', await f.call('climatology', [history, dates]), ref.climatology(history, dates)));
  t.case(t.matrix('climatology (halfWidth 2)', await f.call('climatology', [history, dates, 2]), ref.climatology(history, dates, 2)));
  const [a, b] = [Matrix.random(25, 1, seedOf(t, 'a'), -5, 5), Matrix.random(25, 1, seedOf(t, 'b'), -5, 5)];
  t.case(t.number('mae', await f.call('mae', [a, b]), ref.mae(a, b)));
});

check(EXERCISE, 'loss', async (t) => {
  const f = t.module('forecaster');
  for (const N of [1, 5, 40]) {
    const [pred, y] = [Matrix.random(N, 1, seedOf(t, `p/${N}`), -3, 3), Matrix.random(N, 1, seedOf(t, `y/${N}`), -3, 3)];
    const want = ref.mseLoss(pred, y);
    const got = await f.call('mseLoss', [pred, y]);
    const lossOk = t.number('loss', field(got, 'loss'), want.loss);
    const gradOk = t.matrix('dPred', field(got, 'dPred'), want.dPred);
    if (lossOk && !gradOk) t.diagnose({ en: 'The loss is right but dPred is not: d/dŷ of (1/N)·Σ(ŷ − y)² is (2/N)·(ŷ − y).', ru: 'Потери верны, а dPred — нет: производная (1/N)·Σ(ŷ − y)² по ŷ равна (2/N)·(ŷ − y).' });
    t.case(lossOk && gradOk);
  }
});

const SHAPES = [
  { N: 1, T: 1, D: 6, H: 2 },
  { N: 5, T: 7, D: 6, H: 4 },
  { N: 3, T: 20, D: 3, H: 5 },
];

check(
  EXERCISE,
  'forward',
  async (t) => {
    const f = t.module('forecaster');
    for (const [D, H] of [[6, 16], [3, 2]]) {
      const seed = seedOf(t, `init/${D}/${H}`);
      t.case(params(t, 'initForecaster ', await f.call('initForecaster', [D, H, seed]), ref.initForecaster(D, H, seed)));
    }
    for (const [i, { N, T, D, H }] of SHAPES.entries()) {
      const p = randomParams(seedOf(t, `p/${i}`), D, H);
      const { xs } = randomWindows(seedOf(t, `x/${i}`), N, T);
      const got = await f.call('forecasterForward', [p, xs.map((x) => x.sliceCols(0, D))], { keep: ['cache'] });
      t.case(t.matrix('pred', field(got, 'pred'), ref.forecasterForward(p, xs.map((x) => x.sliceCols(0, D))).pred));
    }
  },
  { hint: OWN_CELL },
);

check(
  EXERCISE,
  'gradients',
  async (t) => {
    const f = t.module('forecaster');
    for (const [i, { N, T, D, H }] of SHAPES.entries()) {
      const p = randomParams(seedOf(t, `p/${i}`), D, H);
      const xs = randomWindows(seedOf(t, `x/${i}`), N, T).xs.map((x) => x.sliceCols(0, D));
      const dPred = Matrix.random(N, 1, seedOf(t, `d/${i}`), -1, 1);
      const want = ref.forecasterBackward(dPred, ref.forecasterForward(p, xs).cache);
      const forward = await f.call('forecasterForward', [p, xs], { keep: ['cache'] });
      t.case(params(t, 'd', await f.call('forecasterBackward', [dPred, field(forward, 'cache')]), want));
    }
    // Your backward against finite differences of your own forward, on a small smooth case: L = Σ dPred ⊙ ŷ.
    const [N, T, D, H] = [2, 3, 3, 2];
    const p = randomParams(seedOf(t, 'fd/p'), D, H, 0.4);
    const xs = randomWindows(seedOf(t, 'fd/x'), N, T).xs.map((x) => x.sliceCols(0, D).scale(0.5));
    const dPred = Matrix.random(N, 1, seedOf(t, 'fd/d'), -1, 1);
    const forward = await f.call('forecasterForward', [p, xs], { keep: ['cache'] });
    const analytic = await f.call('forecasterBackward', [dPred, field(forward, 'cache')]);
    const numeric = await finiteDifferences({ ...p }, [...PARAMS], async (variants) => {
      const outs = await f.callMany('forecasterForward', variants.map((v) => [v, xs]));
      return outs.map((out) => {
        const pred = field(out, 'pred');
        return pred instanceof Matrix && pred.rows === N && pred.cols === 1 ? pred.mul(dPred).sum() : NaN;
      });
    });
    const disagreeing = PARAMS.filter((name) => {
      const a = field(analytic, name);
      return !(a instanceof Matrix && a.rows === numeric[name].rows && a.cols === numeric[name].cols && gradientRelativeError([a], [numeric[name]]) <= FD_TOLERANCE);
    });
    if (disagreeing.length > 0) {
      t.diagnose(fill({
        en: 'Your backward disagrees with finite differences of your own forward for: {names}. The forward and the backward must describe the same function.',
        ru: 'Ваш обратный проход расходится с конечными разностями вашего же прямого прохода для: {names}. Прямой и обратный проходы должны описывать одну и ту же функцию.',
      }, { names: disagreeing.map((n) => `d${n}`).join(', ') }));
    }
    t.case(disagreeing.length === 0);
  },
  { hint: { en: `dWy = h_Tᵀ·dŷ, dby = the sum of dŷ's rows, and h_T receives dŷ·Wyᵀ; the other steps' h receive nothing from the head. ${OWN_CELL.en}`, ru: `dWy = h_Tᵀ·dŷ, dby — сумма строк dŷ, а h_T получает dŷ·Wyᵀ; остальные h от головы ничего не получают. ${OWN_CELL.ru}` } },
);

check(EXERCISE, 'optimizer', async (t) => {
  const f = t.module('forecaster');
  const p = randomParams(seedOf(t, 'p'), 6, 3);
  const grads = randomGrads(seedOf(t, 'g'), p, 1);
  const { norm } = ref.clipGlobalNorm(grads, Infinity);
  for (const maxNorm of [norm / 3, norm * 2]) {
    const got = await f.call('clipGlobalNorm', [grads, maxNorm]);
    const want = ref.clipGlobalNorm(grads, maxNorm);
    t.case(t.number('norm', field(got, 'norm'), want.norm) && params(t, 'clipped ', field(got, 'grads'), want.grads));
  }
  const adam: ref.AdamOptions = { lr: 0.005, beta1: 0.8, beta2: 0.99, eps: 1e-7 };
  let want = { params: p, state: ref.adamInit(p) };
  let got: unknown = { params: p, state: ref.adamInit(p) };
  let ok = true;
  for (let step = 1; step <= 3 && ok; step++) {
    const g = randomGrads(seedOf(t, `adam/${step}`), p, step);
    want = ref.adamStep(want.params, g, want.state, adam);
    got = await f.call('adamStep', [field(got, 'params'), g, field(got, 'state'), adam]);
    ok = params(t, `after step ${step}: `, field(got, 'params'), want.params);
  }
  if (!ok) t.diagnose({ en: 'adamStep drifts from Adam\'s update: m and v are running averages of g and g², each divided by 1 − β^t (t counts from 1) before θ moves by lr·m̂/(√v̂ + eps).', ru: 'adamStep расходится с правилом Adam: m и v — скользящие средние g и g², каждое делится на 1 − β^t (t считается с 1), затем θ сдвигается на lr·m̂/(√v̂ + eps).' });
  t.case(ok);
});

check(EXERCISE, 'training', async (t) => {
  const f = t.module('forecaster');
  const { train, val, training } = theTask();
  // A small slice of the real task, so the run takes a moment: the loss must fall and the best weights come back.
  const pick = (w: ref.Windows, n: number) => ref.selectRows(ref.standardize(w, training), Array.from({ length: n }, (_, i) => i));
  const data = { train: pick(train, 96), val: pick(val, 48) };
  const options: ref.TrainOptions = { hidden: 4, epochs: 6, batchSize: 16, lr: 0.02, clip: 1, patience: 3, seed: seedOf(t, 'train') };
  const got = await f.call('train', [data, options]);
  const history = field(got, 'history');
  const trainLoss = field(history, 'train');
  const valLoss = field(history, 'val');
  const finiteList = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!finiteList(trainLoss) || !finiteList(valLoss) || trainLoss.length !== valLoss.length) {
    t.diagnose({ en: 'train must return history.train and history.val: one finite loss per epoch run, the same number of each.', ru: 'train должна возвращать history.train и history.val: по одному конечному значению потерь на каждую эпоху, поровну.' });
    t.case(false);
    return;
  }
  const falls = trainLoss[trainLoss.length - 1] < trainLoss[0];
  if (!falls) t.diagnose({ en: 'The training loss did not fall over a short run: check that each batch\'s gradients reach adamStep and that the new parameters are kept.', ru: 'Потери на обучении не снизились за короткий прогон: проверьте, что градиенты каждого пакета доходят до adamStep и новые параметры сохраняются.' });
  t.case(falls);
  // The weights returned are the best epoch's: their validation loss (by the reference) is the smallest of history.val.
  const returned = field(got, 'params');
  const best = Math.min(...valLoss);
  const restoredOk = PARAMS.every((n) => field(returned, n) instanceof Matrix) &&
    closeNumber(ref.mseLoss(ref.forecasterForward(returned as ref.ForecasterParams, data.val.xs).pred, data.val.y).loss, best) &&
    field(got, 'bestEpoch') === valLoss.indexOf(best) + 1;
  if (!restoredOk) t.diagnose({ en: 'train must return the weights of its best validation epoch (and that epoch\'s number, from 1), not the last epoch\'s.', ru: 'train должна возвращать веса эпохи с лучшими потерями на валидации (и её номер, начиная с 1), а не последней эпохи.' });
  t.case(restoredOk);
  // The whole procedure as the statement fixes it: same seed use, batches, losses and stopping as the reference.
  const want = ref.train(data, options);
  const sameRun = valLoss.length === want.history.val.length && valLoss.every((v, i) => closeNumber(v, want.history.val[i]));
  if (!sameRun) t.hint({ en: 'Your run differs from the statement\'s procedure: seededRandom(seed) gives first initForecaster\'s seed, then each epoch\'s shuffledIndices; the training loss is the batch-size-weighted mean; stop after `patience` epochs without a better validation loss.', ru: 'Ваш прогон отличается от описанного в условии: seededRandom(seed) даёт сначала зерно для initForecaster, затем порядок shuffledIndices каждой эпохи; потери обучения — среднее, взвешенное по размеру пакетов; остановка после `patience` эпох без улучшения на валидации.' });
  t.case(sameRun);
});

// ——— the trained model ———

type Verdict =
  | { ok: true; model: ModelFile; params: ref.ForecasterParams; s: ref.Standardizer }
  /** `leaked`: a readable model standardised with the test year; it earns nothing, but the report still shows why. */
  | { ok: false; leaked?: { params: ref.ForecasterParams; s: ref.Standardizer } };

/** model.json read and checked once per student: this module is loaded once per student (see grade/run-suites.ts). */
const reads = new Map<string, ReturnType<typeof readModelFile>>();
function readOnce(file: string): ReturnType<typeof readModelFile> {
  let read = reads.get(file);
  if (!read) reads.set(file, (read = readModelFile(file, 'model.json')));
  return read;
}

/** Judges model.json for a check: valid, and standardised with the training statistics only. */
function judgeModel(t: CheckTools): Verdict {
  const artifact = t.artifact('model.json');
  if (!artifact || !('path' in artifact)) {
    const why = artifact && 'problem' in artifact ? artifact.problem : 'missing';
    t.diagnose(artifact && 'message' in artifact && artifact.message ? artifact.message : why === 'too-large'
      ? { en: `model.json is larger than ${artifact && 'limitBytes' in artifact ? artifact.limitBytes : 0} bytes: hand in the file train.ts writes.`, ru: `model.json больше ${artifact && 'limitBytes' in artifact ? artifact.limitBytes : 0} байт: сдайте файл, который записывает train.ts.` }
      : { en: 'No model.json was handed in next to forecaster.ts (or it is not a plain file): train with `npm run train` and submit the file it writes.', ru: 'Рядом с forecaster.ts нет model.json (или это не обычный файл): обучите модель командой `npm run train` и сдайте записанный ею файл.' });
    return { ok: false };
  }
  const read = readOnce(artifact.path);
  if (!read.ok) {
    t.diagnose(read.problems[0].message);
    return { ok: false };
  }
  const { params: p, standardizer: s } = ref.fromModelJson(read.model as ref.ModelJson);
  const { training, allYears } = theTask();
  const origin = standardizerOrigin(s, { training, allYears });
  if (origin.nearest !== 'training') {
    t.diagnose(origin.nearest === 'allYears'
      ? { en: 'The standardisation statistics in model.json were computed over every year, 2015 included: the test year leaked into your model. Fit them on the training windows only.', ru: 'Статистики стандартизации в model.json вычислены по всем годам, включая 2015: тестовый год просочился в модель. Вычисляйте их только по обучающим окнам.' }
      : { en: 'The standardisation statistics in model.json are not those of the training windows (up to 2014-06-30): fit them with fitStandardizer on the training windows only, as train.ts does.', ru: 'Статистики стандартизации в model.json не совпадают со статистиками обучающих окон (до 2014-06-30): вычисляйте их через fitStandardizer только по обучающим окнам, как в train.ts.' });
    if (origin.nearest !== 'allYears') return { ok: false };
    return { ok: false, leaked: { params: p, s } };
  }
  return { ok: true, model: read.model, params: p, s };
}

check(EXERCISE, 'model-file', async (t) => {
  const verdict = judgeModel(t);
  if (!verdict.ok) {
    if (verdict.leaked) t.flag({ en: 'model.json was standardised with statistics that include 2015, the test year.', ru: 'model.json стандартизован по статистикам, включающим 2015, тестовый год.' });
    return;
  }
  const { model, params: p, s } = verdict;
  const epochs = model.training.history.train.map((_, i) => i + 1);
  t.plot({
    id: 'training',
    title: { en: 'Your training: loss per epoch (standardised units)', ru: 'Ваше обучение: потери по эпохам (в стандартных единицах)' },
    xTitle: { en: 'epoch', ru: 'эпоха' },
    yTitle: { en: 'mean squared error', ru: 'среднеквадратичная ошибка' },
    families: [{ id: 'loss', title: { en: 'training and validation loss', ru: 'потери на обучении и валидации' } }],
    series: [
      { label: 'train', family: 'loss', source: 'student', points: epochs.map((e, i) => [e, model.training.history.train[i]]) },
      { label: 'validation', family: 'loss', source: 'student', points: epochs.map((e, i) => [e, model.training.history.val[i]]) },
    ],
  });
  // Your code and the reference run the same weights on 2015: they must agree, or the model only works in your code.
  const { test } = theTask();
  const f: StudentModule = t.module('forecaster');
  const yours = await f.call('predict', [p, s, test]);
  const reference = ref.predict(p, s, test);
  const agrees = t.matrix('your forecast for 2015', yours, reference);
  if (!agrees) {
    t.diagnose({ en: 'Your predict and the reference give different forecasts from the same model.json. Your grade for the forecast uses the reference\'s forward pass on your weights.', ru: 'Ваш predict и эталон дают разные прогнозы по одному и тому же model.json. Оценка прогноза использует эталонный прямой проход на ваших весах.' });
    if (yours instanceof Matrix && yours.rows === test.y.rows && ref.mae(yours, test.y) < ref.mae(reference, test.y) - 0.05) {
      t.flag({ en: 'The student\'s own code forecasts 2015 clearly better than the reference does with the same weights.', ru: 'Собственный код студента прогнозирует 2015 год заметно лучше, чем эталон на тех же весах.' });
    }
  }
  t.case(agrees);
});

const fmt = (v: number) => `${v.toFixed(3)} °C`;
const pct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(1)} %`;

check(EXERCISE, 'forecast', async (t) => {
  const verdict = judgeModel(t);
  const model = verdict.ok ? verdict : verdict.leaked;
  if (!model) return;
  const { test, baselines } = theTask();
  const pred = ref.predict(model.params, model.s, test);
  const maeOf = (m: Matrix) => ref.mae(m, test.y);
  const persistence = maeOf(baselines.persistence);
  const yours = maeOf(pred);
  const improvement = 1 - yours / persistence;
  t.table({
    title: { en: '2015 test: mean absolute error of tomorrow\'s maximum temperature', ru: 'Тест 2015: средняя абсолютная ошибка максимальной температуры завтра' },
    columns: [{ en: 'MAE', ru: 'MAE' }, { en: 'vs persistence', ru: 'относительно персистентного' }],
    rows: [
      { label: { en: 'persistence (tomorrow = today)', ru: 'персистентный (завтра = сегодня)' }, cells: [fmt(persistence), pct(0)] },
      { label: { en: 'climatology', ru: 'климатология' }, cells: [fmt(maeOf(baselines.climatology)), pct(1 - maeOf(baselines.climatology) / persistence)] },
      { label: { en: 'ridge regression', ru: 'гребневая регрессия' }, cells: [fmt(maeOf(baselines.ridge)), pct(1 - maeOf(baselines.ridge) / persistence)] },
      { label: { en: 'your model', ru: 'ваша модель' }, cells: [fmt(yours), pct(improvement)] },
    ],
  });
  const every2 = (m: Matrix) => test.dates.flatMap((d, i) => (i % 2 === 0 ? [[ref.dayOfYear(d), m.data[i]] as [number, number]] : []));
  t.plot({
    id: 'forecast-2015',
    title: { en: 'Your forecast of 2015 against the observations (every other day)', ru: 'Ваш прогноз на 2015 год и наблюдения (через день)' },
    xTitle: { en: 'day of 2015', ru: 'день 2015 года' },
    yTitle: { en: 'maximum temperature, °C', ru: 'максимальная температура, °C' },
    families: [{ id: '2015', title: { en: 'Seattle, 2015', ru: 'Сиэтл, 2015' } }],
    series: [
      { label: 'observed', family: '2015', source: 'reference', points: every2(test.y) },
      { label: 'persistence', family: '2015', source: 'reference', points: every2(baselines.persistence) },
      { label: 'your model', family: '2015', source: 'student', points: every2(pred) },
    ],
  });
  if (improvement > REVIEW_ABOVE) {
    t.flag(fill({ en: 'The 2015 forecast is {p} better than persistence, more than a model trained on the past usually reaches: possible leakage of test data.', ru: 'Прогноз на 2015 год лучше персистентного на {p}, больше, чем обычно достигает модель, обученная на прошлом: возможна утечка тестовых данных.' }, { p: pct(improvement) }));
  }
  if (!verdict.ok) return; // a leaked model is shown, not scored
  const share = Math.max(0, Math.min(1, improvement / FULL_CREDIT));
  const steps = Math.floor(share * CREDIT_STEPS + 1e-9);
  if (steps < CREDIT_STEPS) {
    t.diagnose(fill({
      en: 'On 2015 your model\'s MAE is {yours}, {p} against persistence ({persistence}). Points grow with the improvement: none at 0 %, full from 5 % (MAE ≤ {full}). Early stopping on validation is what usually makes the difference.',
      ru: 'На 2015 году MAE вашей модели {yours}, {p} относительно персистентного прогноза ({persistence}). Баллы растут с улучшением: ноль при 0 %, полный балл от 5 % (MAE ≤ {full}). Обычно всё решает ранняя остановка по валидации.',
    }, { yours: fmt(yours), p: pct(improvement), persistence: fmt(persistence), full: fmt(persistence * (1 - FULL_CREDIT)) }));
  }
  for (let i = 0; i < CREDIT_STEPS; i++) t.case(i < steps);
});
