/**
 * Random cases for exercise 01, shared by the public fixtures and the hidden suite, so both draw inputs the same
 * way. A case is a pure function of (seed, options): a regrade with the same seed sees the same numbers.
 */
import { seededRandom } from '../lib/matrix';
import { firstUnrepresentable, type TanhRnnParams } from './vanishing';

/** A uniform draw in [low, high) from a seeded generator. */
function uniform(next: () => number, low: number, high: number): number {
  return low + (high - low) * next();
}

function draws(next: () => number, n: number, low: number, high: number): number[] {
  return Array.from({ length: n }, () => uniform(next, low, high));
}

export interface UnrollCase {
  w: number;
  y0: number;
  steps: number;
}

/** Where w lies: inside (−1, 1) the chain shrinks, outside it grows; `negative` flips the sign of w. */
export type UnrollKind = 'shrinking' | 'growing' | 'negative';

export function makeUnrollCase(seed: number, kind: UnrollKind, steps: number): UnrollCase {
  const next = seededRandom(seed);
  const size = kind === 'growing' ? uniform(next, 1.05, 3) : uniform(next, 0.2, 0.98);
  const w = kind === 'negative' ? -size : size;
  return { w, y0: uniform(next, 0.5, 2) * (next() < 0.5 ? -1 : 1), steps };
}

/** T local derivatives, each uniform in [low, high): a chain whose factors differ from step to step. */
export function makeChain(seed: number, T: number, low = -1.5, high = 1.5): number[] {
  return draws(seededRandom(seed), T, low, high);
}

export interface TanhCase {
  p: TanhRnnParams;
  xs: number[];
  h0: number;
}

export interface TanhOptions {
  /**
   * The typical size of the pre-activation w·h + u·x + b. 1 (the default) keeps tanh away from saturation; 30
   * drives most steps to tanh = ±1 exactly, where the local derivative and every gradient behind it are exactly 0.
   */
  scale?: number;
  /** The first step of a sequence: h0 = 0. */
  zeroState?: boolean;
}

export function makeTanhCase(seed: number, T: number, opts: TanhOptions = {}): TanhCase {
  const scale = opts.scale ?? 1;
  const next = seededRandom(seed);
  // |h| ≤ 1 and |x| ≤ 1, so w, u and b of about scale/3 each give a pre-activation of about ±scale.
  const p = {
    w: uniform(next, -1.2, 1.2) * scale,
    u: uniform(next, -0.6, 0.6) * scale,
    b: uniform(next, -0.3, 0.3) * scale,
  };
  const h0 = opts.zeroState ? 0 : uniform(next, -0.9, 0.9);
  return { p, xs: draws(next, T, -1, 1), h0 };
}

/** T forget gates in [low, high): near 1 the cell keeps its memory for long, near 0 it forgets at once. */
export function makeForgetGates(seed: number, T: number, low = 0.05, high = 1): number[] {
  return draws(seededRandom(seed), T, low, high);
}

/**
 * Inputs on which every mistake in mistakes.ts gives a result different from the reference (test/exercises/
 * vanishing-reference.test.ts proves it). Fixed, because they only name a mistake once a check has already failed.
 */
export const DIAGNOSTIC = {
  /** w^k overflows at k = 2 although y0·w^k does not: Math.pow shows itself here. */
  unroll: { w: 1e200, y0: 1e-200, steps: 4 } satisfies UnrollCase,
  /** Non-constant and non-symmetric: the order of the factors and every index matter. */
  chain: [0.5, -1.25, 2, 0.75, 1.5, -0.5],
  tanh: { p: { w: 1.3, u: 0.8, b: 0.2 }, xs: [0.9, -0.4, 0.3, 1, -0.8, 0.5], h0: 0.4 } satisfies TanhCase,
  cell: [0.9, 0.2, 0.75, 0.99, 0.5, 0.6],
  /** Overflow, underflow through the subnormals, both signs. */
  firstUnrepresentable: [2, 0.5, 0.25, 3, -0.5],
};

/**
 * The reference's firstUnrepresentable(w), kept for the worker's later students: the fixed inputs every student gets
 * take tens of millions of steps (about 0.1 s of the grader's time per student), and the answer never changes. It
 * lives here, not in the suite, which is loaded afresh for each student.
 */
const stepsOf = new Map<number, number>();
export function referenceSteps(w: number): number {
  if (Object.is(w, -0)) return firstUnrepresentable(w); // a Map takes −0 for 0
  let n = stepsOf.get(w);
  if (n === undefined) {
    if (stepsOf.size >= 10_000) stepsOf.clear();
    stepsOf.set(w, (n = firstUnrepresentable(w)));
  }
  return n;
}
