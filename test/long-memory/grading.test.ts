// Exercise 06 graded end to end: the perfect student's rnn.ts turned into typical wrong ones by a find → replace must
// lose points where the mistake is and be named in both languages; and a student whose own LSTM (03) is wrong loses
// nothing in 06, where the reference cell stands in, and is told so once.
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grade } from '../../grader/grade';
import { loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { DEFAULT_LIMITS } from '../../grader/sandbox/types';
import { byId, EXAMPLES, fileRunner, tempDir } from '../grader/helpers';

const EXERCISE = '06-long-memory';
const PERFECT = path.join(EXAMPLES, 's01-perfect', 'exercises');
const full = loadCatalog(PACKAGE_ROOT);
const catalog = { ...full, exercises: full.exercises.filter((e) => e.id === EXERCISE) };
// One Vitest for the file's gradings: the concurrent tests share its runs (see fileRunner).
const runner = fileRunner(DEFAULT_LIMITS);

/** The perfect student's 03–06, with `edit` applied to 06's rnn.ts. */
function submission(name: string, edit?: { find: string; replace: string }): string {
  const dir = tempDir(`lm-${name}`);
  for (const id of ['03-lstm-cell', '04-gru-cell', '05-weather-forecaster', EXERCISE]) {
    cpSync(path.join(PERFECT, id), path.join(dir, 'exercises', id), { recursive: true });
  }
  if (edit) {
    const file = path.join(dir, 'exercises', EXERCISE, 'rnn.ts');
    const source = readFileSync(file, 'utf8');
    expect(source.split(edit.find).length, `"${edit.find}" occurs once`).toBe(2);
    writeFileSync(file, source.replace(edit.find, edit.replace));
  }
  return dir;
}

const run = (dir: string, student: string): Promise<Results> =>
  // The default limits: the experiment check reruns one full-budget RNN training, which a busy machine slows.
  grade({
    kitRoot: PACKAGE_ROOT,
    catalog,
    submission: dir,
    out: tempDir('lm-out'),
    student,
    seed: `seed-${student}`,
    lang: 'en',
    limits: { ...DEFAULT_LIMITS },
    runner: runner(),
  });

const MISTAKES = [
  {
    id: 'tanh-prime',
    find: 'dh.mul(h.mul(h).oneMinus())',
    replace: 'dh.mul(h.oneMinus())',
    en: /uses 1 − h as the derivative of tanh/,
    ru: /использует 1 − h как производную tanh/,
  },
  {
    id: 'future-dropped',
    find: 'rnnStepBackward(dhs[t].add(dhNext), steps[t])',
    replace: 'rnnStepBackward(dhs[t], steps[t])',
    en: /drops the gradient from the future/,
    ru: /теряет градиент из будущего/,
  },
  {
    id: 'not-summed',
    find: 'dWx = dWx.add(g.dWx);\n    dWh = dWh.add(g.dWh);\n    db = db.add(g.db);',
    replace: 'dWx = g.dWx;\n    dWh = g.dWh;\n    db = g.db;',
    en: /of the first step only/,
    ru: /только первого шага/,
  },
];

describe.concurrent('grading exercise 06', () => {
  for (const m of MISTAKES) {
    it(`${m.id}: rnn-bptt loses points and names the mistake; the forward keeps full marks`, async () => {
      const checks = byId(await run(submission(m.id, m), m.id));
      expect(checks['rnn-bptt'].score_milli).toBeLessThan(checks['rnn-bptt'].max_milli);
      expect(checks['rnn-bptt'].diagnosis?.en).toMatch(m.en);
      expect(checks['rnn-bptt'].diagnosis?.ru).toMatch(m.ru);
      expect(checks['rnn-forward'].score_milli).toBe(checks['rnn-forward'].max_milli);
      expect(checks['gradient-check'].score_milli).toBeLessThan(checks['gradient-check'].max_milli);
    }, 600_000);
  }

  it('no tanh in the forward: rnn-forward names it, and the gradient check earns nothing on a wrong forward', async () => {
    const edit = {
      // The end of rnnStep's Matrix.linear([[x, Wx], [hPrev, Wh]], b).tanh(), as Prettier lays it out.
      find: '  ).tanh(); // N×H',
      replace: '  ); // N×H',
    };
    const checks = byId(await run(submission('no-tanh', edit), 'no-tanh'));
    expect(checks['rnn-forward'].diagnosis?.en).toMatch(/the tanh is missing/);
    expect(checks['rnn-forward'].diagnosis?.ru).toMatch(/пропущен tanh/);
    expect(checks['gradient-check'].score_milli).toBe(0);
    expect(checks['gradient-check'].diagnosis?.en).toMatch(/earns points only where that forward pass is right/);
    expect(checks['rnn-bptt'].diagnosis?.en).toMatch(/fix rnnStep and rnnForward first/);
  }, 600_000);

  it('a wrong LSTM from 03 costs nothing in 06: the reference cell stands in, and the models check says so', async () => {
    const dir = submission('own-lstm-wrong');
    copyFileSync(
      path.join(EXAMPLES, 's07-lstm-no-output-tanh', 'exercises', '03-lstm-cell', 'lstm.ts'),
      path.join(dir, 'exercises', '03-lstm-cell', 'lstm.ts'),
    );
    mkdirSync(path.join(dir, 'exercises', EXERCISE), { recursive: true });
    const results = await run(dir, 'own-lstm-wrong');
    expect(results.final_milli).toBe(results.max_milli);
    const tables = results.exercises?.find((e) => e.id === EXERCISE)?.tables ?? [];
    const note = tables.find((t) => /LSTM/.test(t.title.en) && /exercise 03/.test(t.title.en));
    expect(note?.title.en).toMatch(/Your LSTM from exercise 03 does not pass its checks/);
    expect(note?.title.ru).toMatch(/Ваша LSTM из упражнения 03 не проходит/);
  }, 600_000);
});
