/**
 * Diagnosis of exercise 03, end to end through `grade`: each fixture in test/fixtures/mistakes/03-lstm-cell/ turns the
 * perfect student's lstm.ts into a realistic wrong one by a textual find → replace, and the report must lose points
 * and say what is wrong in both languages. Patterns of `expect` written in Cyrillic are matched against the Russian
 * diagnosis, the others against the English one; every fixture has at least one of each.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grade } from '../../grader/grade';
import { loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { byId, EXAMPLES, fileRunner, GENEROUS_LIMITS, tempDir } from './helpers';

const EXERCISE = '03-lstm-cell';
const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'mistakes', EXERCISE);
const PERFECT = path.join(EXAMPLES, 's01-perfect', 'exercises', EXERCISE, 'lstm.ts');

type CheckId = 'step-forward' | 'step-backward' | 'sequence-forward' | 'bptt' | 'init';

interface MistakeFixture {
  id: string;
  /** The check whose diagnosis names the mistake. */
  check: CheckId;
  find: string;
  replace: string;
  expect: string[];
}

const fixtures: MistakeFixture[] = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ file: name, ...(JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as MistakeFixture) }));

const full = loadCatalog(PACKAGE_ROOT);
const catalog = { ...full, exercises: full.exercises.filter((e) => e.id === EXERCISE) };

// One Vitest for the file: the concurrent tests' gradings share its runs.
const runner = fileRunner(GENEROUS_LIMITS);

const CYRILLIC = /[а-яё]/i;

function withMistake(f: MistakeFixture): string {
  const source = readFileSync(PERFECT, 'utf8');
  const at = source.indexOf(f.find);
  if (at < 0 || source.indexOf(f.find, at + 1) >= 0) {
    throw new Error(
      `${f.id}: "find" must occur exactly once in the perfect lstm.ts (run \`gatelab generate 03-lstm-cell\`, or update the fixture)`,
    );
  }
  return source.slice(0, at) + f.replace + source.slice(at + f.find.length);
}

async function gradeMistake(f: MistakeFixture): Promise<Results> {
  const submission = tempDir(`lstm-${f.id}`);
  mkdirSync(path.join(submission, 'exercises', EXERCISE), { recursive: true });
  writeFileSync(path.join(submission, 'exercises', EXERCISE, 'lstm.ts'), withMistake(f));
  return grade({
    kitRoot: PACKAGE_ROOT,
    catalog,
    submission,
    out: tempDir('lstm-out'),
    student: f.id,
    seed: `seed-${f.id}`,
    lang: 'en',
    limits: GENEROUS_LIMITS,
    runner: runner(),
  });
}

/** The checks a mistake in each function must leave at full marks. */
const UNTOUCHED: Record<CheckId, string[]> = {
  'step-forward': ['init'],
  'step-backward': ['public-step-forward', 'step-forward', 'sequence-forward', 'init'],
  'sequence-forward': ['public-step-forward', 'public-step-backward', 'step-forward', 'step-backward', 'init'],
  bptt: ['public-step-forward', 'public-step-backward', 'step-forward', 'step-backward', 'sequence-forward', 'init'],
  init: [
    'public-step-forward',
    'public-step-backward',
    'public-sequence',
    'step-forward',
    'step-backward',
    'sequence-forward',
    'bptt',
    'gradient-check',
    'hygiene',
  ],
};

describe.concurrent('diagnosis of wrong LSTMs', () => {
  it('has at least eight fixtures with distinct ids matching their files, and patterns in both languages', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    expect(new Set(fixtures.map((f) => f.id)).size).toBe(fixtures.length);
    for (const f of fixtures as (MistakeFixture & { file: string })[]) {
      expect(f.file).toBe(`${f.id}.json`);
      expect(
        f.expect.some((p) => CYRILLIC.test(p)),
        `${f.id} has a Russian pattern`,
      ).toBe(true);
      expect(
        f.expect.some((p) => !CYRILLIC.test(p)),
        `${f.id} has an English pattern`,
      ).toBe(true);
      expect(() => withMistake(f)).not.toThrow();
    }
  });

  for (const f of fixtures) {
    it(`${f.id}: loses points, and ${f.check} names the cause in both languages`, async () => {
      const results = await gradeMistake(f);
      expect(results.final_milli).toBeLessThan(results.max_milli);
      const checks = byId(results);
      const named = checks[f.check];
      expect(named.score_milli, `${f.check} is not full marks`).toBeLessThan(named.max_milli);
      for (const pattern of f.expect) {
        const lang = CYRILLIC.test(pattern) ? 'ru' : 'en';
        expect(named.diagnosis?.[lang], `${lang} ~ /${pattern}/`).toMatch(new RegExp(pattern));
      }
      for (const id of UNTOUCHED[f.check])
        expect(checks[id].score_milli, `${id} keeps full marks`).toBe(checks[id].max_milli);
      if (f.check === 'step-forward') {
        expect(checks['sequence-forward'].diagnosis?.en).toMatch(/your lstmStep is not right yet/);
        // A mistake in h alone leaves the cache, and so the gradients, right; any other sends the student to the forward.
        if (checks['step-backward'].score_milli < checks['step-backward'].max_milli) {
          expect(checks['step-backward'].diagnosis?.en).toMatch(/fix the forward step first/);
          expect(checks['step-backward'].diagnosis?.ru).toMatch(/сначала исправьте прямой шаг/);
        }
      }
      if (f.check === 'step-backward') {
        expect(checks.bptt.diagnosis?.en).toMatch(/lstmStepBackward is not right yet: fix it first/);
        expect(checks['gradient-check'].diagnosis?.en).toMatch(/lstmStepBackward disagrees with your own lstmStep/);
      }
      if (f.check === 'bptt') {
        expect(checks['gradient-check'].diagnosis?.en).toMatch(/lstmBackward disagrees with your own lstmForward/);
      }
    });
  }
});
