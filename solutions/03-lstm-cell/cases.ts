/**
 * Random cases for the LSTM cell, shared by the public fixtures, the hidden suite and the kit's tests, so all of
 * them draw inputs the same way. A case is a pure function of (seed, shape, options): a regrade sees the same numbers.
 */
import { Matrix, seededRandom } from '../lib/matrix';
import type { LstmParams } from './lstm';

export interface CaseShape {
  N: number; // batch rows
  D: number; // input features
  H: number; // units (the state and the output have H columns; the parameters 4H)
}

export interface CaseOptions {
  /**
   * The typical size of a pre-activation a = x·Wx + hPrev·Wh + b (its standard deviation is about 0.8·scale).
   * 1 (the default) keeps σ and tanh away from saturation, as finite differences need; 30 saturates most gates;
   * 1000 drives them to pre-activations of hundreds, where a naive e^a overflows.
   */
  scale?: number;
  /** The first step of a sequence: hPrev and cPrev (h0 and c0) are zero; every other matrix stays the same. */
  zeroState?: boolean;
}

export interface LstmStepCase {
  x: Matrix; //     N×D
  hPrev: Matrix; // N×H
  cPrev: Matrix; // N×H  in [−2, 2), so that tanh(c) is visibly curved
  p: LstmParams;
  dh: Matrix; //    N×H  upstream gradients, for L = sum(dh ⊙ h) + sum(dc ⊙ c)
  dc: Matrix; //    N×H
}

export interface LstmSequenceCase {
  xs: Matrix[]; //  T of N×D
  h0: Matrix; //    N×H
  c0: Matrix; //    N×H
  p: LstmParams;
  dhs: Matrix[]; // T of N×H  upstream gradients, for L = Σ_t sum(dhs[t] ⊙ hs[t])
}

/**
 * The shapes every suite runs: one example (N = 1), more inputs than units, fewer inputs than units, D = H (where
 * confusing Wx with Wh is not a shape error), and a larger batch.
 */
export const CASE_SHAPES: readonly (CaseShape & { name: string })[] = [
  { name: 'single example', N: 1, D: 3, H: 2 },
  { name: 'more inputs than units', N: 4, D: 5, H: 3 },
  { name: 'fewer inputs than units', N: 3, D: 2, H: 4 },
  { name: 'square', N: 3, D: 4, H: 4 },
  { name: 'larger batch', N: 16, D: 6, H: 5 },
];

/** Sequence lengths: a single step, a short sequence, and one long enough for the state to travel (T ≥ 20). */
export const SEQUENCE_LENGTHS: readonly number[] = [1, 4, 24];

/**
 * A shape and length on which every mistake in `mistakes.ts` shows: N ≥ 2 (a mean over the batch is not a sum),
 * H ≥ 2 (a transposed H×H block differs from itself), D ≠ H, and T ≥ 3 (the first, the last and a middle step all
 * differ). Diagnose with non-zero states and scale 1: at a zero state or in saturation many mistakes hide.
 */
export const DIAGNOSTIC_SHAPE: CaseShape = { N: 3, D: 4, H: 3 };
export const DIAGNOSTIC_LENGTH = 4;

function checkScale(scale: number): void {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`cases: scale must be a positive number, got ${scale}`);
}

/** A seed per matrix from one generator, in a fixed order, so an option never reshuffles the others. */
function seedsFrom(seed: number, count: number): number[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => Math.floor(next() * 2 ** 32));
}

/**
 * Parameters whose pre-activations have a standard deviation of about 0.8·scale when the inputs and the previous
 * outputs are uniform in [−1, 1): the D + H products of weights uniform in [−r, r) add up to a variance of
 * (D + H)·r²/9, and r = scale·√3/√(D + H) makes that scale²/3; the bias, uniform in [−scale, scale), adds scale²/3.
 */
export function makeParams(seed: number, D: number, H: number, scale = 1): LstmParams {
  checkScale(scale);
  const [sx, sh, sb] = seedsFrom(seed, 3);
  const r = (scale * Math.sqrt(3)) / Math.sqrt(D + H);
  return {
    Wx: Matrix.random(D, 4 * H, sx, -r, r),
    Wh: Matrix.random(H, 4 * H, sh, -r, r),
    b: Matrix.random(1, 4 * H, sb, -scale, scale),
  };
}

/** Draws one step case. */
export function makeStepCase(seed: number, shape: CaseShape, opts: CaseOptions = {}): LstmStepCase {
  const { N, D, H } = shape;
  const s = seedsFrom(seed, 6);
  return {
    x: Matrix.random(N, D, s[0]),
    hPrev: opts.zeroState ? Matrix.zeros(N, H) : Matrix.random(N, H, s[1]),
    cPrev: opts.zeroState ? Matrix.zeros(N, H) : Matrix.random(N, H, s[2], -2, 2),
    p: makeParams(s[3], D, H, opts.scale ?? 1),
    dh: Matrix.random(N, H, s[4]),
    dc: Matrix.random(N, H, s[5]),
  };
}

/** Draws one sequence case of T steps. */
export function makeSequenceCase(seed: number, shape: CaseShape, T: number, opts: CaseOptions = {}): LstmSequenceCase {
  const { N, D, H } = shape;
  if (!Number.isInteger(T) || T < 1) throw new Error(`makeSequenceCase: T must be a whole number ≥ 1, got ${T}`);
  const s = seedsFrom(seed, 6);
  const xs = seedsFrom(s[0], T).map((sx) => Matrix.random(N, D, sx));
  const dhs = seedsFrom(s[4], T).map((sd) => Matrix.random(N, H, sd));
  return {
    xs,
    h0: opts.zeroState ? Matrix.zeros(N, H) : Matrix.random(N, H, s[1]),
    c0: opts.zeroState ? Matrix.zeros(N, H) : Matrix.random(N, H, s[2], -2, 2),
    p: makeParams(s[3], D, H, opts.scale ?? 1),
    dhs,
  };
}

/** The four column blocks of the parameters, in their order. */
export const GATES = ['i', 'f', 'g', 'o'] as const;
export type Gate = (typeof GATES)[number];

/** How a gate is held in a probe: driven by the case's own weights, or pinned by a bias of ±50 or 0. */
export type BlockMode = 'live' | 'open' | 'shut' | 'zero';
const PINNED_BIAS: Record<Exclude<BlockMode, 'live'>, number> = { open: 50, shut: -50, zero: 0 };

/**
 * The case's parameters with some blocks pinned: a pinned block's weights are zero and its bias is +50 (σ = 1,
 * tanh = 1: open), −50 (σ ≈ 2·10⁻²², shut) or 0 (tanh = 0). The live blocks keep their random weights, so only
 * they still depend on the inputs.
 */
export function pinBlocks(p: LstmParams, modes: Record<Gate, BlockMode>): LstmParams {
  const H = p.b.cols / 4;
  const mode = (col: number): BlockMode => modes[GATES[Math.floor(col / H)]];
  const keepLive = (v: number, _r: number, col: number) => (mode(col) === 'live' ? v : 0);
  return {
    Wx: p.Wx.map(keepLive),
    Wh: p.Wh.map(keepLive),
    b: p.b.map((v, _r, col) => {
      const m = mode(col);
      return m === 'live' ? v : PINNED_BIAS[m];
    }),
  };
}
