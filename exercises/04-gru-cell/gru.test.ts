/**
 * Public checks for exercise 04. Run them with `npx gatelab check 04-gru-cell`.
 * They compare gruStep, gruStepBackward, gruForward and gruBackward with the published examples in fixtures.json and
 * try initGru's properties; when your work is graded, the same checks run on new examples of the same kinds, plus
 * hidden checks. A failure that matches a typical mistake (fixtures.json lists what each gives) is named.
 *
 * Открытые проверки упражнения 04. Запуск: `npx gatelab check 04-gru-cell`.
 */
import {
  check,
  compareMatrix,
  field,
  publicCases,
  recognise,
  type Candidate,
  type CheckTools,
  type StudentModule,
} from '../../grader/harness';
import { initProblem } from '../../grader/student/init-properties';
import { Matrix } from '../lib/matrix';

interface Example {
  name: string;
  x: Matrix;
  hPrev: Matrix;
  p: { Wx: Matrix; Wh: Matrix; bx: Matrix; bh: Matrix };
  dh: Matrix;
  h: Matrix;
  grads: Record<string, Matrix>;
  forwardMistakes: Candidate[];
  backwardMistakes: Candidate[];
}

interface Sequence {
  xs: Matrix[];
  h0: Matrix;
  p: Example['p'];
  dhs: Matrix[];
  hs: Matrix[];
  grads: Record<string, Matrix | Matrix[]>;
  forwardMistakes: Candidate[];
  bpttMistakes: Candidate[];
}

const EXERCISE = '04-gru-cell';
const fixtures = publicCases<{
  cases: Example[];
  sequence: Sequence;
  init: { D: number; H: number; seed: number; otherSeed: number };
}>(__dirname);
const examples = fixtures.cases;

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

/** Your list of matrices against the expected one, entry by entry (`hs[2]` names the third). */
function sameList(t: CheckTools, name: string, got: unknown, want: Matrix[]): boolean {
  if (!Array.isArray(got) || got.length !== want.length) {
    t.diagnose({
      en: `${name} should be a list of ${want.length} matrices, one per time step.`,
      ru: `${name} должен быть списком из ${want.length} матриц, по одной на шаг времени.`,
    });
    return false;
  }
  return want.map((m, k) => t.matrix(`${name}[${k}]`, got[k], m)).every(Boolean);
}
const GRADIENTS = ['dx', 'dhPrev', 'dWx', 'dWh', 'dbx', 'dbh'];

/**
 * The one probe that needs no answers: with the update gate forced to 1 (a large bias on the z block, the first H
 * columns), h = z ⊙ hPrev + (1 − z) ⊙ n must be hPrev exactly.
 */
async function probeUpdateGate(t: CheckTools, gru: StudentModule, e: Example): Promise<void> {
  const H = e.hPrev.cols;
  const bx = Matrix.from(e.p.bx.toArray()).map((v, _r, c) => (c < H ? 60 : v));
  const bh = Matrix.from(e.p.bh.toArray()).map((v, _r, c) => (c < H ? 0 : v));
  const h = field(await gru.call('gruStep', [e.x, e.hPrev, { ...e.p, bx, bh }], { keep: ['cache'] }), 'h');
  if (!(h instanceof Matrix && compareMatrix('h', h, e.hPrev).ok)) {
    t.diagnose({
      en: 'With the update gate at z = 1 (a large bias on the z block, the first H columns), h must equal hPrev exactly, because h = z ⊙ hPrev + (1 − z) ⊙ n; yours does not. In this course z keeps the old state (see "Variants" in the statement).',
      ru: 'При вентиле обновления z = 1 (большое смещение в блоке z, первых H столбцах) h должен в точности равняться hPrev, ведь h = z ⊙ hPrev + (1 − z) ⊙ n; у вас это не так. В этом курсе z сохраняет старое состояние (см. «Варианты» в условии).',
    });
  }
}

check(
  EXERCISE,
  'public-step-forward',
  async (t) => {
    const gru = t.module('gru');
    for (const e of examples) {
      // The cache stays in the sandbox: it is yours, and may hold anything your backward needs.
      const out = await gru.call('gruStep', [e.x, e.hPrev, e.p], { keep: ['cache'] });
      if (!t.case(t.matrix('h', field(out, 'h'), e.h))) {
        const found = recognise(out, e.forwardMistakes);
        if (found) t.diagnose(found.diagnosis, found.hint);
      }
    }
    if (t.anyFailed) await probeUpdateGate(t, gru, examples[1]);
  },
  {
    hint: {
      en: 'Compute ax = x·Wx + bx and ah = hPrev·Wh + bh, split each into the blocks z, r, n (in that order), then z = σ(ax_z + ah_z), r = σ(ax_r + ah_r), n = tanh(ax_n + r ⊙ ah_n) and h = z ⊙ hPrev + (1 − z) ⊙ n. If only the "saturated gates" example fails, check that σ and tanh stay finite for large inputs.',
      ru: 'Вычислите ax = x·Wx + bx и ah = hPrev·Wh + bh, разбейте каждое на блоки z, r, n (именно в этом порядке), затем z = σ(ax_z + ah_z), r = σ(ax_r + ah_r), n = tanh(ax_n + r ⊙ ah_n) и h = z ⊙ hPrev + (1 − z) ⊙ n. Если не проходит только пример «saturated gates», проверьте, что σ и tanh остаются конечными при больших аргументах.',
    },
  },
);

