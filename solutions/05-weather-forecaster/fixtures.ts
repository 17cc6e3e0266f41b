/**
 * The public examples of exercise 05: inputs and the reference's answers. `gatelab generate` writes them to
 * exercises/05-weather-forecaster/fixtures.json from a fixed public seed; when grading, the public checks run on
 * fresh examples of the same kinds drawn from the student's seed.
 */
import { Matrix, seededRandom } from '../lib/matrix';
import * as ref from './forecaster';
import { randomDays, randomGrads, randomParams, randomStart, randomWindows } from './cases';

export interface DataExample {
  days: ref.Day[];
  targetFrom: string;
  targetTo: string;
  features: number[][]; //  dayFeatures of the first three days
  windows: ref.Windows;
  standardizer: ref.Standardizer;
  standardized: ref.Windows;
  persistence: Matrix;
  history: ref.Day[];
  climatology: Matrix;
  mae: number; //            mae(persistence, windows.y)
}

export interface ModelExample {
  params: ref.ForecasterParams;
  xs: Matrix[];
  y: Matrix;
  pred: Matrix;
  loss: number;
  dPred: Matrix;
  grads: ref.ForecasterParams;
  maxNorm: number;
  clipped: ref.ForecasterParams;
  norm: number;
  adam: ref.AdamOptions;
  /** Two Adam steps from adamInit, with `grads` then `grads2`: the parameters after each. */
  grads2: ref.ForecasterParams;
  afterOne: ref.ForecasterParams;
  afterTwo: ref.ForecasterParams;
}

/** unstandardize, predict and initForecaster, each on an example of its own. */
export interface HelpersExample {
  z: Matrix;
  standardizer: ref.Standardizer;
  unstandardized: Matrix;
  /** predict(params, standardizer, windows) on the data example's windows. */
  params: ref.ForecasterParams;
  predicted: Matrix;
  /** initForecaster is called with these; by is 0 and the LSTM's bias as initLstm's (the statement fixes both). */
  init: { D: number; H: number; seed: number; otherSeed: number };
  /** A tiny training run on the data example's standardised windows, and what the reference's train gives. */
  training: {
    data: { train: ref.Windows; val: ref.Windows };
    options: ref.TrainOptions;
    history: { train: number[]; val: number[] };
    bestEpoch: number;
  };
}

export interface PublicFixtures {
  data: DataExample;
  model: ModelExample;
  helpers: HelpersExample;
}

export function helpersExample(seed: number, data: DataExample): HelpersExample {
  const next = seededRandom(seed);
  const z = Matrix.random(5, 1, Math.floor(next() * 2 ** 32), -2, 2);
  const params = randomParams(Math.floor(next() * 2 ** 32), data.windows.xs[0].cols, 3);
  return {
    z,
    standardizer: data.standardizer,
    unstandardized: ref.unstandardize(z, data.standardizer),
    params,
    predicted: ref.predict(params, data.standardizer, data.windows),
    init: { D: 6, H: 16, seed: seed + 100, otherSeed: seed + 101 },
    training: trainingExample(seed + 200, data),
  };
}

function trainingExample(seed: number, data: DataExample): HelpersExample['training'] {
  const rows = data.standardized.y.rows;
  const split = Math.floor((rows * 3) / 4);
  const pick = (from: number, to: number) =>
    ref.selectRows(
      data.standardized,
      Array.from({ length: to - from }, (_, i) => from + i),
    );
  const trainData = { train: pick(0, split), val: pick(split, rows) };
  const options: ref.TrainOptions = { hidden: 3, epochs: 5, batchSize: 4, lr: 0.02, clip: 1, patience: 2, seed };
  const result = ref.train(trainData, options);
  return { data: trainData, options, history: result.history, bestEpoch: result.bestEpoch };
}

export const PUBLIC_ADAM: ref.AdamOptions = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

export function dataExample(seed: number): DataExample {
  const next = seededRandom(seed);
  const days = randomDays(Math.floor(next() * 2 ** 32), 30, randomStart(Math.floor(next() * 2 ** 32)));
  const [targetFrom, targetTo] = [days[9].date, days[24].date];
  const windows = ref.makeWindows(days, targetFrom, targetTo);
  const standardizer = ref.fitStandardizer(windows);
  const history = randomDays(Math.floor(next() * 2 ** 32), 400, '2012-01-01');
  const persistence = ref.persistence(windows);
  return {
    days,
    targetFrom,
    targetTo,
    features: days.slice(0, 3).map(ref.dayFeatures),
    windows,
    standardizer,
    standardized: ref.standardize(windows, standardizer),
    persistence,
    history,
    climatology: ref.climatology(history, windows.dates),
    mae: ref.mae(persistence, windows.y),
  };
}

export function modelExample(seed: number): ModelExample {
  const next = seededRandom(seed);
  const [N, T, D, H] = [4, 3, ref.FEATURES.length, 3];
  const params = randomParams(Math.floor(next() * 2 ** 32), D, H);
  const { xs, y } = randomWindows(Math.floor(next() * 2 ** 32), N, T);
  const { pred, cache } = ref.forecasterForward(params, xs);
  const { loss, dPred } = ref.mseLoss(pred, y);
  const grads = ref.forecasterBackward(dPred, cache);
  const { norm } = ref.clipGlobalNorm(grads, Infinity);
  const maxNorm = norm / 2;
  const clipped = ref.clipGlobalNorm(grads, maxNorm).grads;
  const first = ref.adamStep(params, grads, ref.adamInit(params), PUBLIC_ADAM);
  const grads2 = randomGrads(Math.floor(next() * 2 ** 32), params, 1);
  const second = ref.adamStep(first.params, grads2, first.state, PUBLIC_ADAM);
  return {
    params,
    xs,
    y,
    pred,
    loss,
    dPred,
    grads,
    maxNorm,
    clipped,
    norm,
    adam: PUBLIC_ADAM,
    grads2,
    afterOne: first.params,
    afterTwo: second.params,
  };
}

export function publicFixtures(seed: number): PublicFixtures {
  const data = dataExample(seed);
  return { data, model: modelExample(seed + 1), helpers: helpersExample(seed + 2, data) };
}
