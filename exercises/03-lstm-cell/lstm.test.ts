/**
 * Public checks for exercise 03. Run them with `npx gatelab check 03-lstm-cell`.
 * They compare your functions with the published examples in fixtures.json and try initLstm's properties; when your
 * work is graded, the same checks run on new examples of the same kinds, plus hidden checks. A failure that matches
 * a typical mistake (fixtures.json lists what each gives on each example) is named, as at grading.
 *
 * Открытые проверки упражнения 03. Запуск: `npx gatelab check 03-lstm-cell`.
 */
import {
  check,
  compareMatrix,
  field,
  publicCases,
  recognise,
  type Candidate,
  type CheckTools,
} from '../../grader/harness';
import { initProblem } from '../../grader/student/init-properties';
import { Matrix } from '../lib/matrix';

interface Params {
  Wx: Matrix;
  Wh: Matrix;
  b: Matrix;
}

interface StepExample {
  name: string;
  x: Matrix;
  hPrev: Matrix;
  cPrev: Matrix;
  p: Params;
  dh: Matrix;
  dc: Matrix;
  h: Matrix;
  c: Matrix;
  grads: Record<string, Matrix>;
  forwardMistakes: Candidate[];
  backwardMistakes: Candidate[];
}

interface SequenceExample {
  name: string;
  xs: Matrix[];
  h0: Matrix;
  c0: Matrix;
  p: Params;
  dhs: Matrix[];
  hs: Matrix[];
  c: Matrix;
  grads: Record<string, Matrix | Matrix[]>;
  forwardMistakes: Candidate[];
  bpttMistakes: Candidate[];
}

const EXERCISE = '03-lstm-cell';
const fixtures = publicCases<{
  steps: StepExample[];
  sequence: SequenceExample;
  init: { D: number; H: number; seed: number; otherSeed: number };
}>(__dirname);
const STEP_GRADIENTS = ['dx', 'dhPrev', 'dcPrev', 'dWx', 'dWh', 'db'];
const SEQUENCE_GRADIENTS = ['dh0', 'dc0', 'dWx', 'dWh', 'db'];

const FIX_STEP_FIRST = {
  en: 'Your lstmStep does not give the published h and c yet, and everything else is built on it: fix lstmStep first (see public-step-forward).',
  ru: 'Ваш lstmStep пока не даёт опубликованные h и c, а всё остальное опирается на него: сначала исправьте lstmStep (см. public-step-forward).',
};

/** A result's lists as single entries, `hs[0]`, `hs[1]` …, as the mistakes in fixtures.json are written. */
function flatten(value: unknown, names: string[]): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const name of names) {
    const v = field(value, name);
    if (Array.isArray(v)) v.forEach((m, k) => (flat[`${name}[${k}]`] = m));
    else flat[name] = v;
  }
  return flat;
}

/** Names a typical mistake when the result matches one (the first diagnosis of a check is the one shown). */
function nameMistake(t: CheckTools, result: unknown, mistakes: Candidate[]): void {
  const found = recognise(result, mistakes);
  if (found) t.diagnose(found.diagnosis, found.hint);
}

/** Whether a returned value is the expected matrix, within the course's tolerances, without recording a diff. */
function sameAs(got: unknown, want: Matrix): boolean {
  return compareMatrix('', got instanceof Matrix ? got : null, want).ok;
}

/** Compares a list of matrices (hs, dxs) entry by entry: hs[0], hs[1], … */
function matrixList(t: CheckTools, name: string, got: unknown, want: Matrix[]): boolean {
  if (!Array.isArray(got) || got.length !== want.length) {
    t.diagnose({
      en: `${name} must be an array of ${want.length} matrices, one per step.`,
      ru: `${name} должен быть массивом из ${want.length} матриц, по одной на шаг.`,
    });
    return false;
  }
  return want.map((w, n) => t.matrix(`${name}[${n}]`, got[n], w)).every(Boolean);
}

