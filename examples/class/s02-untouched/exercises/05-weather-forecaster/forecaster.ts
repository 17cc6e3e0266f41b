/**
 * 05 · The weather forecaster.
 *
 * Predict tomorrow's maximum temperature in Seattle (°C) from the previous 7 days of NOAA observations, with an
 * LSTM (your cell from exercise 03) and a dense head, trained by backpropagation through time and Adam.
 *
 * The data. Day d of the file has temp_max, temp_min (°C), precipitation (mm) and wind (m/s). Its six features are
 *
 *     [temp_max, temp_min, precipitation, wind, sin θ, cos θ],    θ = 2π·(doy − 1) / 365.25
 *
 * where doy is the day of the year counted from 1 (1 January → 1, 31 December → 365, or 366 in a leap year), so
 * 1 January has θ = 0 and the pair (sin θ, cos θ) goes round a circle once a year: the season, with no jump
 * between 31 December and 1 January.
 *
 * A window is T = 7 consecutive days d−7 … d−1 and its target is temp_max of day d (the window's date). With the
 * batch in rows, N windows are a sequence of T matrices xs[0 … T−1], each N×6: row n of xs[k] holds the features
 * of day d_n − T + k, so xs[T−1] is the day just before the target ("today"). The targets are an N×1 matrix y.
 *
 * The split, by target date: training up to 2014-06-30, validation 2014-07-01 … 2014-12-31, test = the 365
 * targets of 2015, which the student kit does not contain. Everything the model learns, the standardisation
 * statistics included, comes from the training windows only.
 *
 * The model. From h_0 = c_0 = 0, with the LSTM of exercise 03 (Wx D×4H, Wh H×4H, b 1×4H, blocks i, f, g, o):
 *
 *     h_1 … h_T = LSTM(xs)                 each N×H
 *     ŷ = h_T·Wy + by                      N×1 (Wy H×1, by 1×1): a dense head on the last output only
 *     L = (1/N)·Σ_n (ŷ_n − y_n)²           the mean squared error, on standardised targets
 *
 * All numbers are float64; no function changes its arguments; every random choice comes from a seed.
 */
import { Matrix, seededRandom } from '../lib/matrix';
import { initLstm, lstmBackward, lstmForward, type LstmParams, type LstmSequenceCache } from '../03-lstm-cell/lstm';

/** The six features of a day, in this order. */
export const FEATURES = ['temp_max', 'temp_min', 'precipitation', 'wind', 'sin_doy', 'cos_doy'] as const;
/** Days in a window (the sequence length T). */
export const WINDOW = 7;
/** Units of the LSTM. */
export const HIDDEN = 16;
/** The task's split by target date (bounds included). */
export const SPLIT = {
  trainTo: '2014-06-30',
  valFrom: '2014-07-01',
  valTo: '2014-12-31',
  testFrom: '2015-01-01',
  testTo: '2015-12-31',
} as const;

/** One day of observations, with the data file's column names (datasets/weather.ts loads them). */
export interface Day {
  date: string; //          YYYY-MM-DD
  temp_max: number; //      °C
  temp_min: number; //      °C
  precipitation: number; // mm
  wind: number; //          m/s
}

/** N windows and their targets. */
export interface Windows {
  xs: Matrix[]; //    T of N×6, oldest day first
  y: Matrix; //       N×1  temp_max of each target day
  dates: string[]; // N    the target days
}

/** Statistics of the training windows: per feature (6 each) and of the target. */
export interface Standardizer {
  mean: number[];
  std: number[];
  yMean: number;
  yStd: number;
}

/** The LSTM's parameters (exercise 03) and the dense head. */
export interface ForecasterParams extends LstmParams {
  Wy: Matrix; // H×1  last output → forecast
  by: Matrix; // 1×1
}

/** The parameter names, in the order the optimizer and model.json list them. */
export const PARAM_NAMES = ['Wx', 'Wh', 'b', 'Wy', 'by'] as const;

/** What forecasterBackward needs from forecasterForward. */
export interface ForecasterCache {
  lstm: LstmSequenceCache;
  hLast: Matrix; // N×H  h_T, the head's input
  Wy: Matrix; //    H×1
}

