/**
 * Public checks for exercise 05. Run them with `npx gatelab check 05-weather-forecaster`.
 * They compare your functions with the published examples in fixtures.json, and read your trained model.json;
 * when your work is graded, the same checks run on new examples of the same kinds, plus hidden checks, and your
 * model is scored on 2015, which your kit does not contain.
 *
 * Открытые проверки упражнения 05. Запуск: `npx gatelab check 05-weather-forecaster`.
 */
import { check, field, gradingContext, publicCases, type CheckTools, type StudentModule } from '../../grader/harness';
import { initProblem } from '../../grader/student/init-properties';
import { readModelFile } from '../../grader/forecast/model-file';
import { seattleDays } from '../../grader/forecast/data';
import { cellAware } from '../../grader/forecast/cell';
import { text } from '../../grader/shared/messages';
import { Matrix } from '../lib/matrix';

interface Windows {
  xs: Matrix[];
  y: Matrix;
  dates: string[];
}
interface Standardizer {
  mean: number[];
  std: number[];
  yMean: number;
  yStd: number;
}
type Params = Record<'Wx' | 'Wh' | 'b' | 'Wy' | 'by', Matrix>;
const PARAMS = ['Wx', 'Wh', 'b', 'Wy', 'by'] as const;

interface Fixtures {
  data: {
    days: unknown[];
    targetFrom: string;
    targetTo: string;
    features: number[][];
    windows: Windows;
    standardizer: Standardizer;
    standardized: Windows;
    persistence: Matrix;
    history: unknown[];
    climatology: Matrix;
    mae: number;
  };
  model: {
    params: Params;
    xs: Matrix[];
    y: Matrix;
    pred: Matrix;
    loss: number;
    dPred: Matrix;
    grads: Params;
    maxNorm: number;
    clipped: Params;
    norm: number;
    adam: { lr: number; beta1: number; beta2: number; eps: number };
    grads2: Params;
    afterOne: Params;
    afterTwo: Params;
  };
  helpers: {
    z: Matrix;
    standardizer: Standardizer;
    unstandardized: Matrix;
    params: Params;
    predicted: Matrix;
    init: { D: number; H: number; seed: number; otherSeed: number };
    training: {
      data: { train: Windows; val: Windows };
      options: Record<string, number>;
      history: { train: number[]; val: number[] };
      bestEpoch: number;
    };
  };
}

const EXERCISE = '05-weather-forecaster';
const fixtures = publicCases<Fixtures>(__dirname);
/** Your forecaster on your own 03 cell; when graded, on the reference cell if yours fails 03 (the report says so). */
const cellModule = cellAware(EXERCISE);
/** Public checks of this file that failed, per student: advice about training is given only when none of them did. */
const failedChecks = new Map<string, Set<string>>();
function failedHere(): Set<string> {
  const key = gradingContext().staging;
  let set = failedChecks.get(key);
  if (!set) failedChecks.set(key, (set = new Set()));
  return set;
}

/** Compares a list of matrices entry by entry (xs[0], xs[1], …). */
function matrices(t: CheckTools, name: string, got: unknown, want: Matrix[]): boolean {
  if (!Array.isArray(got) || got.length !== want.length) {
    t.diagnose({
      en: `${name} must be an array of ${want.length} matrices, one per day of the window.`,
      ru: `${name} должен быть массивом из ${want.length} матриц, по одной на день окна.`,
    });
    return false;
  }
  return want.map((w, k) => t.matrix(`${name}[${k}]`, got[k], w)).every(Boolean);
}

function windows(t: CheckTools, name: string, got: unknown, want: Windows): boolean {
  const xsOk = matrices(t, `${name}.xs`, field(got, 'xs'), want.xs);
  const yOk = t.matrix(`${name}.y`, field(got, 'y'), want.y);
  return xsOk && yOk;
}

