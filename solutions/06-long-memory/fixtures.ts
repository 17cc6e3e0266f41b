/**
 * The public examples of exercise 06: inputs and the reference's answers. `gatelab generate` writes them to
 * exercises/06-long-memory/fixtures.json from a fixed public seed; when grading, the public checks run on fresh
 * examples of the same kinds drawn from the student's seed.
 */
import { Matrix } from '../lib/matrix';
import { addingProblem, modelBackward, modelForward, type CellName, type ModelParams } from './long-memory';
import { rnnBackward, rnnForward, rnnStep, rnnStepBackward, type RnnParams } from './rnn';
import { CASE_SHAPES, makeModelCase, makeSequenceCase, makeStepCase } from './cases';

export interface PublicFixtures {
  steps: {
    name: string;
    x: Matrix;
    hPrev: Matrix;
    p: RnnParams;
    dh: Matrix;
    h: Matrix;
    grads: Record<string, Matrix>;
  }[];
  sequences: {
    name: string;
    xs: Matrix[];
    h0: Matrix;
    p: RnnParams;
    dhs: Matrix[];
    hs: Matrix[];
    grads: Record<string, Matrix | Matrix[]>;
  }[];
  tasks: { n: number; T: number; seed: number; xs: Matrix[]; y: Matrix }[];
  models: {
    cell: CellName;
    xs: Matrix[];
    p: ModelParams;
    dPred: Matrix;
    pred: Matrix;
    grads: Record<string, Matrix>;
  }[];
}

export function publicFixtures(seed: number): PublicFixtures {
  const stepKinds = [
    { name: 'one example', shape: CASE_SHAPES[0], opts: {} },
    { name: 'a batch, D ≠ H', shape: CASE_SHAPES[1], opts: {} },
    { name: 'first step: zero hPrev', shape: CASE_SHAPES[2], opts: { zeroState: true } },
  ];
  const steps = stepKinds.map((kind, i) => {
    const k = makeStepCase(seed + i, kind.shape, kind.opts);
    const { h, cache } = rnnStep(k.x, k.hPrev, k.p);
    return { ...k, name: kind.name, h, grads: { ...rnnStepBackward(k.dh, cache) } };
  });
  const sequences = [1, 6].map((T, i) => {
    const k = makeSequenceCase(seed + 10 + i, CASE_SHAPES[1], T);
    const { hs, cache } = rnnForward(k.xs, k.h0, k.p);
    return { ...k, name: `T = ${T}`, hs, grads: { ...rnnBackward(k.dhs, cache) } };
  });
  const tasks = [
    { n: 3, T: 4 },
    { n: 2, T: 9 },
  ].map((s, i) => ({ ...s, seed: seed + 20 + i, ...addingProblem(s.n, s.T, seed + 20 + i) }));
  // The plain RNN's model only: the LSTM's and the GRU's use the cells of 03 and 04, which the hidden check judges
  // with the reference cell where the student's fails (a public check here would charge that mistake twice).
  const models = (['rnn'] as CellName[]).map((cell, i) => {
    const k = makeModelCase(seed + 30 + i, cell, 3, 4, 3);
    const { pred, cache } = modelForward(cell, k.p, k.xs);
    return { cell, xs: k.xs, p: k.p, dPred: k.dPred, pred, grads: { ...modelBackward(k.dPred, cache) } };
  });
  return { steps, sequences, tasks, models };
}