/** Adam's settings (Kingma and Ba, 2015); the usual values are beta1 0.9, beta2 0.999, eps 1e-8. */
export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** Adam's running averages: m of the gradients, v of their squares (shaped like the parameters), after t steps. */
export interface AdamState {
  t: number;
  m: ForecasterParams;
  v: ForecasterParams;
}

export interface TrainOptions {
  hidden: number; //    LSTM units H
  epochs: number; //    at most this many passes over the training windows
  batchSize: number; // windows per Adam step (the last batch of an epoch may be smaller)
  lr: number; //        Adam's learning rate (beta1 0.9, beta2 0.999, eps 1e-8)
  clip: number; //      maximum global gradient norm (Infinity: no clipping)
  patience: number; //  stop after this many epochs without a better validation loss
  seed: number; //      initial weights and the order of the windows
}

/** The settings of the reference: they beat persistence on 2015 for every seed tried (see the README). */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  hidden: HIDDEN,
  epochs: 150,
  batchSize: 32,
  lr: 0.003,
  clip: 1,
  patience: 20,
  seed: 1,
};

/** What train reports after each epoch (for a progress bar). */
export interface EpochReport {
  epoch: number; //       1, 2, …
  epochs: number; //      the maximum
  trainLoss: number;
  valLoss: number;
  bestEpoch: number;
  bestValLoss: number;
  last: boolean; //       no epoch follows (the maximum is reached, or early stopping ends the training)
}

export interface TrainResult {
  params: ForecasterParams; // the weights of the best epoch
  history: { train: number[]; val: number[] }; // one entry per epoch run
  bestEpoch: number; //        1-based; its weights are the ones returned
}

// ——— data ———

