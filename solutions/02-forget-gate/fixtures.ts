/**
 * The public examples of exercise 02: inputs and the reference's answers. `gatelab generate` writes them to
 * exercises/02-forget-gate/fixtures.json from a fixed public seed; when grading, the public checks run on fresh
 * examples of the same kinds drawn from the student's seed. Each case also carries what every catalogued mistake
 * computes on it (../lib/public-diagnosis.ts), so a public check names a mistake as the hidden suite would.
 */
import type { Candidate } from '../../grader/harness/diagnose';
import { Matrix } from '../lib/matrix';
import { kitCandidates } from '../lib/public-diagnosis';
import { forgetGateBackward, forgetGateForward, halfLife, retention, sigmoid } from './forget-gate';
import { CASE_SHAPES, makeCase, type ForgetGateCase } from './cases';
import { BACKWARD_MISTAKES, FORWARD_MISTAKES } from './mistakes';

export interface PublicFixtures {
  cases: (ForgetGateCase & {
    name: string;
    f: Matrix;
    c: Matrix;
    grads: Record<string, Matrix>;
    forwardMistakes: Candidate[];
    backwardMistakes: Candidate[];
  })[];
  /** σ on the statement's examples (σ(0) = 0.5) and at the ends of float64's range. */
  sigmoid: { z: Matrix; value: Matrix };
  retention: { bf: number; steps: number; value: number }[];
  halfLife: { bf: number; value: number }[];
}

function withMistakes(k: ForgetGateCase) {
  const { f, c, cache } = forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
  const grads = { ...forgetGateBackward(k.dc, cache) };
  const forward = FORWARD_MISTAKES.map((m) => {
    const out = m.forward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
    return { id: m.id, outputs: { f: out.f, c: out.c }, diagnosis: m.diagnosis, hint: m.hint };
  });
  const backward = BACKWARD_MISTAKES.map((m) => ({
    id: m.id,
    outputs: { ...m.backward(k.dc, cache) },
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
  return {
    f,
    c,
    grads,
    forwardMistakes: kitCandidates({ f, c }, forward),
    backwardMistakes: kitCandidates(grads, backward),
  };
}

export function publicFixtures(seed: number): PublicFixtures {
  const kinds = [
    { name: 'one example', shape: CASE_SHAPES[0], opts: {} },
    { name: 'a batch, D ≠ H', shape: CASE_SHAPES[1], opts: {} },
    { name: 'first step: zero hPrev and cPrev', shape: CASE_SHAPES[2], opts: { zeroState: true } },
  ];
  const cases = kinds.map((kind, i) => {
    const k = makeCase(seed + i, kind.shape, kind.opts);
    return { ...k, name: kind.name, ...withMistakes(k) };
  });
  const z = Matrix.from([[0, 1, -1, 3, -3, 40, -40, 1000, -1000]]);
  const bfs = [-1, 0, 1, 3];
  return {
    cases,
    sigmoid: { z, value: sigmoid(z) },
    // retention(0, 3) = 0.125 and halfLife(0) = 1 are the statement's own examples.
    retention: [
      { bf: 0, steps: 3, value: retention(0, 3) },
      ...bfs.map((bf, i) => ({ bf, steps: 5 * (i + 1), value: retention(bf, 5 * (i + 1)) })),
    ],
    halfLife: bfs.map((bf) => ({ bf, value: halfLife(bf) })),
  };
}