function standardizer(t: CheckTools, got: unknown, want: Standardizer): boolean {
  const row = (v: unknown) =>
    Array.isArray(v) && v.every((x) => typeof x === 'number') ? Matrix.from([v as number[]]) : null;
  const meanOk = t.matrix('mean', row(field(got, 'mean')), Matrix.from([want.mean]));
  const stdOk = t.matrix('std', row(field(got, 'std')), Matrix.from([want.std]));
  const yMeanOk = t.number('yMean', field(got, 'yMean'), want.yMean);
  const yStdOk = t.number('yStd', field(got, 'yStd'), want.yStd);
  return meanOk && stdOk && yMeanOk && yStdOk;
}

function params(t: CheckTools, prefix: string, got: unknown, want: Params): boolean {
  return PARAMS.map((name) => t.matrix(`${prefix}${name}`, field(got, name), want[name])).every(Boolean);
}

check(
  EXERCISE,
  'public-data',
  async (t) => {
    const f = await cellModule(t, 'forecaster');
    const d = fixtures.data;
    const features = await f.callMany(
      'dayFeatures',
      d.days.slice(0, 3).map((day) => [day]),
    );
    t.case(
      t.matrix(
        'dayFeatures',
        features.every(Array.isArray) ? Matrix.from(features as number[][]) : null,
        Matrix.from(d.features),
      ),
    );
    t.case(windows(t, 'makeWindows', await f.call('makeWindows', [d.days, d.targetFrom, d.targetTo]), d.windows));
    t.case(standardizer(t, await f.call('fitStandardizer', [d.windows]), d.standardizer));
    t.case(windows(t, 'standardize', await f.call('standardize', [d.windows, d.standardizer]), d.standardized));
    // standardize uses the statistics it is given: with other statistics the result is (x − mean)/std with those.
    const other = { ...d.standardizer, mean: d.standardizer.mean.map((m) => m + 1), yMean: d.standardizer.yMean + 1 };
    const scaled = await f.call('standardize', [d.windows, other]);
    const own = windows(t, 'standardize (other statistics)', scaled, {
      xs: d.windows.xs.map((x) => x.map((v, _, c) => (v - other.mean[c]) / other.std[c])),
      y: d.windows.y.map((v) => (v - other.yMean) / other.yStd),
      dates: d.windows.dates,
    });
    if (!own && gradingContext().mode === 'grade') t.diagnose(text('forecast.standardize.refits'));
    t.case(own);
    t.case(t.matrix('persistence', await f.call('persistence', [d.windows]), d.persistence));
    t.case(t.matrix('climatology', await f.call('climatology', [d.history, d.windows.dates]), d.climatology));
    t.case(t.number('mae', await f.call('mae', [d.persistence, d.windows.y]), d.mae));
    if (t.anyFailed)
      failedHere().add('dayFeatures/makeWindows/fitStandardizer/standardize/persistence/climatology/mae');
  },
  {
    hint: {
      en: 'Row n of xs[k] is day (target − 7 + k): xs[6] is the day before the target. Standardise with the mean and population std over all N·T rows of the training xs; persistence is column 0 of the last day.',
      ru: 'Строка n матрицы xs[k] — это день (цель − 7 + k): xs[6] — день перед целью. Стандартизуйте средним и стандартным отклонением (деление на число строк) по всем N·T строкам обучающих xs; персистентный прогноз — столбец 0 последнего дня.',
    },
  },
);

