/**
 * The diagnosis catalogue of exercise 02 (see types.ts): realistic mistakes in forget-gate.ts, written as students
 * make them, each with the words a true explanation contains.
 */
import type { CatalogueMistake } from './types';

const EXERCISE = '02-forget-gate';
const FILE = `${EXERCISE}/forget-gate.ts`;
const mistake = (m: Omit<CatalogueMistake, 'exercise' | 'file' | 'losesIn'>): CatalogueMistake => ({
  exercise: EXERCISE,
  file: FILE,
  losesIn: [EXERCISE],
  ...m,
});

export const MISTAKES: CatalogueMistake[] = [
  mistake({
    id: 'sigmoid-overflows-to-nan',
    find: '  return z.sigmoid();',
    replace: '  return z.map((v) => Math.exp(v) / (1 + Math.exp(v)));',
    explains: { en: [['sigmoid', 'NaN', 'e^z']], ru: [['sigmoid', 'NaN', 'e^z']] },
    checks: ['sigmoid'],
  }),
  mistake({
    id: 'gate-uses-tanh',
    find: '  const f = sigmoid(a); //                                         N×H  each entry in [0, 1]',
    replace: '  const f = a.tanh(); //                                         N×H  each entry in [0, 1]',
    explains: { en: [['tanh', 'σ']], ru: [['tanh', 'σ']] },
    checks: ['forward'],
  }),
  mistake({
    id: 'gate-bias-dropped',
    find: '.add(hPrev.matmul(p.Wfh)).add(p.bf);',
    replace: '.add(hPrev.matmul(p.Wfh));',
    explains: { en: [['bf', 'bias']], ru: [['bf', 'смещени']] },
    checks: ['forward'],
  }),
  mistake({
    id: 'gate-recurrent-weight-transposed',
    find: '.add(hPrev.matmul(p.Wfh)).add(p.bf);',
    replace: '.add(hPrev.matmul(p.Wfh.transpose())).add(p.bf);',
    explains: { en: [['Wfh', 'transpose']], ru: [['Wfh', 'транспон']] },
    checks: ['forward'],
  }),
  mistake({
    id: 'sigmoid-derivative-without-one-minus-f',
    find: '  const da = df.mul(f).mul(f.oneMinus()); //    N×H',
    replace: '  const da = df.mul(f); //    N×H',
    explains: { en: [['σ(a)(1 − σ(a))', '1 − f']], ru: [['σ(a)(1 − σ(a))', '1 − f']] },
    checks: ['backward'],
  }),
  mistake({
    id: 'bias-gradient-averaged-over-batch',
    find: '  const dbf = da.sumRows(); //                  1×H  bf was added to every row, so its gradient sums them',
    replace:
      '  const dbf = da.sumRows().scale(1 / da.rows); //                  1×H  bf was added to every row, so its gradient sums them',
    explains: { en: [['dbf', 'sum', 'mean']], ru: [['dbf', 'сумм', 'средн']] },
    checks: ['backward'],
  }),
  mistake({
    id: 'weight-gradient-from-first-row',
    find: '  const dWfx = x.transpose().matmul(da); //     D×H',
    replace:
      '  const dWfx = Matrix.from([x.toArray()[0]])\n    .transpose()\n    .matmul(Matrix.from([da.toArray()[0]])); //     D×H',
    explains: { en: [['dWfx', 'xᵀ·da', 'row']], ru: [['dWfx', 'xᵀ·da', 'строк']] },
    checks: ['backward'],
  }),
  mistake({
    id: 'state-gradient-not-gated',
    find: "  const dcPrev = dc.mul(f); //                  N×H  part 01's path: each step scales the gradient by f",
    replace: "  const dcPrev = dc; //                  N×H  part 01's path: each step scales the gradient by f",
    explains: { en: [['dcPrev', 'dc ⊙ f']], ru: [['dcPrev', 'dc ⊙ f']] },
    checks: ['backward'],
  }),
  mistake({
    id: 'new-content-gradient-gated',
    find: '  const dcNew = dc; //                          N×H  matrices are immutable, so sharing dc is safe',
    replace:
      '  const dcNew = dc.mul(f); //                          N×H  matrices are immutable, so sharing dc is safe',
    explains: { en: [['dcNew', 'dc']], ru: [['dcNew', 'dc']] },
    checks: ['backward'],
  }),
  mistake({
    id: 'recurrent-weight-gradient-transposed',
    find: '  const dWfh = hPrev.transpose().matmul(da); // H×H',
    replace: '  const dWfh = da.transpose().matmul(hPrev); // H×H',
    explains: { en: [['dWfh', 'hPrevᵀ·da']], ru: [['dWfh', 'hPrevᵀ·da']] },
    checks: ['backward'],
  }),
  mistake({
    id: 'recurrent-input-gradient-untransposed',
    find: '  const dhPrev = da.matmul(Wfh.transpose()); // N×H',
    replace: '  const dhPrev = da.matmul(Wfh); // N×H',
    explains: { en: [['dhPrev', 'da·Wfhᵀ']], ru: [['dhPrev', 'da·Wfhᵀ']] },
    checks: ['backward'],
  }),
  mistake({
    id: 'retention-exponent-off-by-one',
    find: '  return Math.pow(keep, steps);',
    replace: '  return Math.pow(keep, steps + 1);',
    explains: { en: [['retention', 'σ(bf)ⁿ', 'one step too many']], ru: [['retention', 'σ(bf)ⁿ', 'на шаг больше']] },
    checks: ['retention'],
  }),
  mistake({
    id: 'retention-sign-of-bias',
    find: '  const keep = bf >= 0 ? 1 / (1 + Math.exp(-bf)) : Math.exp(bf) / (1 + Math.exp(bf));',
    replace: '  const keep = 1 / (1 + Math.exp(bf));',
    explains: { en: [['retention', 'σ(−bf)']], ru: [['retention', 'σ(−bf)']] },
    checks: ['retention'],
  }),
  mistake({
    id: 'half-life-log-base-mixed',
    find: '  const minusLogKeep = Math.max(-bf, 0) + Math.log1p(Math.exp(-Math.abs(bf)));\n  return Math.LN2 / minusLogKeep;',
    replace: '  return Math.log10(0.5) / Math.log(1 / (1 + Math.exp(-bf)));',
    explains: { en: [['halfLife', 'logarithm', 'same base']], ru: [['halfLife', 'логарифм', 'том же основании']] },
    checks: ['retention'],
  }),
  mistake({
    id: 'half-life-naive-formula-overflows',
    find: '  const minusLogKeep = Math.max(-bf, 0) + Math.log1p(Math.exp(-Math.abs(bf)));\n  return Math.LN2 / minusLogKeep;',
    replace: '  return Math.log(0.5) / Math.log(1 / (1 + Math.exp(-bf)));',
    explains: { en: [['halfLife', 'ln σ(bf)', 'log1p']], ru: [['halfLife', 'ln σ(bf)', 'log1p']] },
    checks: ['retention'],
  }),
  mistake({
    id: 'half-life-rounded-up',
    find: '  return Math.LN2 / minusLogKeep;',
    replace: '  return Math.ceil(Math.LN2 / minusLogKeep);',
    explains: { en: [['halfLife', 'round']], ru: [['halfLife', 'округл']] },
    checks: ['retention'],
  }),
  mistake({
    id: 'gate-recurrent-term-missing',
    find: '  const a = x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)).add(p.bf); // N×H  bf is broadcast over the rows',
    replace: '  const a = x.matmul(p.Wfx).add(p.bf); // N×H  bf is broadcast over the rows',
    explains: { en: [['previous output', 'hPrev·Wfh']], ru: [['предыдущий выход', 'hPrev·Wfh']] },
    checks: ['forward'],
  }),
  mistake({
    id: 'gate-used-as-complement',
    find: '  const c = f.mul(cPrev).add(cNew); //                             N×H  the gate scales only the past',
    replace:
      '  const c = f.oneMinus().mul(cPrev).add(cNew); //                             N×H  the gate scales only the past',
    explains: { en: [['1 − f', 'share of the past']], ru: [['1 − f', 'доля прошлого']] },
    checks: ['forward'],
  }),
  mistake({
    id: 'sigmoid-derivative-missing',
    find: '  const da = df.mul(f).mul(f.oneMinus()); //    N×H',
    replace: '  const da = df; //    N×H',
    explains: {
      en: [['skips the sigmoid', 'da = df ⊙ f ⊙ (1 − f)']],
      ru: [['не проходит через сигмоиду', 'da = df ⊙ f ⊙ (1 − f)']],
    },
    checks: ['backward'],
  }),
];
