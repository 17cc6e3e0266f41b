/**
 * `check` runs the public suites in its own process (grader/student/public-suites.ts), grading runs them in Vitest
 * (grader/grade/run-suites.ts). Both must give every check the same record (outcome, cases, diagnosis, hint, diffs,
 * notes, sandbox events): here both run every public suite of the course on the same compiled submissions, a solved
 * one, the untouched stubs, a wrong backward, a compile error and two catalogued mistakes, and the records are
 * compared check by check (only the time each check took may differ). The context is the one the Checker builds.
 */
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKitRuntime } from '../../grader/grade/compile';
import { SuiteRunner, type RanCheck } from '../../grader/grade/run-suites';
import { wallBoundMs } from '../../grader/sandbox/clock';
import { suiteFiles } from '../../grader/grade/suites';
import { DEFAULT_LIMITS, isolationDetails } from '../../grader/sandbox';
import { loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { publicContext } from '../../grader/student/checker';
import { PublicSuites } from '../../grader/student/public-suites';
import { linkedKit, tempDir } from '../release/helpers';

const EXAMPLES = path.join(PACKAGE_ROOT, 'examples', 'class');
const STUDENTS = [
  's01-perfect',
  's02-untouched',
  's03-wrong-backward',
  's04-compile-error',
  's07-lstm-no-output-tanh',
  's11-vanishing-chain-order',
];

/** A check's record without the time it took, keyed by exercise and check. */
function comparable(checks: RanCheck[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of checks) {
    const { duration_ms: _ms, ...record } = c.record ?? { duration_ms: 0 };
    out[`${c.exercise}/${c.id}`] = c.record ? record : { error: c.error };
  }
  return out;
}

describe('the public suites in the checker process and in Vitest', () => {
  const catalog = loadCatalog(PACKAGE_ROOT);
  let kit: string;
  let work: string;
  let vitest: SuiteRunner;
  let inProcess: PublicSuites;
  let files: string[];

  beforeAll(async () => {
    kit = linkedKit();
    work = tempDir('public-suites');
    await compileKitRuntime(kit, path.join(work, 'runtime'));
    files = suiteFiles(kit, catalog, 'public');
    vitest = await SuiteRunner.start({ kitRoot: kit, testTimeoutMs: wallBoundMs(DEFAULT_LIMITS) });
    inProcess = PublicSuites.start(kit);
  });

  afterAll(async () => {
    await vitest?.close();
    await inProcess?.close();
  });

  it.each(STUDENTS)(
    '%s: every check gets the same record',
    async (student) => {
      // The student's files over the kit's stubs, as in their own kit.
      const exercises = path.join(work, student, 'exercises');
      cpSync(path.join(kit, 'exercises'), exercises, { recursive: true, dereference: true });
      cpSync(path.join(EXAMPLES, student, 'exercises'), exercises, { recursive: true });
      const staging = path.join(work, student, 'staging');
      mkdirSync(staging, { recursive: true });
      const context = await publicContext({
        exercisesDir: exercises,
        staging,
        runtimeDir: path.join(work, 'runtime'),
        catalog,
        artifactsDir: path.join(work, student, 'artifacts'),
        isolation: await isolationDetails(),
      });
      const inVitest = await vitest.run(files, context);
      const here = await inProcess.run(files, context);
      expect(here.problems).toEqual(inVitest.problems);
      // Every public check of the catalog ran, with a record, in both.
      const publicChecks = catalog.exercises.flatMap((e) =>
        e.checks.filter((c) => c.visibility === 'public').map((c) => `${e.id}/${c.id}`),
      );
      expect(Object.keys(comparable(here.checks)).sort()).toEqual([...publicChecks].sort());
      expect(here.checks.every((c) => c.record !== null)).toBe(true);
      expect(comparable(here.checks)).toEqual(comparable(inVitest.checks));
    },
    300_000,
  );
});
