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
  const theta = (2 * Math.PI * (dayOfYear(day.date) - 1)) / 365.25;
  return [day.temp_max, day.temp_min, day.precipitation, day.wind, Math.sin(theta), Math.cos(theta)];
}

/**
 * Every window whose target date lies in [targetFrom, targetTo] (bounds included, YYYY-MM-DD) and whose `window`
 * input days are all in `days`, in date order. `days` must be consecutive days in date order; the first `window`
 * days are never targets, since they lack a full week before them. The values stay raw (°C, mm, m/s).
 */
export function makeWindows(days: Day[], targetFrom: string, targetTo: string, window = WINDOW): Windows {
  for (let i = 1; i < days.length; i++) {
    if (days[i].date !== nextDay(days[i - 1].date)) {
      throw new Error(
        `makeWindows: days[${i}] is ${days[i].date} but should be ${nextDay(days[i - 1].date)}; ` +
          'pass consecutive days in date order',
      );
    }
  }
  const features = days.map(dayFeatures); // one row of 6 per day
  const targets: number[] = []; //          indices of the target days
  for (let d = window; d < days.length; d++) {
    if (days[d].date >= targetFrom && days[d].date <= targetTo) targets.push(d); // ISO dates sort as text
  }
  // Row n of xs[k] is day targets[n] − window + k: xs[window − 1] is the day before each target.
  const xs = Array.from({ length: window }, (_, k) =>
    fromRows(
      targets.map((d) => features[d - window + k]),
      FEATURES.length,
    ),
  ); // T of N×6
  const y = fromRows(
    targets.map((d) => [days[d].temp_max]),
    1,
  ); //               N×1
  return { xs, y, dates: targets.map((d) => days[d].date) };
}

/**
 * The training statistics. Each feature's mean and standard deviation are taken over every row of every step of
 * the training windows (all N·T rows of xs[0 … T−1]; a day inside the period appears in up to T windows and is
 * counted each time); the target's over the N values of y. Standard deviations divide by the count (population
 * form, like numpy's default). A feature that never varies would give 0: its std is then 1, so it standardises
 * to 0 instead of NaN.
 */
export function fitStandardizer(train: Windows): Standardizer {
  const rows = Matrix.concatRows(train.xs); // N·T × 6
  const meanStd = (m: Matrix): { mean: number[]; std: number[] } => {
    const count = m.rows;
    const mean = m.sumRows().scale(1 / count); //                    1×K
    const centered = m.sub(mean); //                                count×K
    const variance = centered
      .mul(centered)
      .sumRows()
      .scale(1 / count); // 1×K, two passes: no cancellation
    return { mean: Array.from(mean.data), std: Array.from(variance.data, (v) => (v > 0 ? Math.sqrt(v) : 1)) };
  };
  const x = meanStd(rows);
  const y = meanStd(train.y);
  return { mean: x.mean, std: x.std, yMean: y.mean[0], yStd: y.std[0] };
}

/** The windows in standard units: each feature (x − mean)/std, and the target (y − yMean)/yStd. */
export function standardize(w: Windows, s: Standardizer): Windows {
  const xs = w.xs.map((x) => x.map((v, _, c) => (v - s.mean[c]) / s.std[c])); // T of N×6
  const y = w.y.map((v) => (v - s.yMean) / s.yStd); //                          N×1
  return { xs, y, dates: w.dates };
}

/** Standardised forecasts back in °C: z·yStd + yMean. */
export function unstandardize(z: Matrix, s: Standardizer): Matrix {
  return z.map((v) => v * s.yStd + s.yMean);
}

// ——— baselines and the error measure ———

/** Persistence: tomorrow's temp_max equals today's, the last input day's (raw windows, °C). N×1. */
export function persistence(w: Windows): Matrix {
  return w.xs[w.xs.length - 1].sliceCols(0, 1); // column 0 of the last day is its temp_max
}

