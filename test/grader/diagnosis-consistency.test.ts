/**
 * "Self-consistency pays only on top of correctness" (grader/harness/check.ts, CheckTools.consistencyCase): a check
 * that compares a student's result with their own other result earns points only where the result it builds on is
 * right. The rule on its own, then end to end: a forward of zeros with zero gradients, and a plain linear map with its
 * exact gradient, agree with themselves perfectly and must earn nothing for it in 02, 03 and 04.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckTools } from '../../grader/harness/check';
import type { GradingContext } from '../../grader/harness/context';
import { gradeDir, SUBMISSIONS } from './helpers';

const CONTEXT: GradingContext = { mode: 'grade', staging: '', seed: '00', limits: { callMs: 1, totalMs: 1, memoryMb: 1 }, compileErrors: {}, freshFixtures: {} };
const tools = () =>
  new CheckTools('02-forget-gate', 'gradient-check', () => {
    throw new Error('no module in this test');
  }, CONTEXT);

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
    expect(record.diagnosis?.en).toMatch(/counts only where gruStep gives the right result/);
    expect(record.diagnosis?.ru).toMatch(/только там, где gruStep даёт верный результат/);
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

const EXERCISES = ['02-forget-gate', '03-lstm-cell', '04-gru-cell'];
/** The function each exercise's gradient check builds on first. */
const FORWARD: Record<string, RegExp> = { '02-forget-gate': /forgetGateForward/, '03-lstm-cell': /lstmStep/, '04-gru-cell': /gruStep/ };

describe.concurrent('junk that agrees with itself earns nothing', () => {
  for (const fixture of ['self-agreeing-zeros', 'self-agreeing-linear']) {
    it(`${fixture}: no points for gradient-check or hygiene in 02, 03 and 04`, { timeout: 600_000 }, async () => {
      const { results } = await gradeDir(path.join(SUBMISSIONS, fixture), fixture, EXERCISES);
      for (const exercise of EXERCISES) {
        const checks = Object.fromEntries(results.tests.filter((t) => t.gatelab.exercise === exercise).map((t) => [t.gatelab.id, t.gatelab]));
        for (const id of ['gradient-check', 'hygiene']) {
          expect(checks[id], `${exercise}/${id} ran`).toBeDefined();
          expect(checks[id].score_milli, `${exercise}/${id}`).toBe(0);
        }
        // Said as it is: the forward is wrong, so agreeing with it proves nothing (the zeros GRU: it ignores its inputs).
        expect(checks['gradient-check'].diagnosis?.en).toMatch(fixture.endsWith('zeros') && exercise === '04-gru-cell' ? /does not depend on/ : FORWARD[exercise]);
      }
    });
  }
});