/** The day of the year, 1 … 366, of a YYYY-MM-DD date (in UTC, so no time zone can shift it). */
export function dayOfYear(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Math.round((t - Date.parse(`${date.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000) + 1;
}

/** The YYYY-MM-DD date one day after `date`. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Matrix.from, except that no rows give a 0×cols matrix (Matrix.from([]) is 0×0). */
export function fromRows(rows: number[][], cols: number): Matrix {
  return rows.length === 0 ? Matrix.zeros(0, cols) : Matrix.from(rows);
}

/** A day's six features: [temp_max, temp_min, precipitation, wind, sin θ, cos θ], θ = 2π·(doy − 1)/365.25. */
export function dayFeatures(day: Day): number[] {
  // TODO: write dayFeatures (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: dayFeatures is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: dayFeatures ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Every window whose target date lies in [targetFrom, targetTo] (bounds included, YYYY-MM-DD) and whose `window`
 * input days are all in `days`, in date order. `days` must be consecutive days in date order; the first `window`
 * days are never targets, since they lack a full week before them. The values stay raw (°C, mm, m/s).
 */
export function makeWindows(days: Day[], targetFrom: string, targetTo: string, window = WINDOW): Windows {
  // TODO: write makeWindows (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: makeWindows is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: makeWindows ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * The training statistics. Each feature's mean and standard deviation are taken over every row of every step of
 * the training windows (all N·T rows of xs[0 … T−1]; a day inside the period appears in up to T windows and is
 * counted each time); the target's over the N values of y. Standard deviations divide by the count (population
 * form, like numpy's default). A feature that never varies would give 0: its std is then 1, so it standardises
 * to 0 instead of NaN.
 */
export function fitStandardizer(train: Windows): Standardizer {
  // TODO: write fitStandardizer (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: fitStandardizer is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: fitStandardizer ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** The windows in standard units: each feature (x − mean)/std, and the target (y − yMean)/yStd. */
export function standardize(w: Windows, s: Standardizer): Windows {
  // TODO: write standardize (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: standardize is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: standardize ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** Standardised forecasts back in °C: z·yStd + yMean. */
export function unstandardize(z: Matrix, s: Standardizer): Matrix {
  // TODO: write unstandardize (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: unstandardize is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: unstandardize ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

// ——— baselines and the error measure ———

/** Persistence: tomorrow's temp_max equals today's, the last input day's (raw windows, °C). N×1. */
export function persistence(w: Windows): Matrix {
  // TODO: write persistence (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: persistence is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: persistence ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Climatology: the usual temp_max of the target's time of year. For each date, the mean temp_max of every day in
 * `history` whose day of year lies within `halfWidth` days of the date's, measured round the year:
 * distance(a, b) = min(|a − b|, 365.25 − |a − b|) ≤ halfWidth. `history` is what the baseline may learn from: the
 * training period, every day up to 2014-06-30. N×1, °C.
 */
export function climatology(history: Day[], dates: string[], halfWidth = 7): Matrix {
  // TODO: write climatology (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: climatology is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: climatology ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** The mean absolute error (1/N)·Σ |pred − y| of two N×1 matrices, in their unit (°C for the task). */
export function mae(pred: Matrix, y: Matrix): number {
  // TODO: write mae (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: mae is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: mae ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** The loss L = (1/N)·Σ (pred − y)² of two N×1 matrices and its gradient dL/dpred = (2/N)·(pred − y), N×1. */
export function mseLoss(pred: Matrix, y: Matrix): { loss: number; dPred: Matrix } {
  // TODO: write mseLoss (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: mseLoss is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: mseLoss ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

// ——— the model ———

/**
 * Fresh parameters for D features and H units: the LSTM from initLstm (exercise 03), Wy uniform in [−1/√H, 1/√H),
 * by = 0. One generator seeded with `seed` hands out the seeds: first the LSTM's, then Wy's.
 */
export function initForecaster(D: number, H: number, seed: number): ForecasterParams {
  // TODO: write initForecaster (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: initForecaster is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: initForecaster ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** The forecast ŷ = h_T·Wy + by (N×1, standard units) of windows xs (T of N×D), from h_0 = c_0 = 0. */
export function forecasterForward(p: ForecasterParams, xs: Matrix[]): { pred: Matrix; cache: ForecasterCache } {
  // TODO: write forecasterForward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: forecasterForward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: forecasterForward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Backpropagates dPred = ∂L/∂ŷ (N×1) through the head and the LSTM. Returns ∂L/∂ of every parameter, in the
 * parameters' shapes and names. Only h_T feeds the head, so the LSTM gets ∂L/∂h_t = 0 for t < T.
 */
export function forecasterBackward(dPred: Matrix, cache: ForecasterCache): ForecasterParams {
  // TODO: write forecasterBackward (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: forecasterBackward is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: forecasterBackward ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

// ——— training ———

/**
 * Global-norm clipping: with ‖g‖ = √(Σ over every parameter's gradient of Σ g²), the gradients scaled by
 * maxNorm/‖g‖ when ‖g‖ > maxNorm, unchanged otherwise. Also returns ‖g‖ before clipping.
 */
export function clipGlobalNorm(grads: ForecasterParams, maxNorm: number): { grads: ForecasterParams; norm: number } {
  // TODO: write clipGlobalNorm (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: clipGlobalNorm is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: clipGlobalNorm ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** Adam's state before the first step: t = 0 and zero averages. */
export function adamInit(params: ForecasterParams): AdamState {
  const zeros = { ...params };
  for (const name of PARAM_NAMES) zeros[name] = Matrix.zeros(params[name].rows, params[name].cols);
  return { t: 0, m: zeros, v: zeros };
}

/**
 * One Adam step, elementwise for every parameter θ with gradient g, at step t = state.t + 1:
 *
 *     m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *     m̂ = m / (1 − β1^t)             v̂ = v / (1 − β2^t)            (the averages start at 0: bias correction)
 *     θ ← θ − lr · m̂ / (√v̂ + eps)
 *
 * Returns the new parameters and the new state; the arguments are left as they were.
 */
export function adamStep(
  params: ForecasterParams,
  grads: ForecasterParams,
  state: AdamState,
  o: AdamOptions,
): { params: ForecasterParams; state: AdamState } {
  // TODO: write adamStep (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: adamStep is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: adamStep ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** 0 … n−1 in a random order (Fisher–Yates), drawn from `next`, a generator like seededRandom's. */
export function shuffledIndices(n: number, next: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The windows at positions `rows`, in that order. */
export function selectRows(w: Windows, rows: number[]): Windows {
  const take = (m: Matrix): Matrix => {
    const out = new Float64Array(rows.length * m.cols);
    rows.forEach((r, i) => out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
    return new Matrix(rows.length, m.cols, out);
  };
  return { xs: w.xs.map(take), y: take(w.y), dates: rows.map((r) => w.dates[r]) };
}

/**
 * Trains a forecaster on standardised windows. Seeded: seededRandom(options.seed) gives first the seed of
 * initForecaster, then the order of the training windows in each epoch (shuffledIndices). Each epoch runs over
 * minibatches of batchSize windows in that order; each batch is one forward, mseLoss, backward, clipGlobalNorm and
 * adamStep. After each epoch:
 *   - the training loss is the mean of the epoch's batch losses weighted by batch size (as Keras reports it),
 *   - the validation loss is mseLoss of the whole validation set with the epoch's final weights,
 *   - early stopping: a validation loss below every earlier one makes this epoch the best and keeps its weights;
 *     after `patience` epochs in a row without a new best, training stops.
 * Returns the best epoch's weights, never the last ones.
 */
export function train(
  data: { train: Windows; val: Windows },
  options: TrainOptions,
  onEpoch?: (report: EpochReport) => void,
): TrainResult {
  // TODO: write train (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: train is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: train ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/** Forecasts in °C for raw windows: standardise with the training statistics, run the model, undo the scaling. */
export function predict(params: ForecasterParams, s: Standardizer, w: Windows): Matrix {
  // TODO: write predict (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 05-weather-forecaster: predict is not implemented yet. Remove this line and write it (see README.md). / Упражнение 05-weather-forecaster: predict ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

// ——— model.json ———

/** The trained model as a JSON file (schema: grader/schemas/model.schema.json). */
export interface ModelJson {
  format: 'gatelab-forecaster';
  formatVersion: 1;
  kitVersion: string;
  architecture: {
    cell: 'lstm';
    features: string[]; // FEATURES, in order
    window: number; //     T
    hidden: number; //     H
    target: 'temp_max';
    horizon: 1; //         days ahead
  };
  standardizer: Standardizer;
  weights: Record<(typeof PARAM_NAMES)[number], number[][]>;
  training: {
    seed: number;
    options: Omit<TrainOptions, 'clip'> & { clip: number | null }; // null: no clipping (JSON has no Infinity)
    bestEpoch: number;
    history: { train: number[]; val: number[] };
    split: typeof SPLIT;
  };
}

/** Everything needed to use and to judge a trained model, as plain JSON data. */
export function toModelJson(
  params: ForecasterParams,
  standardizer: Standardizer,
  result: TrainResult,
  options: TrainOptions,
  kitVersion: string,
): ModelJson {
  const weights = {} as ModelJson['weights'];
  for (const name of PARAM_NAMES) weights[name] = params[name].toArray();
  return {
    format: 'gatelab-forecaster',
    formatVersion: 1,
    kitVersion,
    architecture: {
      cell: 'lstm',
      features: [...FEATURES],
      window: WINDOW,
      hidden: params.Wh.rows,
      target: 'temp_max',
      horizon: 1,
    },
    standardizer: {
      mean: [...standardizer.mean],
      std: [...standardizer.std],
      yMean: standardizer.yMean,
      yStd: standardizer.yStd,
    },
    weights,
    training: {
      seed: options.seed,
      options: { ...options, clip: Number.isFinite(options.clip) ? options.clip : null },
      bestEpoch: result.bestEpoch,
      history: { train: [...result.history.train], val: [...result.history.val] },
      split: { ...SPLIT },
    },
  };
}

/** The parameters and statistics of a model.json (check it first: grader/forecast/model-file.ts does). */
export function fromModelJson(json: ModelJson): { params: ForecasterParams; standardizer: Standardizer } {
  const w = json.weights;
  const params = {
    Wx: Matrix.from(w.Wx),
    Wh: Matrix.from(w.Wh),
    b: Matrix.from(w.b),
    Wy: Matrix.from(w.Wy),
    by: Matrix.from(w.by),
  };
  const s = json.standardizer;
  return { params, standardizer: { mean: [...s.mean], std: [...s.std], yMean: s.yMean, yStd: s.yStd } };
}
