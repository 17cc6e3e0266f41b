/**
 * The diagnosis catalogue of exercise 06 (see types.ts): realistic mistakes in the plain tanh RNN cell (rnn.ts),
 * forward, one step back and backpropagation through time, each with the words a true explanation contains (the
 * texts are hidden.06.mistakes in the message catalog).
 */
import type { CatalogueMistake } from './types';

const EXERCISE = '06-long-memory';
const FILE = `${EXERCISE}/rnn.ts`;
const mistake = (m: Omit<CatalogueMistake, 'exercise' | 'file' | 'losesIn'>): CatalogueMistake => ({
  exercise: EXERCISE,
  file: FILE,
  losesIn: [EXERCISE],
  ...m,
});
const SUMS = '    dWx = dWx.add(g.dWx);\n    dWh = dWh.add(g.dWh);\n    db = db.add(g.db);';

export const MISTAKES: CatalogueMistake[] = [
  mistake({
    id: 'rnn-tanh-missing',
    find: '  ).tanh(); // N×H',
    replace: '  ); // N×H',
    explains: { en: [['rnnStep', 'the tanh is missing']], ru: [['rnnStep', 'пропущен tanh']] },
    checks: ['rnn-forward'],
  }),
  mistake({
    id: 'rnn-sigmoid-for-tanh',
    find: '  ).tanh(); // N×H',
    replace: '  ).sigmoid(); // N×H',
    explains: { en: [['rnnStep', 'applies σ']], ru: [['rnnStep', 'применяет σ']] },
    checks: ['rnn-forward'],
  }),
  mistake({
    id: 'rnn-bias-dropped',
    find: '  const h = Matrix.linear(\n    [\n      [x, p.Wx],\n      [hPrev, p.Wh],\n    ],\n    p.b,\n  ).tanh(); // N×H',
    replace: '  const h = x.matmul(p.Wx).add(hPrev.matmul(p.Wh)).tanh(); // N×H',
    explains: { en: [['rnnStep', 'leaves out the bias']], ru: [['rnnStep', 'не прибавляет смещение']] },
    checks: ['rnn-forward'],
  }),
  mistake({
    id: 'rnn-recurrent-weight-transposed',
    find: '      [hPrev, p.Wh],',
    replace: '      [hPrev, p.Wh.transpose()],',
    explains: { en: [['rnnStep', 'Whᵀ instead of Wh']], ru: [['rnnStep', 'Whᵀ вместо Wh']] },
    checks: ['rnn-forward'],
  }),
  mistake({
    id: 'rnn-tanh-derivative-one-minus-h',
    find: '  const da = dh.mul(h.mul(h).oneMinus());',
    replace: '  const da = dh.mul(h.oneMinus());',
    explains: {
      en: [['rnnStepBackward', '1 − h as the derivative']],
      ru: [['rnnStepBackward', '1 − h как производную']],
    },
  }),
  mistake({
    id: 'rnn-tanh-derivative-missing',
    find: '  const da = dh.mul(h.mul(h).oneMinus());',
    replace: '  const da = dh;',
    explains: {
      en: [['rnnStepBackward', 'is missing', 'da = dh ⊙ (1 − h²)']],
      ru: [['rnnStepBackward', 'пропущен множитель', 'da = dh ⊙ (1 − h²)']],
    },
  }),
  mistake({
    id: 'rnn-state-gradient-untransposed',
    find: '  const dhPrev = da.matmul(Wh.transpose());',
    replace: '  const dhPrev = da.matmul(Wh);',
    explains: { en: [['rnnStepBackward', 'dhPrev = da·Whᵀ']], ru: [['rnnStepBackward', 'dhPrev = da·Whᵀ']] },
  }),
  mistake({
    id: 'rnn-bias-gradient-averaged',
    find: '  const db = da.sumRows();',
    replace: '  const db = da.sumRows().scale(1 / da.rows);',
    explains: {
      en: [['rnnStepBackward', 'averages the bias gradient']],
      ru: [['rnnStepBackward', 'усредняет градиент смещения']],
    },
  }),
  mistake({
    id: 'rnn-bptt-drops-future-gradient',
    find: '    const g = rnnStepBackward(dhs[t].add(dhNext), steps[t]);',
    replace: '    const g = rnnStepBackward(dhs[t], steps[t]);',
    explains: { en: [['rnnBackward', 'gradient from the future']], ru: [['rnnBackward', 'градиент из будущего']] },
  }),
  mistake({
    id: 'rnn-bptt-parameter-gradients-not-summed',
    find: SUMS,
    replace: '    dWx = g.dWx;\n    dWh = g.dWh;\n    db = g.db;',
    explains: {
      en: [['rnnBackward', 'first step only', 'summed over all T steps']],
      ru: [['rnnBackward', 'только первого шага', 'сложить по всем T шагам']],
    },
  }),
];