check(
  EXERCISE,
  'public-step-forward',
  async (t) => {
    const cell = t.module('lstm');
    for (const e of fixtures.steps) {
      // The cache stays in the sandbox: it is yours, and may hold anything your backward needs.
      const out = await cell.call('lstmStep', [e.x, e.hPrev, e.cPrev, e.p], { keep: ['cache'] });
      const hOk = t.matrix('h', field(out, 'h'), e.h);
      const cOk = t.matrix('c', field(out, 'c'), e.c);
      if (!hOk || !cOk) nameMistake(t, out, e.forwardMistakes);
      if (cOk && !hOk) {
        t.diagnose({
          en: 'Your c is right but h is not, so the four gates and the state are fine: look at the last line, h = o ⊙ tanh(c).',
          ru: 'Ваш c верен, а h — нет, значит, четыре вентиля и состояние в порядке: проверьте последнюю строку, h = o ⊙ tanh(c).',
        });
      }
      t.case(hOk && cOk);
    }
  },
  {
    hint: {
      en: 'a = x·Wx + hPrev·Wh + b is N×4H; split it into four N×H blocks in the order i, f, g, o. Then i, f, o = σ(…), g = tanh(…), c = f ⊙ cPrev + i ⊙ g and h = o ⊙ tanh(c).',
      ru: 'a = x·Wx + hPrev·Wh + b имеет размер N×4H; разбейте его на четыре блока N×H в порядке i, f, g, o. Затем i, f, o = σ(…), g = tanh(…), c = f ⊙ cPrev + i ⊙ g и h = o ⊙ tanh(c).',
    },
  },
);

check(
  EXERCISE,
  'public-step-backward',
  async (t) => {
    const cell = t.module('lstm');
    for (const e of fixtures.steps) {
      const forward = await cell.call('lstmStep', [e.x, e.hPrev, e.cPrev, e.p], { keep: ['cache'] });
      const grads = await cell.call('lstmStepBackward', [e.dh, e.dc, field(forward, 'cache')]);
      const oks = STEP_GRADIENTS.map((name) => t.matrix(name, field(grads, name), e.grads[name]));
      if (!oks.every(Boolean)) nameMistake(t, grads, e.backwardMistakes);
      if (!oks.every(Boolean) && !(sameAs(field(forward, 'h'), e.h) && sameAs(field(forward, 'c'), e.c)))
        t.diagnose(FIX_STEP_FIRST);
      t.case(oks.every(Boolean));
    }
  },
  {
    hint: {
      en: "Go up the forward pass line by line. Through h = o ⊙ tanh(c), c receives dh ⊙ o ⊙ (1 − tanh²(c)) on top of the dc you are given. Through c = f ⊙ cPrev + i ⊙ g each factor gets the other one. Through the activations: σ' = s ⊙ (1 − s), tanh' = 1 − g². Put the four da blocks side by side in the order i, f, g, o; then dx = da·Wxᵀ, dWx = xᵀ·da, db = the sum of da's rows.",
      ru: "Поднимайтесь по прямому проходу строка за строкой. Через h = o ⊙ tanh(c) состояние c получает dh ⊙ o ⊙ (1 − tanh²(c)) вдобавок к данному вам dc. Через c = f ⊙ cPrev + i ⊙ g каждый множитель получает другой. Через активации: σ' = s ⊙ (1 − s), tanh' = 1 − g². Поставьте четыре блока da рядом в порядке i, f, g, o; затем dx = da·Wxᵀ, dWx = xᵀ·da, db — сумма строк da.",
    },
  },
);

