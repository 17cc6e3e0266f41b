/**
 * Random cases for the GRU, shared by the public fixtures, the hidden suite and the kit's tests, so all of them draw
 * inputs the same way. A case is a pure function of (seed, shape, options): a regrade with the same seed sees the
 * same numbers.
 */
import { Matrix, seededRandom } from '../lib/matrix';
import type { GruParams } from './gru';

export interface CaseShape {
  N: number; // batch rows
  D: number; // input features
  H: number; // state units
}

export interface CaseOptions {
  /**
   * The typical size of the gates' pre-activations ax + ah (their standard deviation is about 0.8·scale).
   * 1 (the default) keeps σ and tanh away from saturation, as finite differences need; 30 saturates most of them.
   */
  scale?: number;
  /** The first step of a sequence: hPrev (or h0) is zero; every other matrix is the same as without it. */
  zeroState?: boolean;
}

export interface GruStepCase {
  x: Matrix; //     N×D
  hPrev: Matrix; // N×H
  p: GruParams;
  dh: Matrix; //    N×H  the upstream gradient ∂L/∂h, for L = sum(dh ⊙ h)
}

export interface GruSequenceCase {
  xs: Matrix[]; //  T of N×D
  h0: Matrix; //    N×H
  p: GruParams;
  dhs: Matrix[]; // T of N×H  the loss's gradient on each output, for L = Σ_t sum(dhs[t] ⊙ hs[t])
}

/**
 * The shapes every suite runs: one example (N = 1), more inputs than units, fewer inputs than units, D = H (where
 * mixing up Wx and Wh is not a shape error), and a larger batch.
 */
export const CASE_SHAPES: readonly (CaseShape & { name: string })[] = [
  { name: 'single example', N: 1, D: 3, H: 2 },
  { name: 'more inputs than units', N: 4, D: 5, H: 3 },
  { name: 'fewer inputs than units', N: 3, D: 2, H: 4 },
  { name: 'square', N: 3, D: 4, H: 4 },
  { name: 'larger batch', N: 16, D: 6, H: 5 },
];

/** Sequence lengths: a single step (where BPTT mistakes cannot show), a short sequence, and a long one. */
export const SEQUENCE_LENGTHS: readonly number[] = [1, 3, 24];

/**
 * A shape and length on which every mistake in `mistakes.ts` is visible: N ≥ 2 (a mean over the batch differs
 * from a sum), H ≥ 2, D ≠ H (Wx and Wh cannot be swapped), T ≥ 3 (gradients from the future and sums over time
 * matter). Diagnosis cases also need a non-zero state and unsaturated gates, which `makeStepCase` gives by default.
 */
export const DIAGNOSTIC_SHAPE: CaseShape = { N: 3, D: 4, H: 3 };
export const DIAGNOSTIC_STEPS = 4;

/** A bias that saturates a gate: σ(±60) is 1 or about 1e-26, whatever the rest of its pre-activation adds. */
export const SATURATING_BIAS = 60;

/** Seeds for the matrices of a case, handed out in a fixed order so an option never reshuffles the others. */
function seedStream(seed: number): () => number {
  const next = seededRandom(seed);
  return () => Math.floor(next() * 2 ** 32);
}

/**
 * Parameters whose pre-activations have the size `scale` asks for. With inputs and states uniform in [−1, 1)
 * (variance 1/3) and weights uniform in [−w, w) (variance w²/3), the D + H products of a block add up to a variance
 * of (D + H)·w²/9; w = scale·√3/√(D + H) makes that scale²/3, and the two biases, each uniform in
 * [−scale/√2, scale/√2), add another scale²/3.
 */
function makeParams(nextSeed: () => number, D: number, H: number, scale: number): GruParams {
  const w = (scale * Math.sqrt(3)) / Math.sqrt(D + H);
  const b = scale / Math.SQRT2;
  return {
    Wx: Matrix.random(D, 3 * H, nextSeed(), -w, w),
    Wh: Matrix.random(H, 3 * H, nextSeed(), -w, w),
    bx: Matrix.random(1, 3 * H, nextSeed(), -b, b),
    bh: Matrix.random(1, 3 * H, nextSeed(), -b, b),
  };
}

function checkScale(scale: number): void {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`cases: scale must be a positive number, got ${scale}`);
}

/** Draws one step case. Inputs, states and dh are uniform in [−1, 1). */
export function makeStepCase(seed: number, shape: CaseShape, opts: CaseOptions = {}): GruStepCase {
  const { N, D, H } = shape;
  const scale = opts.scale ?? 1;
  checkScale(scale);
  const nextSeed = seedStream(seed);
  const x = Matrix.random(N, D, nextSeed());
  const hPrevSeed = nextSeed();
  const hPrev = opts.zeroState ? Matrix.zeros(N, H) : Matrix.random(N, H, hPrevSeed);
  const p = makeParams(nextSeed, D, H, scale);
  return { x, hPrev, p, dh: Matrix.random(N, H, nextSeed()) };
}

/** Draws one sequence of T steps. */
export function makeSequenceCase(seed: number, shape: CaseShape, T: number, opts: CaseOptions = {}): GruSequenceCase {
  const { N, D, H } = shape;
  const scale = opts.scale ?? 1;
  checkScale(scale);
  if (!Number.isInteger(T) || T < 1) throw new Error(`makeSequenceCase: T must be a positive integer, got ${T}`);
  const nextSeed = seedStream(seed);
  const h0Seed = nextSeed();
  const h0 = opts.zeroState ? Matrix.zeros(N, H) : Matrix.random(N, H, h0Seed);
  const p = makeParams(nextSeed, D, H, scale);
  const xs = Array.from({ length: T }, () => Matrix.random(N, D, nextSeed()));
  const dhs = Array.from({ length: T }, () => Matrix.random(N, H, nextSeed()));
  return { xs, h0, p, dhs };
}

export type GateBlock = 'z' | 'r';
const BLOCK_INDEX: Record<GateBlock, number> = { z: 0, r: 1 };

/**
 * The same parameters with some gates forced shut or open: bx gets ±SATURATING_BIAS across the gate's block and
 * bh gets 0 there, so the gate is 1 or 0 to float64 precision, while the other blocks are untouched. `open: 1`
 * makes the gate 1, `open: 0` makes it 0.
 */
export function saturateGates(p: GruParams, gates: Partial<Record<GateBlock, 0 | 1>>): GruParams {
  const H = p.bx.cols / 3;
  const bx = Float64Array.from(p.bx.data);
  const bh = Float64Array.from(p.bh.data);
  for (const [gate, open] of Object.entries(gates) as [GateBlock, 0 | 1][]) {
    const from = BLOCK_INDEX[gate] * H;
    for (let j = from; j < from + H; j++) {
      bx[j] = open === 1 ? SATURATING_BIAS : -SATURATING_BIAS;
      bh[j] = 0;
    }
  }
  return { ...p, bx: new Matrix(1, 3 * H, bx), bh: new Matrix(1, 3 * H, bh) };
}
