/**
 * The public examples of exercise 02: inputs and the reference's answers. `gatelab generate`
 * writes them to exercises/02-forget-gate/fixtures.json from a fixed public seed; when grading,
 * the public checks run on fresh examples of the same kinds drawn from the student's seed.
 */
import { Matrix } from '../lib/matrix';
import { forgetGateBackward, forgetGateForward, halfLife, retention } from './forget-gate';
import { CASE_SHAPES, makeCase, type ForgetGateCase } from './cases';

export interface PublicFixtures {
  cases: (ForgetGateCase & { name: string; f: Matrix; c: Matrix; grads: Record<string, Matrix> })[];
  retention: { bf: number; steps: number; value: number }[];
  halfLife: { bf: number; value: number }[];
}

export function publicFixtures(seed: number): PublicFixtures {
  const kinds = [
    { name: 'one example', shape: CASE_SHAPES[0], opts: {} },
    { name: 'a batch, D ≠ H', shape: CASE_SHAPES[1], opts: {} },
    { name: 'first step: zero hPrev and cPrev', shape: CASE_SHAPES[2], opts: { zeroState: true } },
  ];
  const cases = kinds.map((kind, i) => {
    const k = makeCase(seed + i, kind.shape, kind.opts);
    const { f, c, cache } = forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
    const grads = forgetGateBackward(k.dc, cache);
    return { ...k, name: kind.name, f, c, grads: { ...grads } };
  });
  const bfs = [-1, 0, 1, 3];
  return {
    cases,
    retention: bfs.map((bf, i) => ({ bf, steps: 5 * (i + 1), value: retention(bf, 5 * (i + 1)) })),
    halfLife: bfs.map((bf) => ({ bf, value: halfLife(bf) })),
  };
}
