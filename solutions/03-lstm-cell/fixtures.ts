/**
 * The public examples of exercise 03: inputs and the reference's answers. `gatelab generate` writes them to
 * exercises/03-lstm-cell/fixtures.json from a fixed public seed; when grading, the public checks run on fresh
 * examples of the same kinds drawn from the student's seed. Each example also carries what every catalogued mistake
 * computes on it (../lib/public-diagnosis.ts), so a public check names a mistake as the hidden suite would.
 */
import type { Candidate } from '../../grader/harness/diagnose';
import type { Matrix } from '../lib/matrix';
import { flattenOutputs, kitCandidates } from '../lib/public-diagnosis';
import { lstmBackward, lstmForward, lstmStep, lstmStepBackward } from './lstm';
import { CASE_SHAPES, makeSequenceCase, makeStepCase, type LstmSequenceCase, type LstmStepCase } from './cases';
import {
  aloneText,
  backwardWith,
  BACKWARD_MISTAKES,
  BPTT_MISTAKES,
  forwardWith,
  FORWARD_MISTAKES,
  SEQUENCE_MISTAKES,
} from './mistakes';

const SEQUENCE_GRADS = ['dxs', 'dh0', 'dc0', 'dWx', 'dWh', 'db'];

export interface PublicFixtures {
  steps: (LstmStepCase & {
    name: string;
    h: Matrix;
    c: Matrix;
    grads: Record<string, Matrix>;
    forwardMistakes: Candidate[];
    backwardMistakes: Candidate[];
  })[];
  sequence: LstmSequenceCase & {
    name: string;
    hs: Matrix[];
    c: Matrix;
    grads: Record<string, Matrix | Matrix[]>;
    forwardMistakes: Candidate[];
    bpttMistakes: Candidate[];
  };
  /** initLstm is called with these; its bias is fixed by the statement (1 on the forget block, 0 elsewhere). */
  init: { D: number; H: number; seed: number; otherSeed: number };
}

function stepExample(k: LstmStepCase) {
  const { h, c, cache } = lstmStep(k.x, k.hPrev, k.cPrev, k.p);
  const grads = { ...lstmStepBackward(k.dh, k.dc, cache) };
  const forward = FORWARD_MISTAKES.map((m) => {
    const out = forwardWith(m.parts)(k.x, k.hPrev, k.cPrev, k.p);
    return { id: m.id, outputs: { h: out.h, c: out.c }, diagnosis: aloneText(m), hint: m.hint };
  });
  const backward = BACKWARD_MISTAKES.map((m) => ({
    id: m.id,
    outputs: { ...backwardWith(m.parts)(k.dh, k.dc, cache) },
    diagnosis: aloneText(m),
    hint: m.hint,
  }));
  return {
    h,
    c,
    grads,
    forwardMistakes: kitCandidates({ h, c }, forward),
    backwardMistakes: kitCandidates(grads, backward),
  };
}

function sequenceExample(s: LstmSequenceCase) {
  const { hs, c, cache } = lstmForward(s.xs, s.h0, s.c0, s.p);
  const grads = { ...lstmBackward(s.dhs, cache) };
  const forward = SEQUENCE_MISTAKES.map((m) => ({
    id: m.id,
    outputs: flattenOutputs({ ...m.forward(s.xs, s.h0, s.c0, s.p) }, ['hs', 'c']),
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
  const bptt = BPTT_MISTAKES.map((m) => ({
    id: m.id,
    outputs: flattenOutputs({ ...m.backward(s.dhs, cache.steps) }, SEQUENCE_GRADS),
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
  return {
    hs,
    c,
    grads,
    forwardMistakes: kitCandidates(flattenOutputs({ hs, c }, ['hs', 'c']), forward),
    bpttMistakes: kitCandidates(flattenOutputs(grads, SEQUENCE_GRADS), bptt),
  };
}

export function publicFixtures(seed: number): PublicFixtures {
  const kinds = [
    { name: 'one example', shape: CASE_SHAPES[0], opts: {} },
    { name: 'a batch, D ≠ H', shape: CASE_SHAPES[1], opts: {} },
    { name: 'first step: zero hPrev and cPrev', shape: CASE_SHAPES[2], opts: { zeroState: true } },
  ];
  const steps = kinds.map((kind, i) => {
    const k = makeStepCase(seed + i, kind.shape, kind.opts);
    return { ...k, name: kind.name, ...stepExample(k) };
  });
  const s = makeSequenceCase(seed + kinds.length, { N: 2, D: 3, H: 2 }, 5);
  return {
    steps,
    sequence: { ...s, name: 'five steps, a batch of two', ...sequenceExample(s) },
    init: { D: 5, H: 16, seed: seed + 100, otherSeed: seed + 101 },
  };
}
