/**
 * "Self-consistency pays only on top of correctness" (grader/harness/check-tools.ts, CheckTools.consistencyCase): a
 * check that compares a student's result with their own other result earns points only where the result it builds on is
 * right. The rule on its own, then end to end: a forward of zeros with zero gradients, and a plain linear map with its
 * exact gradient, agree with themselves perfectly and must earn nothing for it in 02, 03 and 04.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { grade } from '../../grader/grade';
import { CheckTools } from '../../grader/harness/check-tools';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { GradingContext } from '../../grader/harness/context';
import { MISTAKES as LSTM_MISTAKES } from '../diagnosis/03-lstm-cell';
import { MISTAKES as GRU_MISTAKES } from '../diagnosis/04-gru-cell';
import { writeMistake } from '../diagnosis/run';
import { fileRunner, GENEROUS_LIMITS, gradeDir, SUBMISSIONS, tempDir } from './helpers';

const CONTEXT: GradingContext = {
  mode: 'grade',
  staging: '',
  seed: '00',
  limits: { callMs: 1, totalMs: 1, memoryMb: 1 },
  compileErrors: {},
  freshFixtures: {},
};
const tools = () =>
  new CheckTools(
    '02-forget-gate',
    'gradient-check',
    () => {
      throw new Error('no module in this test');
    },
    CONTEXT,
  );

describe('CheckTools.consistencyCase', () => {
  it('counts a consistent case only when everything it builds on is right', () => {
    const t = tools();
    expect(t.consistencyCase({ forgetGateForward: true }, true)).toBe(true);
    expect(t.consistencyCase({ forgetGateForward: false }, true)).toBe(false);
    expect(t.consistencyCase({ forgetGateForward: true }, false)).toBe(false);
    expect(t.consistencyCase({ lstmStep: true, lstmForward: false }, true)).toBe(false);
    const record = t.record(0);
    expect(record.cases).toEqual({ passed: 1, total: 4 });
    expect(t.unprovenFoundations).toEqual(['forgetGateForward', 'lstmForward']);
  });

  it('names the wrong foundation in both languages when nothing more specific was said', () => {
    const t = tools();
    t.consistencyCase({ gruStep: false }, true);
    const record = t.record(0);
    expect(record.outcome).toBe('failed');
    expect(record.diagnosis?.en).toMatch(
      /counts only on inputs where the results it builds on are right, and here these are not: gruStep\./,
    );
    expect(record.diagnosis?.ru).toMatch(/а здесь неверны: gruStep\. .*сначала исправьте gruStep/);
  });

  it('keeps a more specific diagnosis, and says nothing when every case counts', () => {
    const t = tools();
    t.diagnose({ en: 'specific', ru: 'конкретно' });
    t.consistencyCase({ gruStep: false }, true);
    expect(t.record(0).diagnosis?.en).toBe('specific');
    const ok = tools();
    ok.consistencyCase({ gruStep: true }, true);
    expect(ok.record(0)).toMatchObject({ outcome: 'passed' });
    expect(ok.record(0).diagnosis).toBeUndefined();
  });
});

// One Vitest for the file's gradings: the concurrent tests share its runs (see fileRunner).
const runner = fileRunner(GENEROUS_LIMITS);

const EXERCISES = ['02-forget-gate', '03-lstm-cell', '04-gru-cell'];
/** The function each exercise's gradient check builds on first. */
const FORWARD: Record<string, RegExp> = {
  '02-forget-gate': /forgetGateForward/,
  '03-lstm-cell': /lstmStep/,
  '04-gru-cell': /gruStep/,
};

describe.concurrent('junk that agrees with itself earns nothing', () => {
  for (const fixture of ['self-agreeing-zeros', 'self-agreeing-linear']) {
    it(`${fixture}: no points for gradient-check or hygiene in 02, 03 and 04`, { timeout: 600_000 }, async () => {
      const { results } = await gradeDir(path.join(SUBMISSIONS, fixture), fixture, EXERCISES);
      for (const exercise of EXERCISES) {
        const checks = Object.fromEntries(
          results.tests.filter((t) => t.gatelab.exercise === exercise).map((t) => [t.gatelab.id, t.gatelab]),
        );
        for (const id of ['gradient-check', 'hygiene']) {
          expect(checks[id], `${exercise}/${id} ran`).toBeDefined();
          expect(checks[id].score_milli, `${exercise}/${id}`).toBe(0);
        }
        // Said as it is: the forward is wrong, so agreeing with it proves nothing (the zeros GRU: it ignores its inputs).
        expect(checks['gradient-check'].diagnosis?.en).toMatch(
          fixture.endsWith('zeros') && exercise === '04-gru-cell' ? /does not depend on/ : FORWARD[exercise],
        );
      }
    });
  }
});

describe('hygiene builds on the forward passes, in 03 as in 04', () => {
  // Determinism and untouched arguments need a proof of real work, which a right forward gives; a backward mistake is
  // already charged in step-backward or bptt and in gradient-check, so it must not cost the hygiene point too.
  it('a backward mistake keeps the hygiene point, a forward mistake loses it', { timeout: 600_000 }, async () => {
    const pick = (list: typeof LSTM_MISTAKES, id: string) =>
      list.find((m) => m.id === id) ?? expect.fail(`no catalogued mistake ${id}`);
    const cases = [
      { mistake: pick(LSTM_MISTAKES, 'lstm-step-ignores-future-dc'), hygiene: true },
      { mistake: pick(GRU_MISTAKES, 'gru-direct-state-path-missing'), hygiene: true },
      { mistake: pick(LSTM_MISTAKES, 'lstm-output-without-tanh'), hygiene: false },
      { mistake: pick(GRU_MISTAKES, 'gru-update-gate-on-new-state'), hygiene: false },
    ];
    await Promise.all(
      cases.map(async ({ mistake, hygiene }) => {
        const dir = path.join(tempDir('hygiene'), mistake.id);
        writeMistake(mistake, dir);
        const full = loadCatalog(PACKAGE_ROOT);
        const catalog = { ...full, exercises: full.exercises.filter((e) => e.id === mistake.exercise) };
        // Generous limits: a time-out under load would cost the point for the wrong reason.
        const limits = { ...GENEROUS_LIMITS, memoryMb: 256 };
        const results = await grade({
          kitRoot: PACKAGE_ROOT,
          catalog,
          submission: dir,
          out: tempDir('hygiene-out'),
          student: mistake.id,
          seed: `seed-${mistake.id}`,
          lang: 'en',
          limits,
          runner: runner(),
        });
        const check = results.tests.map((t) => t.gatelab).find((c) => c.id === 'hygiene');
        expect(check?.score_milli, `${mistake.id}: hygiene`).toBe(hygiene ? check?.max_milli : 0);
      }),
    );
  });
});
