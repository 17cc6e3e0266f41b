/**
 * The public examples of exercise 01: inputs and the reference's answers. `gatelab generate` writes them to
 * exercises/01-vanishing-gradient/fixtures.json from a fixed public seed; when grading, the public checks run on fresh
 * examples of the same kinds drawn from the student's seed.
 */
import {
  cellStateGradients,
  chainGradient,
  firstUnrepresentable,
  runExperiment,
  tanhRnnGradients,
  unroll,
  type Family,
  type TanhRnnParams,
} from './vanishing';
import { makeChain, makeForgetGates, makeTanhCase, makeUnrollCase, type UnrollKind } from './cases';
import type { Candidate } from '../../grader/harness/diagnose';
import { Matrix } from '../lib/matrix';
import { kitCandidates } from '../lib/public-diagnosis';
import { CELL_MISTAKES, CHAIN_MISTAKES, TANH_MISTAKES, UNROLL_MISTAKES, type Mistake } from './mistakes';

const row = (values: number[]) => new Matrix(1, values.length, Float64Array.from(values));

/** What each catalogued mistake gives on these arguments, as `{ value: 1×n }` (the public check compares so). */
function mistakesOn<A extends unknown[]>(
  list: readonly Mistake<(...args: A) => number[]>[],
  args: A,
  right: number[],
): Candidate[] {
  const candidates = list.map((m) => ({
    id: m.id,
    outputs: { value: row(m.apply(...args)) },
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
  return kitCandidates({ value: row(right) }, candidates);
}

export interface PublicFixtures {
  /** Each example with what every catalogued mistake gives on it, so that a public failure is named. */
  unroll: { name: string; w: number; y0: number; steps: number; y: number[]; mistakes: Candidate[] }[];
  chains: { name: string; localGrads: number[]; g: number[]; mistakes: Candidate[] }[];
  tanh: { name: string; p: TanhRnnParams; xs: number[]; h0: number; g: number[]; mistakes: Candidate[] }[];
  cell: { name: string; forget: number[]; g: number[]; mistakes: Candidate[] }[];
  /** The statement's examples (w = 2 → 1024, w = 0.5 → 1023, w = 0 → 1, |w| = 1 → Infinity) and a few more. */
  firstUnrepresentable: { w: number; n: number }[];
  /**
   * A sample of runExperiment's result, not all of it (that would be the answer): every series' id and family in
   * order, and for two series the first points and the horizon.
   */
  experiment: {
    series: { id: string; family: Family }[];
    samples: { id: string; firstPoints: [number, number][]; horizon: number }[];
  };
}

/** The part of runExperiment's result the kit may show (see PublicFixtures.experiment). */
function experimentSample(): PublicFixtures['experiment'] {
  const { series } = runExperiment();
  return {
    series: series.map((s) => ({ id: s.id, family: s.family })),
    samples: series
      .filter((s) => s.id === 'linear-0.5' || s.id === 'cell-0.9')
      .map((s) => ({ id: s.id, firstPoints: s.points.slice(0, 3), horizon: s.horizon })),
  };
}

export function publicFixtures(seed: number): PublicFixtures {
  const unrollKinds: { name: string; kind: UnrollKind; steps: number }[] = [
    { name: 'a shrinking chain, |w| < 1', kind: 'shrinking', steps: 12 },
    { name: 'a growing chain, |w| > 1', kind: 'growing', steps: 12 },
    { name: 'a negative weight: the sign alternates', kind: 'negative', steps: 7 },
  ];
  const chainKinds = [
    { name: 'local derivatives that change from step to step', T: 8 },
    { name: 'a chain of one step', T: 1 },
    { name: 'an empty chain: only g[0] = 1', T: 0 },
  ];
  const tanhKinds = [
    { name: 'ten steps from a non-zero state', T: 10, opts: {} },
    { name: 'one step from h0 = 0', T: 1, opts: { zeroState: true } },
  ];
  const cellKinds = [
    { name: 'twelve forget gates', T: 12 },
    { name: 'one forget gate', T: 1 },
  ];
  return {
    unroll: unrollKinds.map((k, i) => {
      const c = makeUnrollCase(seed + i, k.kind, k.steps);
      const y = unroll(c.w, c.y0, c.steps);
      return { name: k.name, ...c, y, mistakes: mistakesOn(UNROLL_MISTAKES, [c.w, c.y0, c.steps], y) };
    }),
    chains: chainKinds.map((k, i) => {
      const localGrads = makeChain(seed + 10 + i, k.T);
      const g = chainGradient(localGrads);
      return { name: k.name, localGrads, g, mistakes: mistakesOn(CHAIN_MISTAKES, [localGrads], g) };
    }),
    tanh: tanhKinds.map((k, i) => {
      const c = makeTanhCase(seed + 20 + i, k.T, k.opts);
      const g = tanhRnnGradients(c.p, c.xs, c.h0);
      return { name: k.name, ...c, g, mistakes: mistakesOn(TANH_MISTAKES, [c.p, c.xs, c.h0], g) };
    }),
    cell: cellKinds.map((k, i) => {
      const forget = makeForgetGates(seed + 30 + i, k.T, 0.5, 1);
      const g = cellStateGradients(forget);
      return { name: k.name, forget, g, mistakes: mistakesOn(CELL_MISTAKES, [forget], g) };
    }),
    firstUnrepresentable: [2, 0.5, 0, 1, -1, -2, 0.9].map((w) => ({ w, n: firstUnrepresentable(w) })),
    experiment: experimentSample(),
  };
}
