/**
 * Public checks for exercise 02. Run them with `npx gatelab check 02-forget-gate`.
 * They compare your functions with the published examples in fixtures.json; when your work is
 * graded, the same checks run on new examples of the same kinds, plus hidden checks.
 *
 * Открытые проверки упражнения 02. Запуск: `npx gatelab check 02-forget-gate`.
 */
import { check, field, publicCases } from '../../grader/harness';
import type { Matrix } from '../lib/matrix';

interface Example {
  name: string;
  x: Matrix;
  hPrev: Matrix;
  cPrev: Matrix;
  cNew: Matrix;
  p: { Wfx: Matrix; Wfh: Matrix; bf: Matrix };
  dc: Matrix;
  f: Matrix;
  c: Matrix;
  grads: Record<string, Matrix>;
}

const EXERCISE = '02-forget-gate';
const examples = publicCases<{ cases: Example[] }>(__dirname).cases;
const GRADIENTS = ['dx', 'dhPrev', 'dcPrev', 'dcNew', 'dWfx', 'dWfh', 'dbf'];

check(
  EXERCISE,
  'public-forward',
  async (t) => {
    const gate = t.module('forget-gate');
    for (const e of examples) {
      // The cache stays in the sandbox: it is yours, and may hold anything your backward needs.
      const out = await gate.call('forgetGateForward', [e.x, e.hPrev, e.cPrev, e.cNew, e.p], { keep: ['cache'] });
      const fOk = t.matrix('f', field(out, 'f'), e.f);
      const cOk = t.matrix('c', field(out, 'c'), e.c);
      t.case(fOk && cOk);
    }
  },
  {
    hint: {
      en: 'Compute a = x·Wfx + hPrev·Wfh + bf (bf is added to every row), then f = σ(a) and c = f ⊙ cPrev + cNew.',
      ru: 'Вычислите a = x·Wfx + hPrev·Wfh + bf (bf прибавляется к каждой строке), затем f = σ(a) и c = f ⊙ cPrev + cNew.',
    },
  },
);

check(
  EXERCISE,
  'public-backward',
  async (t) => {
    const gate = t.module('forget-gate');
    for (const e of examples) {
      const forward = await gate.call('forgetGateForward', [e.x, e.hPrev, e.cPrev, e.cNew, e.p], { keep: ['cache'] });
      const grads = await gate.call('forgetGateBackward', [e.dc, field(forward, 'cache')]);
      const oks = GRADIENTS.map((name) => t.matrix(name, field(grads, name), e.grads[name]));
      t.case(oks.every(Boolean));
    }
  },
  {
    hint: {
      en: 'Go backwards through c = f ⊙ cPrev + cNew, then f = σ(a) with σ\'(a) = f ⊙ (1 − f), then a = x·Wfx + hPrev·Wfh + bf. For Y = X·W: dX = dY·Wᵀ, dW = Xᵀ·dY; the bias gradient sums over the rows of the batch.',
      ru: 'Идите назад по c = f ⊙ cPrev + cNew, затем по f = σ(a), где σ\'(a) = f ⊙ (1 − f), затем по a = x·Wfx + hPrev·Wfh + bf. Для Y = X·W: dX = dY·Wᵀ, dW = Xᵀ·dY; градиент смещения — сумма по строкам пакета.',
    },
  },
);