/**
 * Climatology: the usual temp_max of the target's time of year. For each date, the mean temp_max of every day in
 * `history` whose day of year lies within `halfWidth` days of the date's, measured round the year:
 * distance(a, b) = min(|a − b|, 365.25 − |a − b|) ≤ halfWidth. `history` is what the baseline may learn from: the
 * training period, every day up to 2014-06-30. N×1, °C.
 */
export function climatology(history: Day[], dates: string[], halfWidth = 7): Matrix {
  const doys = history.map((day) => dayOfYear(day.date));
  const forecasts = dates.map((date) => {
    const a = dayOfYear(date);
    let sum = 0;
    let count = 0;
    history.forEach((day, i) => {
      const gap = Math.abs(doys[i] - a);
      if (Math.min(gap, 365.25 - gap) <= halfWidth) {
        sum += day.temp_max;
        count++;
      }
    });
    if (count === 0)
      throw new Error(`climatology: no day of the history lies within ${halfWidth} days of ${date}'s time of year`);
    return [sum / count];
  });
  return fromRows(forecasts, 1);
}

/** The mean absolute error (1/N)·Σ |pred − y| of two N×1 matrices, in their unit (°C for the task). */
export function mae(pred: Matrix, y: Matrix): number {
  if (pred.rows !== y.rows || pred.cols !== y.cols) throw new Error(`mae: shapes ${pred.shape} and ${y.shape} differ`);
  return pred.sub(y).map(Math.abs).sum() / pred.data.length;
}

/** The loss L = (1/N)·Σ (pred − y)² of two N×1 matrices and its gradient dL/dpred = (2/N)·(pred − y), N×1. */
export function mseLoss(pred: Matrix, y: Matrix): { loss: number; dPred: Matrix } {
  const diff = pred.sub(y); // N×1
  const n = diff.data.length;
  return { loss: diff.mul(diff).sum() / n, dPred: diff.scale(2 / n) };
}

// ——— the model ———

/**
 * Fresh parameters for D features and H units: the LSTM from initLstm (exercise 03), Wy uniform in [−1/√H, 1/√H),
 * by = 0. One generator seeded with `seed` hands out the seeds: first the LSTM's, then Wy's.
 */
export function initForecaster(D: number, H: number, seed: number): ForecasterParams {
  const next = seededRandom(seed);
  const lstm = initLstm(D, H, next());
  const r = 1 / Math.sqrt(H);
  return { ...lstm, Wy: Matrix.random(H, 1, next(), -r, r), by: Matrix.zeros(1, 1) };
}

/** The forecast ŷ = h_T·Wy + by (N×1, standard units) of windows xs (T of N×D), from h_0 = c_0 = 0. */
export function forecasterForward(p: ForecasterParams, xs: Matrix[]): { pred: Matrix; cache: ForecasterCache } {
  const N = xs[0].rows;
  const H = p.Wh.rows;
  const zeros = Matrix.zeros(N, H);
  const { hs, cache } = lstmForward(xs, zeros, zeros, { Wx: p.Wx, Wh: p.Wh, b: p.b });
  const hLast = hs[hs.length - 1]; //          N×H
  const pred = hLast.matmul(p.Wy).add(p.by); // N×1
  return { pred, cache: { lstm: cache, hLast, Wy: p.Wy } };
}

/**
 * Backpropagates dPred = ∂L/∂ŷ (N×1) through the head and the LSTM. Returns ∂L/∂ of every parameter, in the
 * parameters' shapes and names. Only h_T feeds the head, so the LSTM gets ∂L/∂h_t = 0 for t < T.
 */