check(
  EXERCISE,
  'public-step-backward',
  async (t) => {
    const gru = t.module('gru');
    for (const e of examples) {
      const forward = await gru.call('gruStep', [e.x, e.hPrev, e.p], { keep: ['cache'] });
      const grads = await gru.call('gruStepBackward', [e.dh, field(forward, 'cache')]);
      const oks = GRADIENTS.map((name) => t.matrix(name, field(grads, name), e.grads[name]));
      t.case(oks.every(Boolean));
      const found = oks.every(Boolean) ? null : recognise(grads, e.backwardMistakes);
      if (found) t.diagnose(found.diagnosis, found.hint);
      const h = field(forward, 'h');
      if (!oks.every(Boolean) && !(h instanceof Matrix && compareMatrix('h', h, e.h).ok)) {
        t.diagnose({
          en: 'Your gruStep is not right yet, and your backward pass starts from it: fix gruStep first (see public-step-forward).',
          ru: 'Ваша gruStep пока неверна, а обратный проход опирается на неё: сначала исправьте gruStep (см. public-step-forward).',
        });
      }
    }
  },
  {
    hint: {
      en: "Go backwards line by line: h = z ⊙ hPrev + (1 − z) ⊙ n gives dz, dn and the direct part dh ⊙ z of dhPrev; n = tanh(an) gives dan = dn ⊙ (1 − n²); an = ax_n + r ⊙ ah_n gives dah_n = dan ⊙ r and dr = dan ⊙ ah_n; σ' = σ(1 − σ) for z and r. Then dax = [daz, dar, dan] and dah = [daz, dar, dan ⊙ r]: so dbx and dbh differ in the n block.",
      ru: "Идите назад строка за строкой: из h = z ⊙ hPrev + (1 − z) ⊙ n получаются dz, dn и прямая часть dh ⊙ z градиента dhPrev; из n = tanh(an) — dan = dn ⊙ (1 − n²); из an = ax_n + r ⊙ ah_n — dah_n = dan ⊙ r и dr = dan ⊙ ah_n; для z и r σ' = σ(1 − σ). Затем dax = [daz, dar, dan] и dah = [daz, dar, dan ⊙ r]: поэтому dbx и dbh различаются в блоке n.",
    },
  },
);

check(
  EXERCISE,
  'public-sequence',
  async (t) => {
    const gru = t.module('gru');
    const s = fixtures.sequence;
    const forward = await gru.call('gruForward', [s.xs, s.h0, s.p], { keep: ['cache'] });
    if (!t.case(sameList(t, 'hs', field(forward, 'hs'), s.hs))) {
      const found = recognise(flatten(forward, ['hs']), s.forwardMistakes);
      if (found) t.diagnose(found.diagnosis, found.hint);
    }
    const grads = await gru.call('gruBackward', [s.dhs, field(forward, 'cache')]);
    const oks = [
      sameList(t, 'dxs', field(grads, 'dxs'), s.grads.dxs as Matrix[]),
      ...['dh0', 'dWx', 'dWh', 'dbx', 'dbh'].map((n) => t.matrix(n, field(grads, n), s.grads[n] as Matrix)),
    ];
    if (!t.case(oks.every(Boolean))) {
      const found = recognise(flatten(grads, ['dxs', 'dh0', 'dWx', 'dWh', 'dbx', 'dbh']), s.bpttMistakes);
      if (found) t.diagnose(found.diagnosis, found.hint);
    }
  },
  {
    hint: {
      en: 'gruForward chains gruStep: step t starts from the h of step t − 1 (h0 first), and hs holds the T outputs without h0. gruBackward goes in reverse: step t gets dhs[t] plus the dhPrev of step t + 1, and the weight gradients are summed over the steps.',
      ru: 'gruForward последовательно вызывает gruStep: шаг t начинается с h шага t − 1 (сначала h0), а hs содержит T выходов без h0. gruBackward идёт в обратном порядке: шаг t получает dhs[t] плюс dhPrev шага t + 1, а градиенты весов суммируются по шагам.',
    },
  },
);

check(
  EXERCISE,
  'public-init',
  async (t) => {
    const gru = t.module('gru');
    const { D, H, seed, otherSeed } = fixtures.init;
    const [first, again, other] = [
      await gru.call('initGru', [D, H, seed]),
      await gru.call('initGru', [D, H, seed]),
      await gru.call('initGru', [D, H, otherSeed]),
    ];
    const zeros = Matrix.zeros(1, 3 * H);
    const problem = initProblem(
      { fn: 'initGru', D, H, weights: { Wx: [D, 3 * H], Wh: [H, 3 * H] }, biases: { bx: zeros, bh: zeros } },
      first,
      again,
      other,
    );
    if (problem) t.diagnose(problem);
    t.case(problem === null);
  },
  {
    hint: {
      en: 'k = 1/√H; Wx = Matrix.random(D, 3H, seed, −k, k) and Wh = Matrix.random(H, 3H, another seed made from seed, −k, k); bx and bh are 1×3H zeros.',
      ru: 'k = 1/√H; Wx = Matrix.random(D, 3H, seed, −k, k) и Wh = Matrix.random(H, 3H, другое зерно, полученное из seed, −k, k); bx и bh — нули размера 1×3H.',
    },
  },
);