check(
  EXERCISE,
  'public-model',
  async (t) => {
    const f = await cellModule(t, 'forecaster');
    const m = fixtures.model;
    const forward = await f.call('forecasterForward', [m.params, m.xs], { keep: ['cache'] });
    t.case(t.matrix('pred', field(forward, 'pred'), m.pred));
    const loss = await f.call('mseLoss', [m.pred, m.y]);
    t.case(t.number('loss', field(loss, 'loss'), m.loss) && t.matrix('dPred', field(loss, 'dPred'), m.dPred));
    t.case(params(t, 'd', await f.call('forecasterBackward', [m.dPred, field(forward, 'cache')]), m.grads));
    const clipped = await f.call('clipGlobalNorm', [m.grads, m.maxNorm]);
    t.case(
      t.number('norm', field(clipped, 'norm'), m.norm) && params(t, 'clipped ', field(clipped, 'grads'), m.clipped),
    );
    const one = await f.call('adamStep', [m.params, m.grads, await f.call('adamInit', [m.params]), m.adam]);
    const two = await f.call('adamStep', [field(one, 'params'), m.grads2, field(one, 'state'), m.adam]);
    t.case(
      params(t, 'after one step: ', field(one, 'params'), m.afterOne) &&
        params(t, 'after two steps: ', field(two, 'params'), m.afterTwo),
    );
    if (t.anyFailed) failedHere().add('forecasterForward/forecasterBackward/mseLoss/clipGlobalNorm/adamStep');
  },
  {
    hint: {
      en: 'ŷ = h_T·Wy + by from h_0 = c_0 = 0; dL/dŷ = (2/N)(ŷ − y); only h_T gets a gradient from the head. Adam divides m and v by 1 − β^t before the step.',
      ru: 'ŷ = h_T·Wy + by при h_0 = c_0 = 0; dL/dŷ = (2/N)(ŷ − y); градиент от головы получает только h_T. Adam делит m и v на 1 − β^t перед шагом.',
    },
  },
);

check(EXERCISE, 'public-model-file', async (t) => {
  const artifact = t.artifact('model.json');
  if (!artifact || !('path' in artifact)) {
    t.diagnose({
      en: 'There is no model.json next to forecaster.ts yet (or it is not a plain file, or too large): train your model with `npm run train`, which writes it.',
      ru: 'Рядом с forecaster.ts пока нет model.json (или это не обычный файл, или он слишком велик): обучите модель командой `npm run train`, она его запишет.',
    });
    return;
  }
  const read = readModelFile(artifact.path, 'model.json');
  if (!read.ok) {
    t.diagnose(read.problems[0].message);
    return;
  }
  // Your own code forecasts the validation half-year (2014-07-01 … 2014-12-31) with your model; it should beat
  // "tomorrow = today" there before the grader tries it on 2015.
  const f: StudentModule = await cellModule(t, 'forecaster');
  const model = await f.call('fromModelJson', [read.model]);
  const val = await f.call('makeWindows', [seattleDays(), '2014-07-01', '2014-12-31']);
  const pred = await f.call('predict', [field(model, 'params'), field(model, 'standardizer'), val]);
  const yours = await f.call('mae', [pred, field(val, 'y')]);
  const persistence = await f.call('mae', [await f.call('persistence', [val]), field(val, 'y')]);
  if (typeof yours !== 'number' || typeof persistence !== 'number' || !Number.isFinite(yours)) {
    t.diagnose({
      en: 'Your predict or mae did not give a finite number on the validation windows.',
      ru: 'Ваши predict или mae не дали конечного числа на валидационных окнах.',
    });
    return;
  }
  const line = {
    en: `On the validation half-year your model's MAE is ${yours.toFixed(3)} °C, persistence's ${persistence.toFixed(3)} °C.`,
    ru: `На валидационном полугодии MAE вашей модели ${yours.toFixed(3)} °C, персистентного прогноза ${persistence.toFixed(3)} °C.`,
  };
  const failed = failedHere();
  // predict is, by the statement, unstandardize(forecasterForward(params, standardize(w, s).xs).pred, s): built from
  // your own functions here, it tells a predict that skips a step from a model that is simply weak.
  const s = field(model, 'standardizer');
  const standardized = await f.call('standardize', [val, s]);
  const composed = await f.call('unstandardize', [
    field(await f.call('forecasterForward', [field(model, 'params'), field(standardized, 'xs')]), 'pred'),
    s,
  ]);
  const predictOwn = pred instanceof Matrix && composed instanceof Matrix && t.matrix('predict', pred, composed);
  if (!predictOwn) failed.add('predict');
  if (!(yours < persistence) && failed.size > 0) {
    // Your predict builds on the pieces checked above: a failing one, not the training, is the first suspect.
    t.diagnose(
      gradingContext().mode === 'grade' ? text('forecast.forecast.causes', { names: [...failed].join(', ') }) : line,
    );
  } else if (!(yours < persistence)) {
    t.diagnose({
      en: `${line.en} Train longer, or look at early stopping: it should keep the best epoch's weights.`,
      ru: `${line.ru} Обучайте дольше или проверьте раннюю остановку: она должна сохранять веса лучшей эпохи.`,
    });
  }
  t.case(yours < persistence);
});

