/**
 * Hidden suite of exercise 05 (teacher-only). The pieces (windows, statistics, baselines, loss, model, optimizer,
 * training) run on cases drawn from the student's seed and are compared with the reference, computed here in the
 * trusted process; a wrong piece is named from the typical mistakes (mistakes.ts). The trained model.json is read as
 * data, checked, and scored on 2015 with the reference's own forward pass and the model's own statistics, so a model
 * is judged by its weights, not by whatever the student's code says about them.
 *
 * The student's code runs on their own 03 cell, or on the reference cell when theirs fails (grader/forecast/cell.ts):
 * a mistake in the cell is charged in 03 only. Advice about training is given only where the cause is training: a
 * weak forecast or a differing run is blamed on the piece that failed its own check, when one did.
 */
import { Matrix } from '../lib/matrix';
import type { Localized } from '../../grader/shared/results';
import {
  closeNumber,
  type StudentModule,
  compareMatrix,
  field,
  studentFiniteDifferences,
  FD_TOLERANCE,
  gradientRelativeError,
  type CheckTools,
} from '../../grader/harness';
import { text } from '../../grader/shared/messages';
import * as ref from './forecaster';
import { theTask, trainingSlice } from './task';
import { randomDays, randomGrads, randomParams, randomStart, randomWindows } from './cases';
import * as mistakes from './mistakes';
import { judgeModel, nameHeadMistake } from './model-checks';
import { EXERCISE, failedHere, forecastCause, graded, TRAIN_USES } from './suite-state';
import { cellAware } from '../../grader/forecast/cell';

const PARAMS = ref.PARAM_NAMES;
/** Registered here, in the suite itself, so its clean-up runs after this student's file (see forecast/cell.ts). */
const cellModule = cellAware(EXERCISE);
/** The student's forecaster, on their own cell or (when grading and theirs fails 03) on the reference cell. */
const forecaster = (t: CheckTools): Promise<StudentModule> => cellModule(t, 'forecaster');
/** Full credit from this improvement over persistence on 2015; an improvement above REVIEW_ABOVE is looked at. */
const FULL_CREDIT = 0.05;
const REVIEW_ABOVE = 0.15;
const CREDIT_STEPS = 100;

// ——— comparisons ———

function matrices(t: CheckTools, name: string, got: unknown, want: Matrix[]): boolean {
  if (!Array.isArray(got) || got.length !== want.length) {
    t.diagnose(text('hidden.05.suite.matrices', { name, n: String(want.length) }));
    return false;
  }
  return want.map((w, k) => t.matrix(`${name}[${k}]`, got[k], w)).every(Boolean);
}

function sameDates(t: CheckTools, got: unknown, want: string[]): boolean {
  const ok = Array.isArray(got) && got.length === want.length && got.every((d, i) => d === want[i]);
  if (!ok) {
    t.diagnose(text('hidden.05.suite.windows.targetDates'));
  }
  return ok;
}

function windows(t: CheckTools, name: string, got: unknown, want: ref.Windows, withDates = false): boolean {
  const xsOk = matrices(t, `${name}.xs`, field(got, 'xs'), want.xs);
  const yOk = t.matrix(`${name}.y`, field(got, 'y'), want.y);
  const datesOk = !withDates || sameDates(t, field(got, 'dates'), want.dates);
  return xsOk && yOk && datesOk;
}

const asRow = (v: unknown): Matrix | null =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number') ? Matrix.from([v as number[]]) : null;

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

