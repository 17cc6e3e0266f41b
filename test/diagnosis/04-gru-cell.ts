/**
 * The diagnosis catalogue of exercise 04 (see types.ts): realistic mistakes in gru.ts, written as students make them,
 * each with the words a true explanation contains.
 */
import type { CatalogueMistake } from './types';

const EXERCISE = '04-gru-cell';
const FILE = `${EXERCISE}/gru.ts`;
const mistake = (m: Omit<CatalogueMistake, 'exercise' | 'file' | 'losesIn'>): CatalogueMistake => ({
  exercise: EXERCISE,
  file: FILE,
  losesIn: [EXERCISE],
  ...m,
});

export const MISTAKES: CatalogueMistake[] = [
  mistake({
    id: 'gru-update-gate-on-new-state',
    find: 'const h = z.mul(hPrev).add(z.oneMinus().mul(n));',
    replace: 'const h = z.oneMinus().mul(hPrev).add(z.mul(n));',
    explains: {
      en: [['update gate z', 'wrong term', '(1 − z) ⊙ hPrev + z ⊙ n']],
      ru: [['вентиль обновления z', 'не то слагаемое', '(1 − z) ⊙ hPrev + z ⊙ n']],
    },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'gru-reset-before-matmul',
    find: '  const [ahZ, ahR, ahN] = hPrev.matmul(p.Wh).add(p.bh).splitCols(3); // N×H each\n  const z = axZ.add(ahZ).sigmoid(); //                                   N×H\n  const r = axR.add(ahR).sigmoid(); //                                   N×H\n  const n = axN.add(r.mul(ahN)).tanh(); //                               N×H  ahN already holds bh_n',
    replace:
      '  const [ahZ, ahR] = hPrev.matmul(p.Wh).add(p.bh).splitCols(3);\n  const z = axZ.add(ahZ).sigmoid();\n  const r = axR.add(ahR).sigmoid();\n  const ahN = r\n    .mul(hPrev)\n    .matmul(p.Wh.sliceCols(2 * hPrev.cols, 3 * hPrev.cols))\n    .add(p.bh.sliceCols(2 * hPrev.cols, 3 * hPrev.cols));\n  const n = axN.add(ahN).tanh(); //                               N×H  ahN already holds bh_n',
    explains: { en: [['reset', 'before', 'matrix product']], ru: [['сброс', 'до', 'матрич']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'gru-candidate-sigmoid',
    find: 'const n = axN.add(r.mul(ahN)).tanh();',
    replace: 'const n = axN.add(r.mul(ahN)).sigmoid();',
    explains: { en: [['candidate', 'tanh', 'σ']], ru: [['кандидат', 'tanh', 'σ']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'gru-gate-blocks-swapped',
    find: '  const [axZ, axR, axN] = x.matmul(p.Wx).add(p.bx).splitCols(3); //     N×H each\n  const [ahZ, ahR, ahN] = hPrev.matmul(p.Wh).add(p.bh).splitCols(3); // N×H each',
    replace:
      '  const [axR, axZ, axN] = x.matmul(p.Wx).add(p.bx).splitCols(3); //     N×H each\n  const [ahR, ahZ, ahN] = hPrev.matmul(p.Wh).add(p.bh).splitCols(3); // N×H each',
    explains: { en: [['block', 'z, r, n']], ru: [['блок', 'z, r, n']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'gru-recurrent-bias-dropped',
    find: 'hPrev.matmul(p.Wh).add(p.bh).splitCols(3);',
    replace: 'hPrev.matmul(p.Wh).splitCols(3);',
    explains: { en: [['bh', 'bias']], ru: [['bh', 'смещени']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'gru-candidate-derivative-one-minus-n',
    find: 'const dan = dn.mul(n.mul(n).oneMinus());',
    replace: 'const dan = dn.mul(n.oneMinus());',
    explains: { en: [['1 − n²']], ru: [['1 − n²']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'gru-update-gate-gradient-sign',
    find: 'const dz = dh.mul(hPrev.sub(n));',
    replace: 'const dz = dh.mul(n.sub(hPrev));',
    explains: { en: [['dz', 'hPrev − n']], ru: [['dz', 'hPrev − n']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'gru-direct-state-path-missing',
    find: 'const dhPrev = dah.matmul(Wh.transpose()).add(dh.mul(z));',
    replace: 'const dhPrev = dah.matmul(Wh.transpose());',
    explains: { en: [['dhPrev', 'dh ⊙ z']], ru: [['dhPrev', 'dh ⊙ z']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'gru-recurrent-bias-gradient-ungated',
    find: 'const dbh = dah.sumRows();',
    replace: 'const dbh = dax.sumRows();',
    explains: { en: [['dbh', 'dan ⊙ r']], ru: [['dbh', 'dan ⊙ r']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'gru-bias-gradient-averaged',
    find: 'const dbx = dax.sumRows();',
    replace: 'const dbx = dax.sumRows().scale(1 / x.rows);',
    explains: { en: [['dbx', 'sum', 'mean']], ru: [['dbx', 'сумм', 'средн']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'gru-recurrent-weight-gradient-one-row',
    find: 'const dWh = hPrev.transpose().matmul(dah);',
    replace: 'const dWh = Matrix.from([hPrev.toArray()[0]]).transpose().matmul(Matrix.from([dah.toArray()[0]]));',
    explains: { en: [['dWh', 'hPrevᵀ·dah', 'row']], ru: [['dWh', 'hPrevᵀ·dah', 'строк']] },
    checks: ['step-backward'],
  }),
  mistake({
    id: 'gru-sequence-state-not-carried',
    find: 'const step = gruStep(x, h, p);',
    replace: 'const step = gruStep(x, h0, p);',
    explains: { en: [['gruForward', 'h_{t−1}', 'h0']], ru: [['gruForward', 'h_{t−1}', 'h0']] },
    checks: ['sequence-forward'],
  }),
  mistake({
    id: 'gru-bptt-drops-future-gradient',
    find: 'const g = gruStepBackward(dhs[t].add(dhNext), steps[t]);',
    replace: 'const g = gruStepBackward(dhs[t], steps[t]);',
    explains: { en: [['future', 'dhPrev', 'step t + 1']], ru: [['будущ', 'dhPrev', 'шаг t + 1']] },
    checks: ['bptt'],
  }),
  mistake({
    id: 'gru-bptt-parameter-gradients-not-summed',
    find: '    dWx = dWx.add(g.dWx);\n    dWh = dWh.add(g.dWh);\n    dbx = dbx.add(g.dbx);\n    dbh = dbh.add(g.dbh);',
    replace: '    dWx = g.dWx;\n    dWh = g.dWh;\n    dbx = g.dbx;\n    dbh = g.dbh;',
    explains: { en: [['dWx', 'not summed over time']], ru: [['dWx', 'не суммируются по времени']] },
    checks: ['bptt'],
  }),
  mistake({
    id: 'gru-init-same-seed-for-both',
    find: 'Wh: Matrix.random(H, 3 * H, seed + 1, -k, k),',
    replace: 'Wh: Matrix.random(H, 3 * H, seed, -k, k),',
    explains: { en: [['Wh', 'Wx', 'seed']], ru: [['Wh', 'Wx', 'зерн']] },
    checks: ['init'],
  }),
  mistake({
    id: 'gru-reset-gate-not-applied',
    find: '  const n = axN.add(r.mul(ahN)).tanh(); //                               N×H  ahN already holds bh_n',
    replace: '  const n = axN.add(ahN).tanh(); //                               N×H  ahN already holds bh_n',
    explains: { en: [['reset gate', 'not used', 'r ⊙ ah_n']], ru: [['вентиль сброса', 'не применен', 'r ⊙ ah_n']] },
    checks: ['step-forward'],
  }),
  mistake({
    id: 'gru-candidate-tanh-derivative-missing',
    find: '  const dan = dn.mul(n.mul(n).oneMinus()); //       N×H  this is ∂L/∂ax_n as it stands',
    replace: '  const dan = dn; //       N×H  this is ∂L/∂ax_n as it stands',
    explains: { en: [['candidate', 'dan = dn ⊙ (1 − n²)']], ru: [['tanh кандидата', 'dan = dn ⊙ (1 − n²)']] },
    checks: ['step-backward'],
  }),
];