check(
  EXERCISE,
  'public-helpers',
  async (t) => {
    const f = await cellModule(t, 'forecaster');
    const h = fixtures.helpers;
    t.case(t.matrix('unstandardize', await f.call('unstandardize', [h.z, h.standardizer]), h.unstandardized));
    t.case(
      t.matrix('predict', await f.call('predict', [h.params, h.standardizer, fixtures.data.windows]), h.predicted),
    );
    const { D, H, seed, otherSeed } = h.init;
    const [first, again, other] = [
      await f.call('initForecaster', [D, H, seed]),
      await f.call('initForecaster', [D, H, seed]),
      await f.call('initForecaster', [D, H, otherSeed]),
    ];
    const b = Matrix.concatCols([Matrix.zeros(1, H), Matrix.fill(1, H, 1), Matrix.zeros(1, H), Matrix.zeros(1, H)]);
    const spec = {
      fn: 'initForecaster',
      D,
      H,
      weights: { Wx: [D, 4 * H], Wh: [H, 4 * H], Wy: [H, 1] } as Record<string, [number, number]>,
      biases: { b, by: Matrix.zeros(1, 1) },
    };
    const problem = initProblem(spec, first, again, other);
    if (problem) t.diagnose(problem);
    t.case(problem === null);
    // A tiny run of train: the statement fixes the procedure, so the losses per epoch and the best epoch are the reference's.
    const run = h.training;
    const got = await f.call('train', [run.data, run.options]);
    const losses = (name: 'train' | 'val') => {
      const v = field(field(got, 'history'), name);
      return Array.isArray(v) && v.every((x) => typeof x === 'number') ? Matrix.from([v as number[]]) : null;
    };
    const trainOk = t.matrix('train: history.train', losses('train'), Matrix.from([run.history.train]));
    const valOk = t.matrix('train: history.val', losses('val'), Matrix.from([run.history.val]));
    t.case(t.number('train: bestEpoch', field(got, 'bestEpoch'), run.bestEpoch) && trainOk && valOk);
  },
  {
    hint: {
      en: "train: seededRandom(seed) gives first initForecaster's seed, then each epoch's order; keep the best validation epoch's weights. unstandardize undoes the target's scaling: z·yStd + yMean. predict standardises the windows with the training statistics, runs forecasterForward and unstandardizes ŷ. initForecaster takes the LSTM from initLstm (exercise 03) and adds Wy (H×1, uniform in [−1/√H, 1/√H)) and by = 0, all from seeds made from seed.",
      ru: 'train: seededRandom(seed) даёт сначала зерно для initForecaster, затем порядок каждой эпохи; сохраняйте веса лучшей эпохи на валидации. unstandardize отменяет масштабирование цели: z·yStd + yMean. predict стандартизирует окна статистиками обучающей выборки, вызывает forecasterForward и возвращает ŷ в °C через unstandardize. initForecaster берёт LSTM из initLstm (упражнение 03) и добавляет Wy (H×1, равномерно на [−1/√H, 1/√H)) и by = 0, всё с зёрнами, полученными из seed.',
    },
  },
);