graded('windows', async (t) => {
  const f = await forecaster(t);
  const tables = [
    { days: randomDays(seedOf(t, 'a'), 40, randomStart(seedOf(t, 'a/start'))), from: 0, to: 39, window: 7 },
    { days: randomDays(seedOf(t, 'b'), 40, randomStart(seedOf(t, 'b/start'))), from: 15, to: 25, window: 7 },
    // Across 29 February 2012, with a shorter window.
    { days: randomDays(seedOf(t, 'c'), 20, '2012-02-20'), from: 0, to: 19, window: 3 },
  ];
  for (const k of tables) {
    const got = await f.callMany(
      'dayFeatures',
      k.days.map((d) => [d]),
    );
    const want = k.days.map(ref.dayFeatures);
    const featuresOk = t.matrix(
      'dayFeatures',
      got.every((r) => Array.isArray(r) && r.length === 6) ? Matrix.from(got as number[][]) : null,
      Matrix.from(want),
    );
    const [from, to] = [k.days[k.from].date, k.days[k.to].date];
    const w = await f.call('makeWindows', [k.days, from, to, k.window]);
    const ok = featuresOk && windows(t, 'makeWindows', w, ref.makeWindows(k.days, from, to, k.window), true);
    if (!ok) mistakes.nameWindowsMistake(t, w, k.days, from, to, k.window);
    t.case(ok);
  }
});

graded('standardize', async (t) => {
  const f = await forecaster(t);
  const calm = randomDays(seedOf(t, 'calm'), 30, randomStart(seedOf(t, 'calm/start'))).map((d) => ({ ...d, wind: 3 }));
  const tables = [randomDays(seedOf(t, 'a'), 60, randomStart(seedOf(t, 'a/start'))), calm];
  for (const [i, days] of tables.entries()) {
    const w = ref.makeWindows(days, days[0].date, days[days.length - 1].date);
    const s = ref.fitStandardizer(w);
    const fitted = await f.call('fitStandardizer', [w]);
    // A wrong result is named first, so the named mistake is the diagnosis rather than "yStd differs".
    if (!mistakes.sameStandardizer(fitted, s)) mistakes.nameFitMistake(t, fitted, w);
    const fitOk = standardizer(t, fitted, s);
    // The statistics given are another table's, as the training statistics are for validation and test windows: a
    // standardize that refits on its input gives a different result here.
    const other = ref.fitStandardizer(
      ref.makeWindows(tables[1 - i], tables[1 - i][0].date, tables[1 - i][tables[1 - i].length - 1].date),
    );
    const given = { ...other, std: other.std.map((v, j) => (j === 3 && i === 0 ? v + 1 : v)) };
    const scaled = await f.call('standardize', [w, given]);
    const stdOk = windows(t, 'standardize', scaled, ref.standardize(w, given));
    if (!stdOk) mistakes.nameStandardizeMistake(t, scaled, w, given);
    const z = Matrix.random(w.y.rows, 1, seedOf(t, `z/${i}`), -2, 2);
    const back = await f.call('unstandardize', [z, given]);
    const backOk = t.matrix('unstandardize', back, ref.unstandardize(z, given));
    if (!backOk) mistakes.nameUnstandardizeMistake(t, back, z, given);
    t.case(fitOk && stdOk && backOk);
  }
});

graded('baselines', async (t) => {
  const f = await forecaster(t);
  const days = randomDays(seedOf(t, 'days'), 50, randomStart(seedOf(t, 'start')));
  const w = ref.makeWindows(days, days[0].date, days[49].date);
  const persistence = await f.call('persistence', [w]);
  const persistenceOk = t.matrix('persistence', persistence, ref.persistence(w));
  if (!persistenceOk) mistakes.namePersistenceMistake(t, persistence, w);
  t.case(persistenceOk);
  const history = randomDays(seedOf(t, 'history'), 500, '2012-01-01');
  // Dates round the turn of the year too, where the distance between days of the year wraps.
  const dates = [
    ...randomDays(seedOf(t, 'dates'), 30, randomStart(seedOf(t, 'dates/start'))).map((d) => d.date),
    '2013-12-30',
    '2014-01-02',
  ];
  for (const halfWidth of [7, 2]) {
    const got = await f.call('climatology', halfWidth === 7 ? [history, dates] : [history, dates, halfWidth]);
    const ok = t.matrix(
      halfWidth === 7 ? 'climatology' : 'climatology (halfWidth 2)',
      got,
      ref.climatology(history, dates, halfWidth),
    );
    if (!ok) mistakes.nameClimatologyMistake(t, got, history, dates, halfWidth);
    t.case(ok);
  }
  // Errors of both signs, so that a mean of the errors and a mean of their absolute values differ.
  const [a, b] = [Matrix.random(25, 1, seedOf(t, 'a'), -5, 5), Matrix.random(25, 1, seedOf(t, 'b'), -5, 5)];
  const mae = await f.call('mae', [a, b]);
  if (!(typeof mae === 'number' && closeNumber(mae, ref.mae(a, b)))) mistakes.nameMaeMistake(t, mae, a, b); // named first
  const maeOk = t.number('mae', mae, ref.mae(a, b));
  t.case(maeOk);
});

