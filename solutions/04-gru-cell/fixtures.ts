/**
 * The public examples of exercise 04: inputs and the reference's answers. `gatelab generate` writes them to
 * exercises/04-gru-cell/fixtures.json from a fixed public seed; when grading, the public checks run on fresh
 * examples of the same kinds drawn from the student's seed. Each example also carries what every catalogued mistake
 * computes on it (../lib/public-diagnosis.ts), so a public check names a mistake as the hidden suite would.
 */
import type { Candidate } from '../../grader/harness/diagnose';
import type { Matrix } from '../lib/matrix';
import { flattenOutputs, kitCandidates } from '../lib/public-diagnosis';
import { gruBackward, gruForward, gruStep, gruStepBackward } from './gru';
import { CASE_SHAPES, makeSequenceCase, makeStepCase, type GruSequenceCase, type GruStepCase } from './cases';
import { BPTT_MISTAKES, SEQUENCE_FORWARD_MISTAKES, STEP_BACKWARD_MISTAKES, STEP_FORWARD_MISTAKES } from './mistakes';

const SEQUENCE_GRADS = ['dxs', 'dh0', 'dWx', 'dWh', 'dbx', 'dbh'];

type SequenceGrads = { dxs: Matrix[]; dh0: Matrix; dWx: Matrix; dWh: Matrix; dbx: Matrix; dbh: Matrix };

export interface PublicFixtures {
  /** Step examples: inputs, h, and every gradient of gruStepBackward for dh. */
  cases: (GruStepCase & {
    name: string;
    h: Matrix;
    grads: Record<string, Matrix>;
    forwardMistakes: Candidate[];
    backwardMistakes: Candidate[];
  })[];
  /** One short sequence with hs and every gradient of gruBackward for dhs. */
  sequence: GruSequenceCase & {
    hs: Matrix[];
    grads: SequenceGrads;
    forwardMistakes: Candidate[];
    bpttMistakes: Candidate[];
  };
  /** initGru is called with these; its biases are fixed by the statement (zero). */
  init: { D: number; H: number; seed: number; otherSeed: number };
}

function stepExample(k: GruStepCase) {
  const { h, cache } = gruStep(k.x, k.hPrev, k.p);
  const grads = { ...gruStepBackward(k.dh, cache) };
  const forward = STEP_FORWARD_MISTAKES.map((m) => ({
    id: m.id,
    outputs: { h: m.forward(k.x, k.hPrev, k.p) },
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
  const backward = STEP_BACKWARD_MISTAKES.map((m) => ({
    id: m.id,
    outputs: { ...m.backward(k.dh, cache) },
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
  return { h, grads, forwardMistakes: kitCandidates({ h }, forward), backwardMistakes: kitCandidates(grads, backward) };
}

function sequenceExample(s: GruSequenceCase) {
  const { hs, cache } = gruForward(s.xs, s.h0, s.p);
  const grads = gruBackward(s.dhs, cache);
  const forward = SEQUENCE_FORWARD_MISTAKES.map((m) => ({
    id: m.id,
    outputs: flattenOutputs({ hs: m.forward(s.xs, s.h0, s.p) }, ['hs']),
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
  const bptt = BPTT_MISTAKES.map((m) => ({
    id: m.id,
    outputs: flattenOutputs({ ...m.backward(s.dhs, cache) }, SEQUENCE_GRADS),
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
  return {
    hs,
    grads,
    forwardMistakes: kitCandidates(flattenOutputs({ hs }, ['hs']), forward),
    bpttMistakes: kitCandidates(flattenOutputs({ ...grads }, SEQUENCE_GRADS), bptt),
  };
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
    return { ...k, name: kind.name, ...stepExample(k) };
  });
  const s = makeSequenceCase(seed + kinds.length, { N: 2, D: 3, H: 2 }, 4);
  return {
    cases,
    sequence: { ...s, ...sequenceExample(s) },
    init: { D: 5, H: 16, seed: seed + 100, otherSeed: seed + 101 },
  };
}
