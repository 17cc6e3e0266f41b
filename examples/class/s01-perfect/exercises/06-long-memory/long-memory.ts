/**
 * 06 · Long memory: the adding problem, and three recurrent networks trained on it with the same budget.
 *
 * The task (Hochreiter and Schmidhuber 1997, in the form of Le, Jaitly and Hinton 2015). A sequence has T steps;
 * step t carries two numbers, a value u_t ∈ U[0, 1) and a marker m_t ∈ {0, 1}. Exactly two steps are marked: one
 * in the first half (t < ⌊T/2⌋) and one in the second (t ≥ ⌊T/2⌋). The target is the sum of the two marked values.
 * A prediction succeeds when its absolute error is below 0.04. Predicting the mean, 1, succeeds on about 8 % of
 * the sequences (MSE 1/6); remembering only the second marked value gives MSE 1/12.
 *
 * The model, for each cell (the plain RNN of rnn.ts, the LSTM of 03, the GRU of 04), from a zero state:
 *
 *     h_1 … h_T = cell(xs)          each N×H
 *     ŷ = h_T·Wy + by               N×1, a dense head on the last output only
 *     L = (1/N)·Σ (ŷ − y)²          the mean squared error
 *
 * trained with the optimizer of 05 (global-norm clipping, then Adam) on fresh random batches: every cell gets the
 * same number of steps, batch size, units, learning rate and clipping. All numbers are float64; every random
 * choice comes from a seed.
 */
import { Matrix, seededRandom } from '../lib/matrix';
import { initLstm, lstmBackward, lstmForward, type LstmSequenceCache } from '../03-lstm-cell/lstm';
import { gruBackward, gruForward, initGru, type GruSequenceCache } from '../04-gru-cell/gru';
import {
  adamInit,
  adamStep,
  clipGlobalNorm,
  mseLoss,
  type ForecasterParams,
} from '../05-weather-forecaster/forecaster';
import { initRnn, rnnBackward, rnnForward, type RnnSequenceCache } from './rnn';

/** The three cells, in the order of the table. */
export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type CellName = (typeof CELLS)[number];

/** Success: |ŷ − y| below this (Hochreiter and Schmidhuber 1997). */
export const TOLERANCE = 0.04;

/** N sequences of the adding problem: xs is T matrices N×2 (column 0 the value, column 1 the marker), y is N×1. */
export interface Task {
  xs: Matrix[];
  y: Matrix;
}

/**
 * Every model's parameters, under the names of 05's optimizer: the cell's input weights Wx, recurrent weights Wh and
 * bias b (for the GRU, b = [bx | bh], 1×6H), and the head Wy (H×1), by (1×1).
 */
export type ModelParams = ForecasterParams;

/** What modelBackward needs from modelForward. */
export interface ModelCache {
  cell: CellName;
  seq: RnnSequenceCache | LstmSequenceCache | GruSequenceCache;
  hLast: Matrix; // N×H
  Wy: Matrix; //    H×1
  steps: number; // T
}

export interface TrainOptions {
  hidden: number; // units H
  steps: number; //  Adam steps, one fresh batch each
  batch: number; //  sequences per batch
  lr: number; //     Adam's learning rate (beta1 0.9, beta2 0.999, eps 1e-8)
  clip: number; //   maximum global gradient norm
}

/**
 * The adding problem, drawn from seededRandom(seed) sequence by sequence: first the T values u_0 … u_{T−1}, then
 * the first marked step ⌊r·⌊T/2⌋⌋, then the second ⌊T/2⌋ + ⌊r·(T − ⌊T/2⌋)⌋ (r a fresh draw each). Needs T ≥ 2.
 */
export function addingProblem(n: number, T: number, seed: number): Task {
  if (!Number.isInteger(T) || T < 2) throw new Error(`addingProblem: T must be an integer ≥ 2, got ${T}`);
  const next = seededRandom(seed);
  const half = Math.floor(T / 2);
  const xs = Array.from({ length: T }, () => new Float64Array(n * 2));
  const y = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    for (let t = 0; t < T; t++) xs[t][2 * s] = next();
    const first = Math.floor(next() * half);
    const second = half + Math.floor(next() * (T - half));
    xs[first][2 * s + 1] = 1;
    xs[second][2 * s + 1] = 1;
    y[s] = xs[first][2 * s] + xs[second][2 * s];
  }
  return { xs: xs.map((d) => new Matrix(n, 2, d)), y: new Matrix(n, 1, y) };
}