export function forecasterBackward(dPred: Matrix, cache: ForecasterCache): ForecasterParams {
  const { lstm, hLast, Wy } = cache;
  const dWy = hLast.transpose().matmul(dPred); // H×1
  const dby = dPred.sumRows(); //                 1×1
  const dhLast = dPred.matmul(Wy.transpose()); // N×H
  const T = lstm.steps.length;
  const dhs = Array.from({ length: T }, (_, t) => (t === T - 1 ? dhLast : Matrix.zeros(hLast.rows, hLast.cols)));
  const { dWx, dWh, db } = lstmBackward(dhs, lstm);
  return { Wx: dWx, Wh: dWh, b: db, Wy: dWy, by: dby };
}

// ——— training ———

/**
 * Global-norm clipping: with ‖g‖ = √(Σ over every parameter's gradient of Σ g²), the gradients scaled by
 * maxNorm/‖g‖ when ‖g‖ > maxNorm, unchanged otherwise. Also returns ‖g‖ before clipping.
 */
export function clipGlobalNorm(grads: ForecasterParams, maxNorm: number): { grads: ForecasterParams; norm: number } {
  let squares = 0;
  for (const name of PARAM_NAMES) squares += grads[name].mul(grads[name]).sum();
  const norm = Math.sqrt(squares);
  if (!(norm > maxNorm)) return { grads, norm }; // matrices are immutable, so the same object is safe to return
  const k = maxNorm / norm;
  const scaled = { ...grads };
  for (const name of PARAM_NAMES) scaled[name] = grads[name].scale(k);
  return { grads: scaled, norm };
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
  const t = state.t + 1;
  const correct1 = 1 - Math.pow(o.beta1, t);
  const correct2 = 1 - Math.pow(o.beta2, t);
  const next = { ...params };
  const m = { ...state.m };
  const v = { ...state.v };
  for (const name of PARAM_NAMES) {
    const g = grads[name];
    m[name] = state.m[name].scale(o.beta1).add(g.scale(1 - o.beta1)); //     like θ
    v[name] = state.v[name].scale(o.beta2).add(g.mul(g).scale(1 - o.beta2)); // like θ
    const vHat = v[name].data;
    const step = m[name].map(
      (mi, r, c) => (o.lr * (mi / correct1)) / (Math.sqrt(vHat[r * g.cols + c] / correct2) + o.eps),
    );
    next[name] = params[name].sub(step);
  }
  return { params: next, state: { t, m, v } };
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
  const { train: tr, val } = data;
  const adam: AdamOptions = { lr: options.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const next = seededRandom(options.seed);
  let params = initForecaster(tr.xs[0].cols, options.hidden, next());
  let state = adamInit(params);
  let best = { params, valLoss: Infinity, epoch: 0 };
  const history = { train: [] as number[], val: [] as number[] };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = shuffledIndices(tr.y.rows, next);
    let lossSum = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = selectRows(tr, order.slice(start, start + options.batchSize));
      const { pred, cache } = forecasterForward(params, batch.xs);
      const { loss, dPred } = mseLoss(pred, batch.y);
      lossSum += loss * batch.y.rows;
      const { grads } = clipGlobalNorm(forecasterBackward(dPred, cache), options.clip);
      ({ params, state } = adamStep(params, grads, state, adam));
    }
    const trainLoss = lossSum / order.length;
    const valLoss = mseLoss(forecasterForward(params, val.xs).pred, val.y).loss;
    history.train.push(trainLoss);
    history.val.push(valLoss);
    if (valLoss < best.valLoss) best = { params, valLoss, epoch };
    const last = epoch === options.epochs || epoch - best.epoch >= options.patience;
    onEpoch?.({
      epoch,
      epochs: options.epochs,
      trainLoss,
      valLoss,
      bestEpoch: best.epoch,
      bestValLoss: best.valLoss,
      last,
    });
    if (last) break;
  }
  return { params: best.params, history, bestEpoch: best.epoch };
}

/** Forecasts in °C for raw windows: standardise with the training statistics, run the model, undo the scaling. */
export function predict(params: ForecasterParams, s: Standardizer, w: Windows): Matrix {
  return unstandardize(forecasterForward(params, standardize(w, s).xs).pred, s);
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
