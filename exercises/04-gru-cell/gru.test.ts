/**
 * Public checks for exercise 04. Run them with `npx gatelab check 04-gru-cell`.
 * They compare your gruStep and gruStepBackward with the published examples in fixtures.json; when your work is
 * graded, the same checks run on new examples of the same kinds, plus hidden checks (gruForward, gruBackward,
 * initGru among them). fixtures.json also holds one short sequence with its hs and gradients, to test those yourself.
 *
 * Открытые проверки упражнения 04. Запуск: `npx gatelab check 04-gru-cell`.
 */
import { check, compareMatrix, field, publicCases, type CheckTools, type StudentModule } from '../../grader/harness';
import { Matrix } from '../lib/matrix';

interface Example {
  name: string;
  x: Matrix;
  hPrev: Matrix;
  p: { Wx: Matrix; Wh: Matrix; bx: Matrix; bh: Matrix };
  dh: Matrix;
  h: Matrix;
  grads: Record<string, Matrix>;
}

const EXERCISE = '04-gru-cell';
const examples = publicCases<{ cases: Example[] }>(__dirname).cases;
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
      t.case(t.matrix('h', field(out, 'h'), e.h));
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
      en: 'Go backwards line by line: h = z ⊙ hPrev + (1 − z) ⊙ n gives dz, dn and the direct part dh ⊙ z of dhPrev; n = tanh(an) gives dan = dn ⊙ (1 − n²); an = ax_n + r ⊙ ah_n gives dah_n = dan ⊙ r and dr = dan ⊙ ah_n; σ\' = σ(1 − σ) for z and r. Then dax = [daz, dar, dan] and dah = [daz, dar, dan ⊙ r]: so dbx and dbh differ in the n block.',
      ru: 'Идите назад строка за строкой: из h = z ⊙ hPrev + (1 − z) ⊙ n получаются dz, dn и прямая часть dh ⊙ z градиента dhPrev; из n = tanh(an) — dan = dn ⊙ (1 − n²); из an = ax_n + r ⊙ ah_n — dah_n = dan ⊙ r и dr = dan ⊙ ah_n; для z и r σ\' = σ(1 − σ). Затем dax = [daz, dar, dan] и dah = [daz, dar, dan ⊙ r]: поэтому dbx и dbh различаются в блоке n.',
    },
  },
);