/**
 * Fresh parameters of a model: the cell's from its own init (initRnn, initLstm, initGru) with the first seed drawn
 * from seededRandom(seed), then Wy uniform in [−1/√H, 1/√H) from the second; by = 0.
 */
export function initModel(cell: CellName, D: number, H: number, seed: number): ModelParams {
  const next = seededRandom(seed);
  const cellSeed = next();
  let core: { Wx: Matrix; Wh: Matrix; b: Matrix };
  if (cell === 'rnn') core = initRnn(D, H, cellSeed);
  else if (cell === 'lstm') core = initLstm(D, H, cellSeed);
  else {
    const g = initGru(D, H, cellSeed);
    core = { Wx: g.Wx, Wh: g.Wh, b: Matrix.concatCols([g.bx, g.bh]) };
  }
  const r = 1 / Math.sqrt(H);
  return { ...core, Wy: Matrix.random(H, 1, next(), -r, r), by: Matrix.zeros(1, 1) };
}

/** The GRU's own parameters out of a model's b = [bx | bh]. */
function gruParams(p: ModelParams): { Wx: Matrix; Wh: Matrix; bx: Matrix; bh: Matrix } {
  const half = p.b.cols / 2;
  return { Wx: p.Wx, Wh: p.Wh, bx: p.b.sliceCols(0, half), bh: p.b.sliceCols(half, 2 * half) };
}

/** The prediction ŷ = h_T·Wy + by (N×1) for xs (T of N×D), from a zero state. */
export function modelForward(cell: CellName, p: ModelParams, xs: Matrix[]): { pred: Matrix; cache: ModelCache } {
  const zeros = Matrix.zeros(xs[0].rows, p.Wh.rows); // N×H
  let hs: Matrix[];
  let seq: ModelCache['seq'];
  if (cell === 'rnn') ({ hs, cache: seq } = rnnForward(xs, zeros, p));
  else if (cell === 'lstm') ({ hs, cache: seq } = lstmForward(xs, zeros, zeros, p));
  else ({ hs, cache: seq } = gruForward(xs, zeros, gruParams(p)));
  const hLast = hs[hs.length - 1]; //            N×H
  const pred = hLast.matmul(p.Wy).add(p.by); //  N×1
  return { pred, cache: { cell, seq, hLast, Wy: p.Wy, steps: xs.length } };
}

/** ∂L/∂ of every parameter for dPred = ∂L/∂ŷ (N×1); only h_T feeds the head, so ∂L/∂h_t = 0 for t < T. */
export function modelBackward(dPred: Matrix, cache: ModelCache): ModelParams {
  const { cell, seq, hLast, Wy, steps } = cache;
  const dWy = hLast.transpose().matmul(dPred); //  H×1
  const dby = dPred.sumRows(); //                  1×1
  const dhLast = dPred.matmul(Wy.transpose()); //  N×H
  const zero = Matrix.zeros(hLast.rows, hLast.cols);
  const dhs = Array.from({ length: steps }, (_, t) => (t === steps - 1 ? dhLast : zero));
  if (cell === 'rnn') {
    const g = rnnBackward(dhs, seq as RnnSequenceCache);
    return { Wx: g.dWx, Wh: g.dWh, b: g.db, Wy: dWy, by: dby };
  }
  if (cell === 'lstm') {
    const g = lstmBackward(dhs, seq as LstmSequenceCache);
    return { Wx: g.dWx, Wh: g.dWh, b: g.db, Wy: dWy, by: dby };
  }
  const g = gruBackward(dhs, seq as GruSequenceCache);
  return { Wx: g.dWx, Wh: g.dWh, b: Matrix.concatCols([g.dbx, g.dbh]), Wy: dWy, by: dby };
}

/**
 * Trains one model on the adding problem of length T. seededRandom(seed) gives first the seed of initModel, then
 * one seed per step for that step's batch (addingProblem(batch, T, ·)). Each step: modelForward, mseLoss,
 * modelBackward, clipGlobalNorm, adamStep. Returns the final parameters and every step's training loss.
 */
