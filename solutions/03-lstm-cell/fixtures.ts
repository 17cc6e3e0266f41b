/**
 * The public examples of exercise 03: inputs and the reference's answers. `gatelab generate` writes them to
 * exercises/03-lstm-cell/fixtures.json from a fixed public seed; when grading, the public checks run on fresh
 * examples of the same kinds drawn from the student's seed.
 */
import { Matrix } from '../lib/matrix';
import { lstmBackward, lstmForward, lstmStep, lstmStepBackward } from './lstm';
import { CASE_SHAPES, makeSequenceCase, makeStepCase, type LstmSequenceCase, type LstmStepCase } from './cases';

export interface PublicFixtures {
  steps: (LstmStepCase & { name: string; h: Matrix; c: Matrix; grads: Record<string, Matrix> })[];
  sequence: LstmSequenceCase & { name: string; hs: Matrix[]; c: Matrix; grads: Record<string, Matrix | Matrix[]> };
}

export function publicFixtures(seed: number): PublicFixtures {
  const kinds = [
    { name: 'one example', shape: CASE_SHAPES[0], opts: {} },
    { name: 'a batch, D ≠ H', shape: CASE_SHAPES[1], opts: {} },
    { name: 'first step: zero hPrev and cPrev', shape: CASE_SHAPES[2], opts: { zeroState: true } },
  ];
  const steps = kinds.map((kind, i) => {
    const k = makeStepCase(seed + i, kind.shape, kind.opts);
    const { h, c, cache } = lstmStep(k.x, k.hPrev, k.cPrev, k.p);
    return { ...k, name: kind.name, h, c, grads: { ...lstmStepBackward(k.dh, k.dc, cache) } };
  });
  const s = makeSequenceCase(seed + kinds.length, { N: 2, D: 3, H: 2 }, 5);
  const { hs, c, cache } = lstmForward(s.xs, s.h0, s.c0, s.p);
  return {
    steps,
    sequence: { ...s, name: 'five steps, a batch of two', hs, c, grads: { ...lstmBackward(s.dhs, cache) } },
  };
}