graded('loss', async (t) => {
  const f = await forecaster(t);
  for (const N of [1, 5, 40]) {
    const [pred, y] = [
      Matrix.random(N, 1, seedOf(t, `p/${N}`), -3, 3),
      Matrix.random(N, 1, seedOf(t, `y/${N}`), -3, 3),
    ];
    const want = ref.mseLoss(pred, y);
    const got = await f.call('mseLoss', [pred, y]);
    const loss = field(got, 'loss');
    const right =
      typeof loss === 'number' &&
      closeNumber(loss, want.loss) &&
      field(got, 'dPred') instanceof Matrix &&
      compareMatrix('', field(got, 'dPred') as Matrix, want.dPred).ok;
    const named = !right && mistakes.nameLossMistake(t, got, pred, y); // named first: it is the diagnosis
    const lossOk = t.number('loss', field(got, 'loss'), want.loss);
    const gradOk = t.matrix('dPred', field(got, 'dPred'), want.dPred);
    if (!named && lossOk && !gradOk) t.diagnose(text('hidden.05.loss.gradOnly'));
    t.case(lossOk && gradOk);
  }
});

const SHAPES = [
  { N: 1, T: 1, D: 6, H: 2 },
  { N: 5, T: 7, D: 6, H: 4 },
  { N: 3, T: 20, D: 3, H: 5 },
];

graded('forward', async (t) => {
  const f = await forecaster(t);
  for (const [D, H] of [
    [6, 16],
    [3, 2],
  ]) {
    const seed = seedOf(t, `init/${D}/${H}`);
    t.case(params(t, 'initForecaster ', await f.call('initForecaster', [D, H, seed]), ref.initForecaster(D, H, seed)));
  }
  for (const [i, { N, T, D, H }] of SHAPES.entries()) {
    const p = randomParams(seedOf(t, `p/${i}`), D, H);
    const xs = randomWindows(seedOf(t, `x/${i}`), N, T).xs.map((x) => x.sliceCols(0, D));
    const got = field(await f.call('forecasterForward', [p, xs], { keep: ['cache'] }), 'pred');
    const ok = t.matrix('pred', got, ref.forecasterForward(p, xs).pred);
    if (!ok) nameHeadMistake(t, got, p, xs);
    t.case(ok);
  }
});

