/**
 * Hints follow the current failure: chosen by diagnosis (a recognised mistake's own hint first), never about a
 * function that passes, and starting again at level 1 when the failure changes. The expected texts come from the
 * mistakes catalogue and hints.json, not from the code under test.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Checker } from '../../grader/student/checker';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { CheckResult } from '../../grader/shared/results';
import { advance, failureKey, levelsFor, nextHint, readHints } from '../../grader/student/hints';
import { BACKWARD_MISTAKES } from '../../solutions/02-forget-gate/mistakes';
import { linkedKit } from '../release/helpers';

const REFERENCE_02 = readFileSync(path.join(PACKAGE_ROOT, 'solutions', '02-forget-gate', 'forget-gate.ts'), 'utf8');
const mistake = (id: string) => {
  const m = BACKWARD_MISTAKES.find((x) => x.id === id);
  if (!m) throw new Error(`no mistake ${id} in the catalogue`);
  return m;
};

/** The reference with one line changed, as a student's file. */
function withLine(from: string, to: string): string {
  expect(REFERENCE_02).toContain(from);
  return REFERENCE_02.replace(from, to);
}

const failing = (over: Partial<CheckResult>): CheckResult => ({
  id: 'public-chains',
  exercise: '01-vanishing-gradient',
  hidden: false,
  score_milli: 0,
  max_milli: 2000,
  outcome: 'partial',
  title: { en: 't', ru: 't' },
  diffs: [],
  duration_ms: 0,
  ...over,
});

const diff = (quantity: string) => ({
  quantity,
  expectedShape: [1, 3] as [number, number],
  actualShape: [1, 3] as [number, number],
  total: 3,
  maxAbsError: 1,
  maxRelError: 1,
  worstIndex: [0, 1] as [number, number],
  mismatches: 1,
  nanCount: 0,
  infCount: 0,
});

describe('which hints a failure gets', () => {
  const book = readHints(PACKAGE_ROOT, '01-vanishing-gradient');

  it('a failing chainGradient never gets the hints about unroll, which passes', () => {
    const levels = levelsFor(failing({ diffs: [diff('chainGradient #2')] }), book);
    const aboutUnroll = book['public-chains'].filter((l) => l.about?.includes('unroll'));
    expect(aboutUnroll.length).toBeGreaterThan(0);
    for (const l of aboutUnroll) expect(levels.map((x) => x.en)).not.toContain(l.en);
    expect(levels.map((x) => x.en)).toContain(
      book['public-chains'].find((l) => l.about?.includes('chainGradient'))?.en,
    );
  });

  it('the diagnosis’ own hint comes first', () => {
    const hint = { en: 'the hint of this mistake', ru: 'подсказка к этой ошибке' };
    expect(levelsFor(failing({ diffs: [diff('unroll #1')], hint }), book)[0]).toEqual(hint);
  });

  it('the level goes on while the failure stays, and starts again when it changes', () => {
    const state = {};
    const a = failing({ diffs: [diff('unroll #1')] });
    expect([advance(state, a, 3), advance(state, a, 3), advance(state, a, 3), advance(state, a, 3)]).toEqual([
      1, 2, 3, 3,
    ]);
    // The same mistake with a different count of wrong entries is the same failure.
    expect(failureKey(failing({ diffs: [{ ...diff('unroll #2'), mismatches: 3 }] }))).toBe(failureKey(a));
    const b = failing({ diffs: [diff('chainGradient #1')] });
    expect(advance(state, b, 3)).toBe(1);
  });
});

describe('gatelab hint over two different mistakes in a row', () => {
  let kit: string;
  let checker: Checker;
  beforeAll(async () => {
    kit = linkedKit();
    checker = await Checker.start({ kitRoot: kit });
  });
  afterAll(async () => {
    await checker?.close();
  });
  const save = (text: string) => writeFileSync(path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts'), text);

  it('a bias gradient averaged over the batch, then σ′ without its (1 − f): each named, each from level 1', async () => {
    const averaged = mistake('bias-gradient-averaged');
    save(withLine('const dbf = da.sumRows();', 'const dbf = da.sumRows().scale(1 / da.rows);'));
    const first = await nextHint({ kitRoot: kit, exercise: '02', lang: 'en', checker });
    expect(first.check?.id).toBe('public-backward');
    expect(first.level).toBe(1);
    expect(first.lines.join('\n')).toContain(averaged.diagnosis.en);
    expect(first.lines.join('\n')).toContain(`Hint 1 of ${first.levels}:\n  ${averaged.hint.en}`);
    const second = await nextHint({ kitRoot: kit, exercise: '02', lang: 'en', checker });
    expect(second.level).toBe(2);

    const incomplete = mistake('sigmoid-derivative-incomplete');
    save(withLine('const da = df.mul(f).mul(f.oneMinus());', 'const da = df.mul(f);'));
    const third = await nextHint({ kitRoot: kit, exercise: '02', lang: 'ru', checker });
    expect(third.check?.id).toBe('public-backward');
    expect(third.level).toBe(1);
    expect(third.lines.join('\n')).toContain(incomplete.diagnosis.ru);
    expect(third.lines.join('\n')).toContain(`Подсказка 1 из ${third.levels}:\n  ${incomplete.hint.ru}`);
    expect(incomplete.hint.ru).toContain('oneMinus');
  });

  it('check names the mistake on the public examples as the hidden check would', async () => {
    const incomplete = mistake('sigmoid-derivative-incomplete');
    save(withLine('const da = df.mul(f).mul(f.oneMinus());', 'const da = df.mul(f);'));
    const report = await checker.run({ exercise: '02', lang: 'en' });
    const backward = report.scored.checks.find((c) => c.id === 'public-backward');
    expect(backward?.diagnosis?.en).toBe(incomplete.diagnosis.en);
    expect(report.lines.join('\n')).toContain(incomplete.diagnosis.en);
    expect(report.lines.join('\n')).not.toMatch(/dx differs from the correct value/);
  });
});
