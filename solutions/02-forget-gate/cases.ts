/**
 * Random cases for the forget gate, shared by the public fixtures and the hidden suite, so both draw inputs the
 * same way. A case is a pure function of (seed, shape, options): a regrade with the same seed sees the same numbers.
 */
import { Matrix, seededRandom } from '../lib/matrix';
import type { ForgetGateParams } from './forget-gate';

export interface CaseShape {
  N: number; // batch rows
  D: number; // input features
  H: number; // state units
}

export interface CaseOptions {
  /**
   * The typical size of the gate's pre-activation a = x·Wfx + hPrev·Wfh + bf (its standard deviation is about
   * 0.8·scale). 1 (the default) keeps σ away from saturation, as finite differences need; 30 saturates most of f.
   */
  scale?: number;
  /** The first step of a sequence: hPrev and cPrev are zero (every other matrix is the same as without it). */
  zeroState?: boolean;
}

export interface ForgetGateCase {
  x: Matrix; //     N×D
  hPrev: Matrix; // N×H
  cPrev: Matrix; // N×H
  cNew: Matrix; //  N×H
  p: ForgetGateParams;
  dc: Matrix; //    N×H  the upstream gradient ∂L/∂c, for L = sum(dc ⊙ c)
}

/**
 * The shapes every suite runs: one example (N = 1), more inputs than units, fewer inputs than units, D = H (where
 * mixing up Wfx and Wfh is not a shape error), and a larger batch.
 */
export const CASE_SHAPES: readonly (CaseShape & { name: string })[] = [
  { name: 'single example', N: 1, D: 3, H: 2 },
  { name: 'more inputs than units', N: 4, D: 5, H: 3 },
  { name: 'fewer inputs than units', N: 3, D: 2, H: 4 },
  { name: 'square', N: 3, D: 4, H: 4 },
  { name: 'larger batch', N: 16, D: 6, H: 5 },
];

/**
 * A shape on which every mistake in `mistakes.ts` is visible: N ≥ 2 (averaging over the batch differs from
 * summing), H ≥ 2 (a transposed H×H matrix differs from itself) and D ≠ H (Wfx and Wfh cannot be swapped).
 */
export const DIAGNOSTIC_SHAPE: CaseShape = { N: 3, D: 4, H: 3 };

/** Draws one case. Entries are uniform; states, inputs and dc lie in [−1, 1). */
export function makeCase(seed: number, shape: CaseShape, opts: CaseOptions = {}): ForgetGateCase {
  const { N, D, H } = shape;
  const scale = opts.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error(`makeCase: scale must be a positive number, got ${scale}`);
  // One generator hands out a seed per matrix in a fixed order, so changing an option never reshuffles the others.
  const next = seededRandom(seed);
  const seeds = Array.from({ length: 8 }, () => Math.floor(next() * 2 ** 32));
  // With entries of x and hPrev uniform in [−1, 1) (variance 1/3) and weights uniform in [−r, r) (variance r²/3),
  // the D + H products add up to a variance of (D + H)·r²/9; r = scale·√3/√(D + H) makes that scale²/3, and the
  // bias, uniform in [−scale, scale), adds another scale²/3.
  const r = (scale * Math.sqrt(3)) / Math.sqrt(D + H);
  const state = (rows: number, cols: number, s: number): Matrix =>
    opts.zeroState ? Matrix.zeros(rows, cols) : Matrix.random(rows, cols, s);
  return {
    x: Matrix.random(N, D, seeds[0]),
    hPrev: state(N, H, seeds[1]),
    cPrev: state(N, H, seeds[2]),
    cNew: Matrix.random(N, H, seeds[3]),
    p: {
      Wfx: Matrix.random(D, H, seeds[4], -r, r),
      Wfh: Matrix.random(H, H, seeds[5], -r, r),
      bf: Matrix.random(1, H, seeds[6], -scale, scale),
    },
    dc: Matrix.random(N, H, seeds[7]),
  };
}