export function trainModel(
  cell: CellName,
  T: number,
  o: TrainOptions,
  seed: number,
): { params: ModelParams; losses: number[] } {
  const next = seededRandom(seed);
  let params = initModel(cell, 2, o.hidden, next());
  let state = adamInit(params);
  const adam = { lr: o.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const losses: number[] = [];
  for (let step = 0; step < o.steps; step++) {
    const batch = addingProblem(o.batch, T, next());
    const { pred, cache } = modelForward(cell, params, batch.xs);
    const { loss, dPred } = mseLoss(pred, batch.y);
    losses.push(loss);
    const { grads } = clipGlobalNorm(modelBackward(dPred, cache), o.clip);
    ({ params, state } = adamStep(params, grads, state, adam));
  }
  return { params, losses };
}

/** The test MSE and the fraction of sequences with |ŷ − y| < TOLERANCE. */
export function evaluate(cell: CellName, p: ModelParams, test: Task): { mse: number; accuracy: number } {
  const { pred } = modelForward(cell, p, test.xs);
  const { loss } = mseLoss(pred, test.y);
  let hits = 0;
  for (let i = 0; i < pred.rows; i++) if (Math.abs(pred.data[i] - test.y.data[i]) < TOLERANCE) hits++;
  return { mse: loss, accuracy: hits / pred.rows };
}

/** Solved: at least this share of the test sequences within TOLERANCE, three times what a network that remembers
 * only one of the two marked values gets (P(|u − 1/2| < 0.04) = 0.08). */
export const SOLVED = 0.25;

export interface ExperimentOptions extends TrainOptions {
  cells: CellName[];
  lengths: number[]; // the values of T
  seeds: number[]; //   one training run per seed
  testSize: number; //  test sequences per (T, seed)
}

/** The reference's budget: a clear separation on every seed, under a minute of CPU per cell (npm run bench -- long-memory). */
export const DEFAULT_EXPERIMENT: ExperimentOptions = {
  hidden: 8,
  steps: 1000,
  batch: 32,
  lr: 0.02,
  clip: 1,
  cells: [...CELLS],
  lengths: [5, 10, 20, 30],
  seeds: [1, 2, 3],
  testSize: 500,
};

/** One training run, judged on its held-out test set. */
export interface Run {
  cell: CellName;
  T: number;
  seed: number;
  mse: number; //         test MSE (predicting the mean, 1, gives 1/6)
  successRate: number; // share of test sequences with |ŷ − y| < TOLERANCE
  solved: boolean; //     successRate ≥ SOLVED
}

/** One line of the table: a cell at one T, over the seeds. */
export interface TableRow {
  cell: CellName;
  T: number;
  meanSuccess: number; // mean successRate over the seeds
  meanMse: number;
  solved: number; //      how many seeds solved it
  seeds: number;
}

export interface ExperimentResult {
  options: ExperimentOptions;
  runs: Run[]; //      cell by cell, then T, then seed, in the options' orders
  table: TableRow[]; // cell by cell, then T
}

/**
 * For every cell, T and seed (in that order of loops): trainModel(cell, T, options, seed), then evaluate on the
 * held-out test set addingProblem(testSize, T, 1e6 + seed). Training batches take their seeds from
 * seededRandom(seed), floats in [0, 1), so no test sequence set is ever a training batch.
 */
export function runExperiment(options: ExperimentOptions): ExperimentResult {
  const runs: Run[] = [];
  const table: TableRow[] = [];
  for (const cell of options.cells) {
    for (const T of options.lengths) {
      const here: Run[] = [];
      for (const seed of options.seeds) {
        const { params } = trainModel(cell, T, options, seed);
        const { mse, accuracy } = evaluate(cell, params, addingProblem(options.testSize, T, 1e6 + seed));
        here.push({ cell, T, seed, mse, successRate: accuracy, solved: accuracy >= SOLVED });
      }
      const mean = (f: (r: Run) => number): number => here.reduce((s, r) => s + f(r), 0) / here.length;
      table.push({
        cell,
        T,
        meanSuccess: mean((r) => r.successRate),
        meanMse: mean((r) => r.mse),
        solved: here.filter((r) => r.solved).length,
        seeds: here.length,
      });
      runs.push(...here);
    }
  }
  return { options, runs, table };
}