graded('gradients', async (t) => {
  const f = await forecaster(t);
  for (const [i, { N, T, D, H }] of SHAPES.entries()) {
    const p = randomParams(seedOf(t, `p/${i}`), D, H);
    const xs = randomWindows(seedOf(t, `x/${i}`), N, T).xs.map((x) => x.sliceCols(0, D));
    const dPred = Matrix.random(N, 1, seedOf(t, `d/${i}`), -1, 1);
    const want = ref.forecasterBackward(dPred, ref.forecasterForward(p, xs).cache);
    const forward = await f.call('forecasterForward', [p, xs], { keep: ['cache'] });
    const got = await f.call('forecasterBackward', [dPred, field(forward, 'cache')]);
    const ok = params(t, 'd', got, want);
    const headWrong =
      !ok &&
      ['Wy', 'by'].some(
        (k) =>
          !(field(got, k) instanceof Matrix && compareMatrix('', field(got, k) as Matrix, want[k as 'Wy' | 'by']).ok),
      );
    if (headWrong) t.diagnose(text('hidden.05.model.headGradient'));
    t.case(ok);
  }
  // Your backward against finite differences of your own forward, on a small smooth case: L = Σ dPred ⊙ ŷ. The
  // agreement earns its case only where your forward is right on the same case (CheckTools.consistencyCase).
  const [N, T, D, H] = [2, 3, 3, 2];
  const p = randomParams(seedOf(t, 'fd/p'), D, H, 0.4);
  const xs = randomWindows(seedOf(t, 'fd/x'), N, T).xs.map((x) => x.sliceCols(0, D).scale(0.5));
  const dPred = Matrix.random(N, 1, seedOf(t, 'fd/d'), -1, 1);
  const forward = await f.call('forecasterForward', [p, xs], { keep: ['cache'] });
  const forwardRight = (() => {
    const pred = field(forward, 'pred');
    return pred instanceof Matrix && compareMatrix('', pred, ref.forecasterForward(p, xs).pred).ok;
  })();
  const analytic = await f.call('forecasterBackward', [dPred, field(forward, 'cache')]);
  const numeric = await studentFiniteDifferences(
    f,
    'forecasterForward',
    [{ ...p }, xs],
    Object.fromEntries(PARAMS.map((name) => [name, p[name]])),
    ['pred'],
    (outs) =>
      outs.map((out) => {
        const pred = field(out, 'pred');
        return pred instanceof Matrix && pred.rows === N && pred.cols === 1 ? pred.mul(dPred).sum() : NaN;
      }),
  );
  const disagreeing = PARAMS.filter((name) => {
    const a = field(analytic, name);
    return !(
      a instanceof Matrix &&
      a.rows === numeric[name].rows &&
      a.cols === numeric[name].cols &&
      gradientRelativeError([a], [numeric[name]]) <= FD_TOLERANCE
    );
  });
  // Next to a wrong forward, "you disagree with yourself" would point at the wrong place: the harness's rule says why.
  if (disagreeing.length > 0 && forwardRight)
    t.diagnose(text('hidden.05.model.selfConsistency', { names: disagreeing.map((n) => `d${n}`).join(', ') }));
  t.consistencyCase({ forecasterForward: forwardRight }, disagreeing.length === 0);
});

graded('optimizer', async (t) => {
  const f = await forecaster(t);
  const p = randomParams(seedOf(t, 'p'), 6, 3);
  const grads = randomGrads(seedOf(t, 'g'), p, 1);
  const { norm } = ref.clipGlobalNorm(grads, Infinity);
  for (const maxNorm of [norm / 3, norm * 2]) {
    const got = await f.call('clipGlobalNorm', [grads, maxNorm]);
    const want = ref.clipGlobalNorm(grads, maxNorm);
    const ok =
      t.number('norm', field(got, 'norm'), want.norm) && params(t, 'clipped ', field(got, 'grads'), want.grads);
    if (!ok) mistakes.nameClipMistake(t, got, grads, maxNorm);
    t.case(ok);
  }
  const adam: ref.AdamOptions = { lr: 0.005, beta1: 0.8, beta2: 0.99, eps: 1e-7 };
  let want = { params: p, state: ref.adamInit(p) };
  let got: unknown = { params: p, state: ref.adamInit(p) };
  let ok = true;
  for (let step = 1; step <= 3 && ok; step++) {
    const g = randomGrads(seedOf(t, `adam/${step}`), p, step);
    const variants = mistakes.adamVariants(want.params, g, want.state, adam);
    want = ref.adamStep(want.params, g, want.state, adam);
    got = await f.call('adamStep', [field(got, 'params'), g, field(got, 'state'), adam]);
    ok = params(t, `after step ${step}: `, field(got, 'params'), want.params);
    if (!ok) mistakes.nameAdamMistake(t, field(got, 'params'), variants);
  }
  if (!ok) t.diagnose(text('hidden.05.optimizer.adamDrift'));
  t.case(ok);
});

