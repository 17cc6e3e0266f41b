/**
 * The diagnosis catalogue of exercise 03 (see types.ts): realistic mistakes in lstm.ts, written as students make them,
 * each with the words a true explanation contains. 05 runs the student's own cell but grades only 05's own work, so
 * a mistake here must cost points in 03 alone.
 */
import type { CatalogueMistake } from './types';

const EXERCISE = '03-lstm-cell';
const FILE = `${EXERCISE}/lstm.ts`;
const mistake = (m: Omit<CatalogueMistake, 'exercise' | 'file' | 'losesIn'>): CatalogueMistake => ({
  exercise: EXERCISE,
  file: FILE,
  losesIn: [EXERCISE],
  ...m,
});
const CELL_GRADIENT = 'const dcTotal = dc.add(dh.mul(o).mul(tanhC.mul(tanhC).oneMinus()));';

export const MISTAKES: CatalogueMistake[] = [
  mistake({
    id: 'lstm-gate-blocks-in-keras-order',
    find: 'const [aI, aF, aG, aO] = a.splitCols(4);',
    replace: 'const [aI, aF, aO, aG] = a.splitCols(4);',
    explains: { en: [['block', 'i, f, g, o']], ru: [['блок', 'i, f, g, o']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'lstm-candidate-sigmoid',
    find: 'const g = aG.tanh();',
    replace: 'const g = aG.sigmoid();',
    explains: { en: [['candidate', 'tanh', 'σ']], ru: [['кандидат', 'tanh', 'σ']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'lstm-output-without-tanh',
    find: 'const h = o.mul(tanhC);',
    replace: 'const h = o.mul(c);',
    explains: { en: [['o ⊙ tanh(c)', 'o ⊙ c']], ru: [['o ⊙ tanh(c)', 'o ⊙ c']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'lstm-bias-dropped',
    find: '  const a = Matrix.linear(\n    [\n      [x, p.Wx],\n      [hPrev, p.Wh],\n    ],\n    p.b,\n  ); // N×4H',
    replace: '  const a = Matrix.linear([\n    [x, p.Wx],\n    [hPrev, p.Wh],\n  ]); // N×4H',
    explains: { en: [['bias', 'b']], ru: [['смещени', 'b']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'lstm-input-and-forget-swapped',
    find: 'const c = f.mul(cPrev).add(i.mul(g));',
    replace: 'const c = i.mul(cPrev).add(f.mul(g));',
    explains: { en: [['f ⊙ cPrev', 'i ⊙ g']], ru: [['f ⊙ cPrev', 'i ⊙ g']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'lstm-cell-derivative-from-h',
    find: CELL_GRADIENT,
    replace: 'const h = o.mul(tanhC);\n    const dcTotal = dc.add(dh.mul(o).mul(h.mul(h).oneMinus()));',
    explains: { en: [['tanh′(c)', '1 − tanh²(c)', '1 − h²']], ru: [['tanh′(c)', '1 − tanh²(c)', '1 − h²']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'lstm-step-ignores-future-dc',
    find: CELL_GRADIENT,
    replace: 'const dcTotal = dh.mul(o).mul(tanhC.mul(tanhC).oneMinus());',
    explains: { en: [['future', 'dc + dh ⊙ o']], ru: [['будущ', 'dc + dh ⊙ o']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'lstm-forget-sigmoid-derivative-incomplete',
    find: 'dF.mul(f).mul(f.oneMinus()), // da_f',
    replace: 'dF.mul(f), // da_f',
    explains: { en: [['forget gate f', 'f ⊙ (1 − f)']], ru: [['вентиль забывания f', 'f ⊙ (1 − f)']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'lstm-candidate-derivative-one-minus-g',
    find: 'dG.mul(g.mul(g).oneMinus()), // da_g',
    replace: 'dG.mul(g.oneMinus()), // da_g',
    explains: { en: [['candidate g', '1 − g²']], ru: [['кандидат g', '1 − g²']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'lstm-bias-gradient-averaged',
    find: 'const db = da.sumRows();',
    replace: 'const db = da.sumRows().scale(1 / x.rows);',
    explains: { en: [['db', 'sum', 'mean']], ru: [['db', 'сумм', 'средн']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'lstm-input-weight-gradient-one-row',
    find: 'const dWx = x.transpose().matmul(da);',
    replace: 'const dWx = Matrix.from([x.toArray()[0]]).transpose().matmul(Matrix.from([da.toArray()[0]]));',
    explains: { en: [['dWx', 'xᵀ·da', 'row']], ru: [['dWx', 'xᵀ·da', 'строк']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'lstm-sequence-state-not-carried',
    find: 'const out = lstmStep(x, h, c, p);',
    replace: 'const out = lstmStep(x, h0, c0, p);',
    explains: {
      en: [['lstmForward', 'h0 and c0', 'previous step']],
      ru: [['lstmForward', 'h0 и c0', 'предыдущего шага']],
    },
    checks: ['sequence-forward'],
  }),
  mistake({
    id: 'lstm-bptt-drops-future-dc',
    find: 'const grads = lstmStepBackward(dhs[t].add(dhNext), dcNext, steps[t]);',
    replace: 'const grads = lstmStepBackward(dhs[t].add(dhNext), Matrix.zeros(N, H), steps[t]);',
    explains: {
      en: [['future', 'cell state', 'dcPrev of step t + 1']],
      ru: [['будущ', 'состояния ячейки', 'dcPrev шага t + 1']],
    },
    checks: ['bptt'],
  }),
  mistake({
    id: 'lstm-bptt-parameter-gradients-not-summed',
    find: '    dWx = dWx.add(grads.dWx);\n    dWh = dWh.add(grads.dWh);\n    db = db.add(grads.db);',
    replace: '    dWx = grads.dWx;\n    dWh = grads.dWh;\n    db = grads.db;',
    explains: { en: [['dWx', 'not summed over time']], ru: [['dWx', 'не суммируются по времени']] },
    checks: ['bptt'],
  }),
  mistake({
    id: 'lstm-init-forget-bias-zero',
    find: 'const b = Matrix.concatCols([zeros, Matrix.fill(1, H, 1), zeros, zeros]);',
    replace: 'const b = Matrix.zeros(1, 4 * H);',
    explains: { en: [['forget', 'bias', '1']], ru: [['забывания', 'смещени', '1']] },
    checks: ['init'],
  }),
  mistake({
    id: 'lstm-output-squashed-by-sigmoid',
    find: '  const tanhC = c.tanh(); //               N×H  the state squashed into (−1, 1) before it is shown',
    replace: '  const tanhC = c.sigmoid(); //               N×H  the state squashed into (−1, 1) before it is shown',
    explains: { en: [['o ⊙ σ(c)', 'o ⊙ tanh(c)']], ru: [['o ⊙ σ(c)', 'o ⊙ tanh(c)']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'lstm-cell-tanh-derivative-missing',
    find: '  const dcTotal = dc.add(dh.mul(o).mul(tanhC.mul(tanhC).oneMinus())); //     N×H',
    replace: '  const dcTotal = dc.add(dh.mul(o)); //     N×H',
    explains: { en: [['skips the tanh', "tanh'(c)"]], ru: [['не проходит через tanh', "tanh'(c)"]] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'lstm-bias-added-twice',
    find: '  ); // N×4H',
    replace: '  ).add(p.b); // N×4H',
    explains: { en: [['counted twice', '2·b']], ru: [['учтено дважды', '2·b']] },
    checks: ['step-forward'],
  }),
];
