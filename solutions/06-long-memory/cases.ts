/**
 * Random cases for exercise 06, shared by the public fixtures and the hidden suite. A case is a pure function of its
 * seed, so a regrade with the same seed sees the same numbers.
 */
import { Matrix, seededRandom } from '../lib/matrix';
import { addingProblem, initModel, type CellName, type ExperimentOptions, type ModelParams } from './long-memory';
import type { RnnParams } from './rnn';

export interface Shape {
  N: number;
  D: number;
  H: number;
}

/** One example; a batch with D ≠ H; a square one. */
export const CASE_SHAPES: Shape[] = [
  { N: 1, D: 3, H: 2 },
  { N: 4, D: 2, H: 5 },
  { N: 3, D: 4, H: 4 },
];
export const DIAGNOSTIC_SHAPE: Shape = { N: 3, D: 2, H: 4 };
export const SEQUENCE_LENGTHS = [1, 4, 20];
export const DIAGNOSTIC_STEPS = 5;

export interface CaseOptions {
  zeroState?: boolean; // h0 (or hPrev) = 0: the first step of a sequence
  scale?: number; //      weights uniform in ±scale; 30 saturates tanh
}

export interface RnnStepCase {
  x: Matrix;
  hPrev: Matrix;
  p: RnnParams;
  dh: Matrix;
}

export interface RnnSequenceCase {
  xs: Matrix[];
  h0: Matrix;
  p: RnnParams;
  dhs: Matrix[];
}

function params(next: () => number, s: Shape, scale: number): RnnParams {
  return {
    Wx: Matrix.random(s.D, s.H, next(), -scale, scale),
    Wh: Matrix.random(s.H, s.H, next(), -scale, scale),
    b: Matrix.random(1, s.H, next(), -scale, scale),
  };
}

export function makeStepCase(seed: number, s: Shape, o: CaseOptions = {}): RnnStepCase {
  const next = seededRandom(seed);
  const x = Matrix.random(s.N, s.D, next());
  const hPrev = o.zeroState ? Matrix.zeros(s.N, s.H) : Matrix.random(s.N, s.H, next(), -0.9, 0.9);
  return { x, hPrev, p: params(next, s, o.scale ?? 1), dh: Matrix.random(s.N, s.H, next()) };
}

export function makeSequenceCase(seed: number, s: Shape, T: number, o: CaseOptions = {}): RnnSequenceCase {
  const next = seededRandom(seed);
  const xs = Array.from({ length: T }, () => Matrix.random(s.N, s.D, next()));
  const h0 = o.zeroState ? Matrix.zeros(s.N, s.H) : Matrix.random(s.N, s.H, next(), -0.9, 0.9);
  const p = params(next, s, o.scale ?? 1);
  return { xs, h0, p, dhs: Array.from({ length: T }, () => Matrix.random(s.N, s.H, next())) };
}

export interface ModelCase {
  cell: CellName;
  xs: Matrix[];
  y: Matrix;
  p: ModelParams;
  dPred: Matrix;
}

/** A model of `cell` with its own init (then every parameter nudged, so biases are not all 0 or 1), on adding sequences. */
export function makeModelCase(seed: number, cell: CellName, N: number, T: number, H: number): ModelCase {
  const next = seededRandom(seed);
  const base = initModel(cell, 2, H, next());
  const nudge = (m: Matrix): Matrix => m.add(Matrix.random(m.rows, m.cols, next(), -0.3, 0.3));
  const p: ModelParams = {
    Wx: nudge(base.Wx),
    Wh: nudge(base.Wh),
    b: nudge(base.b),
    Wy: nudge(base.Wy),
    by: nudge(base.by),
  };
  const task = addingProblem(N, T, next());
  return { cell, xs: task.xs, y: task.y, p, dPred: Matrix.random(N, 1, next()) };
}

/** A budget small enough to run in the sandbox in about a second: it tests the bookkeeping, not the separation. */
export const TINY_EXPERIMENT: ExperimentOptions = {
  hidden: 3,
  steps: 12,
  batch: 4,
  lr: 0.02,
  clip: 1,
  cells: ['rnn', 'lstm', 'gru'],
  lengths: [2, 5],
  seeds: [1, 2],
  testSize: 20,
};