graded('training', async (t) => {
  const f = await forecaster(t);
  // A small slice of the real task, so the run takes a moment: the loss must fall and the best weights come back.
  const data = trainingSlice();
  const options: ref.TrainOptions = {
    hidden: 4,
    epochs: 6,
    batchSize: 16,
    lr: 0.02,
    clip: 1,
    patience: 3,
    seed: seedOf(t, 'train'),
  };
  const got = await f.call('train', [data, options]);
  // train builds on the pieces checked above: where one of them fails, that is what the feedback names, not the training.
  const broken = Object.keys(TRAIN_USES)
    .filter((id) => failedHere().has(id))
    .map((id) => TRAIN_USES[id]);
  const blame = (own: Localized): void =>
    t.diagnose(broken.length > 0 ? text('hidden.05.training.dependsOn', { names: broken.join(', ') }) : own);
  const history = field(got, 'history');
  const trainLoss = field(history, 'train');
  const valLoss = field(history, 'val');
  const finiteList = (v: unknown): v is number[] =>
    Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!finiteList(trainLoss) || !finiteList(valLoss) || trainLoss.length !== valLoss.length) {
    t.diagnose(text('hidden.05.suite.training.history'));
    t.case(false);
    return;
  }
  const falls = trainLoss[trainLoss.length - 1] < trainLoss[0];
  if (!falls) blame(text('hidden.05.suite.training.lossDoesNotFall'));
  t.case(falls);
  // The weights returned are the best epoch's: their validation loss (by the reference) is the smallest of history.val.
  const returned = field(got, 'params');
  const best = Math.min(...valLoss);
  const restoredOk =
    PARAMS.every((n) => field(returned, n) instanceof Matrix) &&
    closeNumber(
      ref.mseLoss(ref.forecasterForward(returned as ref.ForecasterParams, data.val.xs).pred, data.val.y).loss,
      best,
    ) &&
    field(got, 'bestEpoch') === valLoss.indexOf(best) + 1;
  if (!restoredOk) blame(text('hidden.05.training.lastEpoch'));
  t.case(restoredOk);
  // The whole procedure as the statement fixes it: same seed use, batches, losses and stopping as the reference.
  const want = ref.train(data, options);
  const sameRun =
    valLoss.length === want.history.val.length && valLoss.every((v, i) => closeNumber(v, want.history.val[i]));
  if (!sameRun)
    t.hint(
      broken.length > 0
        ? text('hidden.05.training.dependsOn', { names: broken.join(', ') })
        : text('hidden.05.training.differs'),
    );
  t.case(sameRun);
});

// ——— the trained model ———

graded('model-file', async (t) => {
  const verdict = judgeModel(t);
  if (!verdict.ok) {
    if (verdict.leaked) t.flag(text('hidden.05.suite.modelFile.leakFlag'));
    return;
  }
  const { model, params: p, s } = verdict;
  const epochs = model.training.history.train.map((_, i) => i + 1);
  t.plot({
    id: 'training',
    title: text('hidden.05.plots.training.title'),
    xTitle: text('hidden.05.plots.training.x'),
    yTitle: text('hidden.05.plots.training.y'),
    families: [{ id: 'loss', title: text('hidden.05.plots.training.family') }],
    xInteger: true,
    series: [
      {
        label: 'train',
        title: text('hidden.05.plots.series.train'),
        family: 'loss',
        source: 'student',
        points: epochs.map((e, i) => [e, model.training.history.train[i]]),
      },
      {
        label: 'validation',
        title: text('hidden.05.plots.series.validation'),
        family: 'loss',
        source: 'student',
        points: epochs.map((e, i) => [e, model.training.history.val[i]]),
      },
    ],
  });
  // Your code and the reference run the same weights on 2015: they must agree, or the model only works in your code.
  const { test } = theTask();
  const f = await forecaster(t);
  const yours = await f.call('predict', [p, s, test]);
  const reference = ref.predict(p, s, test);
  const agrees = t.matrix('your forecast for 2015', yours, reference);
  if (!agrees) {
    const same = (m: Matrix): boolean => yours instanceof Matrix && compareMatrix('', yours, m, 1e-6, 1e-9).ok;
    const z = ref.forecasterForward(p, ref.standardize(test, s).xs).pred;
    if (same(z)) t.diagnose(text('hidden.05.predict.standardUnits'));
    else if (same(ref.unstandardize(ref.forecasterForward(p, test.xs).pred, s)))
      t.diagnose(text('hidden.05.predict.raw'));
    else t.diagnose(text('hidden.05.predict.differs'));
    if (
      yours instanceof Matrix &&
      yours.rows === test.y.rows &&
      ref.mae(yours, test.y) < ref.mae(reference, test.y) - 0.05
    ) {
      t.flag(text('hidden.05.suite.forecast.betterThanReferenceFlag'));
    }
  }
  t.case(agrees);
});