check(
  EXERCISE,
  'public-sequence',
  async (t) => {
    const cell = t.module('lstm');
    const e = fixtures.sequence;
    const forward = await cell.call('lstmForward', [e.xs, e.h0, e.c0, e.p], { keep: ['cache'] });
    const hsOk = matrixList(t, 'hs', field(forward, 'hs'), e.hs);
    const cOk = t.matrix('c', field(forward, 'c'), e.c);
    if (!hsOk || !cOk) {
      nameMistake(t, flatten(forward, ['hs', 'c']), e.forwardMistakes);
      const s = fixtures.steps[1];
      const step = await cell.call('lstmStep', [s.x, s.hPrev, s.cPrev, s.p], { keep: ['cache'] });
      t.diagnose(
        sameAs(field(step, 'h'), s.h) && sameAs(field(step, 'c'), s.c)
          ? {
              en: 'Your lstmStep is right, so look at how lstmForward chains it: step t starts from the h and c of step t − 1 (h0 and c0 for the first), hs collects the T outputs, and c is the last state.',
              ru: 'Ваш lstmStep верен, так что проверьте, как lstmForward соединяет шаги: шаг t начинается с h и c шага t − 1 (первый — с h0 и c0), hs собирает T выходов, а c — последнее состояние.',
            }
          : FIX_STEP_FIRST,
      );
    }
    t.case(hsOk && cOk);
    const grads = await cell.call('lstmBackward', [e.dhs, field(forward, 'cache')]);
    const dxsOk = matrixList(t, 'dxs', field(grads, 'dxs'), e.grads.dxs as Matrix[]);
    const oks = SEQUENCE_GRADIENTS.map((name) => t.matrix(name, field(grads, name), e.grads[name] as Matrix));
    if (hsOk && cOk && !(dxsOk && oks.every(Boolean))) {
      nameMistake(t, flatten(grads, ['dxs', ...SEQUENCE_GRADIENTS]), e.bpttMistakes);
      t.diagnose({
        en: 'Your lstmForward is right, but lstmBackward is not. Check what each step receives from the next one (dhs[t] + dhNext, and dcNext), that the loop runs from the last step to the first, and that dWx, dWh and db add up over the steps.',
        ru: 'Ваш lstmForward верен, а lstmBackward — нет. Проверьте, что каждый шаг получает от следующего (dhs[t] + dhNext и dcNext), что цикл идёт от последнего шага к первому и что dWx, dWh и db складываются по шагам.',
      });
    }
    t.case(dxsOk && oks.every(Boolean));
  },
  {
    hint: {
      en: "Forward: hand each step's h and c to the next and collect the T outputs (without h0). Backward: walk from the last step to the first; step t gets dh = dhs[t] + dhNext and dc = dcNext from step t + 1 (both zero after the last step), and dWx, dWh, db add up over the steps.",
      ru: 'Прямой проход: передавайте h и c каждого шага следующему и соберите T выходов (без h0). Обратный: идите от последнего шага к первому; шаг t получает dh = dhs[t] + dhNext и dc = dcNext от шага t + 1 (после последнего шага оба нулевые), а dWx, dWh, db складываются по шагам.',
    },
  },
);

check(
  EXERCISE,
  'public-init',
  async (t) => {
    const cell = t.module('lstm');
    const { D, H, seed, otherSeed } = fixtures.init;
    const [first, again, other] = [
      await cell.call('initLstm', [D, H, seed]),
      await cell.call('initLstm', [D, H, seed]),
      await cell.call('initLstm', [D, H, otherSeed]),
    ];
    // The statement fixes b: 0 on the i, g and o blocks, 1 on the forget block (columns H to 2H).
    const b = Matrix.concatCols([Matrix.zeros(1, H), Matrix.fill(1, H, 1), Matrix.zeros(1, H), Matrix.zeros(1, H)]);
    const problem = initProblem(
      { fn: 'initLstm', D, H, weights: { Wx: [D, 4 * H], Wh: [H, 4 * H] }, biases: { b } },
      first,
      again,
      other,
    );
    if (problem) t.diagnose(problem);
    t.case(problem === null);
  },
  {
    hint: {
      en: 'r = 1/√H; Wx = Matrix.random(D, 4H, s1, −r, r) and Wh = Matrix.random(H, 4H, s2, −r, r) with two seeds made from seed (seededRandom(seed) gives a stream of them); b is 1×4H, 1 on the forget block and 0 elsewhere.',
      ru: 'r = 1/√H; Wx = Matrix.random(D, 4H, s1, −r, r) и Wh = Matrix.random(H, 4H, s2, −r, r) с двумя зёрнами, полученными из seed (seededRandom(seed) даёт их поток); b размера 1×4H: 1 в блоке вентиля забывания и 0 в остальных.',
    },
  },
);
