/**
 * The public examples of exercise 04: inputs and the reference's answers. `gatelab generate` writes them to
 * exercises/04-gru-cell/fixtures.json from a fixed public seed; when grading, the public checks run on fresh
 * examples of the same kinds drawn from the student's seed.
 */
import type { Matrix } from '../lib/matrix';
import { gruBackward, gruForward, gruStep, gruStepBackward } from './gru';
import { CASE_SHAPES, makeSequenceCase, makeStepCase, type GruSequenceCase, type GruStepCase } from './cases';

export interface PublicFixtures {
  /** Step examples: inputs, h, and every gradient of gruStepBackward for dh. */
  cases: (GruStepCase & { name: string; h: Matrix; grads: Record<string, Matrix> })[];
  /** One short sequence with hs and every gradient of gruBackward for dhs, to check gruForward and gruBackward yourself. */
  sequence: GruSequenceCase & { hs: Matrix[]; grads: { dxs: Matrix[]; dh0: Matrix; dWx: Matrix; dWh: Matrix; dbx: Matrix; dbh: Matrix } };
}

export function publicFixtures(seed: number): PublicFixtures {
  const kinds = [
    { name: 'one example', shape: CASE_SHAPES[0], opts: {} },
    { name: 'a batch, D ≠ H', shape: CASE_SHAPES[1], opts: {} },
    { name: 'first step: zero hPrev', shape: CASE_SHAPES[2], opts: { zeroState: true } },
    { name: 'saturated gates', shape: CASE_SHAPES[3], opts: { scale: 30 } },
  ];
  const cases = kinds.map((kind, i) => {
    const k = makeStepCase(seed + i, kind.shape, kind.opts);
    const { h, cache } = gruStep(k.x, k.hPrev, k.p);
    return { ...k, name: kind.name, h, grads: { ...gruStepBackward(k.dh, cache) } };
  });
  const s = makeSequenceCase(seed + kinds.length, { N: 2, D: 3, H: 2 }, 4);
  const { hs, cache } = gruForward(s.xs, s.h0, s.p);
  return { cases, sequence: { ...s, hs, grads: gruBackward(s.dhs, cache) } };
}