const fmt = (v: number) => `${v.toFixed(3)} °C`;
const pct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(1)} %`;

graded('forecast', async (t) => {
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
    title: text('hidden.05.suite.forecast.table.title'),
    columns: [text('hidden.05.suite.forecast.table.mae'), text('hidden.05.suite.forecast.table.vsPersistence')],
    rows: [
      { label: text('hidden.05.suite.forecast.table.persistence'), cells: [fmt(persistence), pct(0)] },
      {
        label: text('hidden.05.suite.forecast.table.climatology'),
        cells: [fmt(maeOf(baselines.climatology)), pct(1 - maeOf(baselines.climatology) / persistence)],
      },
      {
        label: text('hidden.05.suite.forecast.table.ridge'),
        cells: [fmt(maeOf(baselines.ridge)), pct(1 - maeOf(baselines.ridge) / persistence)],
      },
      { label: text('hidden.05.suite.forecast.table.yours'), cells: [fmt(yours), pct(improvement)] },
    ],
  });
  const every2 = (m: Matrix) =>
    test.dates.flatMap((d, i) => (i % 2 === 0 ? [[ref.dayOfYear(d), m.data[i]] as [number, number]] : []));
  t.plot({
    id: 'forecast-2015',
    title: text('hidden.05.plots.forecast.title'),
    xTitle: text('hidden.05.plots.forecast.x'),
    yTitle: text('hidden.05.plots.forecast.y'),
    families: [{ id: '2015', title: text('hidden.05.plots.forecast.family') }],
    xInteger: true,
    series: [
      {
        label: 'observed',
        title: text('hidden.05.plots.series.observed'),
        family: '2015',
        source: 'reference',
        points: every2(test.y),
      },
      {
        label: 'persistence',
        title: text('hidden.05.plots.series.persistence'),
        family: '2015',
        source: 'reference',
        points: every2(baselines.persistence),
      },
      {
        label: 'your model',
        title: text('hidden.05.plots.series.yours'),
        family: '2015',
        source: 'student',
        points: every2(pred),
      },
    ],
  });
  if (improvement > REVIEW_ABOVE) {
    t.flag(text('hidden.05.suite.forecast.leakageFlag', { p: pct(improvement) }));
  }
  if (!verdict.ok) return; // a leaked model is shown, not scored
  const share = Math.max(0, Math.min(1, improvement / FULL_CREDIT));
  const steps = Math.floor(share * CREDIT_STEPS + 1e-9);
  if (steps < CREDIT_STEPS) {
    const figures = {
      yours: fmt(yours),
      p: pct(improvement),
      persistence: fmt(persistence),
      full: fmt(persistence * (1 - FULL_CREDIT)),
    };
    // "Train longer / early stopping" only when nothing else explains the shortfall (COURSE.md: no false accusation).
    const cause = await forecastCause();
    t.diagnose(
      cause
        ? text('hidden.05.forecast.shortBecause', { ...figures, cause })
        : text('hidden.05.forecast.short', figures),
    );
  }
  for (let i = 0; i < CREDIT_STEPS; i++) t.case(i < steps);
});
