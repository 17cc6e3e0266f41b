/**
 * Public checks for exercise 02. Run them with `npx gatelab check 02-forget-gate`.
 * They compare your functions with the published examples in fixtures.json; when your work is
 * graded, the same checks run on new examples of the same kinds, plus hidden checks.
 *
 * Открытые проверки упражнения 02. Запуск: `npx gatelab check 02-forget-gate`.
 */
import { check, field, publicCases, recognise, type Candidate } from '../../grader/harness';
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
  /** What each typical mistake gives on this example: a failure that matches one is named, as at grading. */
  forwardMistakes: Candidate[];
  backwardMistakes: Candidate[];
}

interface Fixtures {
  cases: Example[];
  sigmoid: { z: Matrix; value: Matrix };
  retention: { bf: number; steps: number; value: number }[];
  halfLife: { bf: number; value: number }[];
}

const EXERCISE = '02-forget-gate';
const fixtures = publicCases<Fixtures>(__dirname);
const examples = fixtures.cases;
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
      if (!t.case(fOk && cOk)) {
        const found = recognise(out, e.forwardMistakes);
        if (found) t.diagnose(found.diagnosis, found.hint);
      }
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
      if (!t.case(oks.every(Boolean))) {
        const found = recognise(grads, e.backwardMistakes);
        if (found) t.diagnose(found.diagnosis, found.hint);
      }
    }
  },
  {
    hint: {
      en: "Go backwards through c = f ⊙ cPrev + cNew, then f = σ(a) with σ'(a) = f ⊙ (1 − f), then a = x·Wfx + hPrev·Wfh + bf. For Y = X·W: dX = dY·Wᵀ, dW = Xᵀ·dY; the bias gradient sums over the rows of the batch.",
      ru: "Идите назад по c = f ⊙ cPrev + cNew, затем по f = σ(a), где σ'(a) = f ⊙ (1 − f), затем по a = x·Wfx + hPrev·Wfh + bf. Для Y = X·W: dX = dY·Wᵀ, dW = Xᵀ·dY; градиент смещения — сумма по строкам пакета.",
    },
  },
);

check(
  EXERCISE,
  'public-helpers',
  async (t) => {
    const gate = t.module('forget-gate');
    t.case(t.matrix('sigmoid', await gate.call('sigmoid', [fixtures.sigmoid.z]), fixtures.sigmoid.value));
    for (const r of fixtures.retention)
      t.case(t.number(`retention(${r.bf}, ${r.steps})`, await gate.call('retention', [r.bf, r.steps]), r.value));
    for (const h of fixtures.halfLife)
      t.case(t.number(`halfLife(${h.bf})`, await gate.call('halfLife', [h.bf]), h.value));
  },
  {
    hint: {
      en: 'σ(z) = 1 / (1 + e^−z) for z ≥ 0 and e^z / (1 + e^z) for z < 0, so that z = ±1000 gives 1 or 0, never NaN. With zero input and zero recurrent weights f = σ(bf) at every step: retention is σ(bf)^steps, and halfLife solves σ(bf)^t = 1/2 for a real t.',
      ru: 'σ(z) = 1 / (1 + e^−z) при z ≥ 0 и e^z / (1 + e^z) при z < 0, чтобы z = ±1000 давало 1 или 0, а не NaN. При нулевом входе и нулевых рекуррентных весах f = σ(bf) на каждом шаге: retention — это σ(bf)^steps, а halfLife решает σ(bf)^t = 1/2 относительно вещественного t.',
    },
  },
);
