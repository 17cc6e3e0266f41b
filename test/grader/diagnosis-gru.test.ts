/**
 * Diagnosis of exercise 04, end to end through `grade`: each fixture in test/fixtures/mistakes/04-gru-cell/ turns the
 * perfect student's gru.ts into a realistic wrong one by a textual find → replace, and the report must lose points
 * and say, in English and in Russian, what is wrong. The regexes of `expect` are matched against both languages.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grade } from '../../grader/grade';
import { loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { byId, EXAMPLES, fileRunner, GENEROUS_LIMITS, tempDir } from './helpers';

const EXERCISE = '04-gru-cell';
const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'mistakes', EXERCISE);
const PERFECT = path.join(EXAMPLES, 's01-perfect', 'exercises', EXERCISE, 'gru.ts');

interface Edit {
  find: string;
  replace: string;
}

interface MistakeFixture extends Edit {
  id: string;
  /** The check whose diagnosis names the mistake. */
  check: 'step-forward' | 'step-backward' | 'sequence-forward' | 'bptt';
  expect: string[];
}

const fixtures: MistakeFixture[] = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as MistakeFixture);

const full = loadCatalog(PACKAGE_ROOT);
const catalog = { ...full, exercises: full.exercises.filter((e) => e.id === EXERCISE) };

// One Vitest for the file: the concurrent tests' gradings share its runs.
const runner = fileRunner(GENEROUS_LIMITS);

function applyEdit(source: string, edit: Edit, id: string): string {
  const at = source.indexOf(edit.find);
  if (at < 0 || source.indexOf(edit.find, at + 1) >= 0) {
    throw new Error(
      `${id}: "find" must occur exactly once in the perfect gru.ts (regenerate it, or update the fixture)`,
    );
  }
  return source.slice(0, at) + edit.replace + source.slice(at + edit.find.length);
}

async function gradeMistake(f: MistakeFixture): Promise<Results> {
  const source = applyEdit(readFileSync(PERFECT, 'utf8'), f, f.id);
  const submission = tempDir(`gru-${f.id}`);
  mkdirSync(path.join(submission, 'exercises', EXERCISE), { recursive: true });
  writeFileSync(path.join(submission, 'exercises', EXERCISE, 'gru.ts'), source);
  return grade({
    kitRoot: PACKAGE_ROOT,
    catalog,
    submission,
    out: tempDir('gru-out'),
    student: f.id,
    seed: `seed-${f.id}`,
    lang: 'en',
    limits: GENEROUS_LIMITS,
    runner: runner(),
  });
}

/** Which checks a mistake in each function must leave at full marks. */
const UNTOUCHED: Record<MistakeFixture['check'], string[]> = {
  'step-forward': ['init'],
  'step-backward': ['public-step-forward', 'step-forward', 'sequence-forward', 'init', 'hygiene'],
  'sequence-forward': ['public-step-forward', 'public-step-backward', 'step-forward', 'step-backward', 'init'],
  bptt: [
    'public-step-forward',
    'public-step-backward',
    'step-forward',
    'step-backward',
    'sequence-forward',
    'init',
    'hygiene',
  ],
};

/** The example class's GRU students and the words their report must contain. */
const EXAMPLE_STUDENTS = [
  {
    student: 's09-gru-update-gate-swapped',
    check: 'step-forward',
    en: /update gate z keeps the wrong term/,
    ru: /Вентиль обновления z сохраняет не то слагаемое/,
  },
  {
    student: 's10-gru-reset-before-matmul',
    check: 'step-forward',
    en: /reset gate is applied before the matrix product/,
    ru: /Вентиль сброса применён до матричного умножения/,
  },
];

describe.concurrent('diagnosis of wrong GRUs', () => {
  for (const e of EXAMPLE_STUDENTS) {
    it(`example student ${e.student}: the report names the mistake, and a backward consistent with the wrong forward earns no gradient-check points`, async () => {
      const results = await grade({
        kitRoot: PACKAGE_ROOT,
        catalog,
        submission: path.join(EXAMPLES, e.student),
        out: tempDir('gru-example'),
        student: e.student,
        seed: `seed-${e.student}`,
        lang: 'en',
        limits: GENEROUS_LIMITS,
        runner: runner(),
      });
      const checks = byId(results);
      expect(checks[e.check].diagnosis?.en).toMatch(e.en);
      expect(checks[e.check].diagnosis?.ru).toMatch(e.ru);
      // Self-consistency pays only on top of correctness: agreeing with a wrong forward proves nothing.
      expect(checks['gradient-check'].score_milli).toBe(0);
      expect(checks['gradient-check'].diagnosis?.en).toMatch(/here these are not: gruStep/);
      expect(checks.bptt.diagnosis?.en).toMatch(/fix gruForward first/);
    });
  }

  it('has at least seven fixtures, each with a distinct id matching its file', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(7);
    expect(new Set(fixtures.map((f) => f.id)).size).toBe(fixtures.length);
    for (const f of fixtures) expect(f.expect.length, f.id).toBeGreaterThan(0);
  });

  for (const f of fixtures) {
    it(`${f.id}: loses points, and ${f.check} names the cause in both languages`, async () => {
      const results = await gradeMistake(f);
      expect(results.final_milli).toBeLessThan(results.max_milli);
      const checks = byId(results);
      const named = checks[f.check];
      expect(named.score_milli, `${f.check} is not full marks`).toBeLessThan(named.max_milli);
      for (const pattern of f.expect) {
        expect(named.diagnosis?.en, `en ~ /${pattern}/`).toMatch(new RegExp(pattern));
        expect(named.diagnosis?.ru, `ru ~ /${pattern}/`).toMatch(new RegExp(pattern));
      }
      for (const id of UNTOUCHED[f.check])
        expect(checks[id].score_milli, `${id} keeps full marks`).toBe(checks[id].max_milli);
      if (f.check === 'step-forward' && checks['step-backward'].score_milli < checks['step-backward'].max_milli) {
        // The backward is the reference's, but on a wrong forward: the feedback must send the student to the forward.
        expect(checks['step-backward'].diagnosis?.en).toMatch(/fix gruStep first/);
        expect(checks['step-backward'].diagnosis?.ru).toMatch(/сначала исправьте gruStep/);
      }
      if (f.check === 'step-backward') {
        expect(checks.bptt.diagnosis?.en).toMatch(/fix it first|fix gruStep/);
        expect(checks['gradient-check'].diagnosis?.en).toMatch(
          /disagrees with your own forward pass in gruStepBackward/,
        );
      }
    });
  }
});
