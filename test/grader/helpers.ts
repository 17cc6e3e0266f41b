/** Grading fixtures for the grader's own tests: a fixed seed, small limits, and a temp output folder. */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { grade } from '../../grader/grade';
import { SuiteRunner } from '../../grader/grade/run-suites';
import { wallBoundMs } from '../../grader/sandbox/clock';
import { loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';

export const SUBMISSIONS = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'submissions');
export const EXAMPLES = path.join(PACKAGE_ROOT, 'examples', 'class');
export const TEST_LIMITS = { callMs: 1_500, totalMs: 8_000, memoryMb: 256 };
/** For tests of what a report says, not of time limits: generous, so that a busy machine costs no check its points. */
export const GENEROUS_LIMITS = { callMs: 5_000, totalMs: 90_000 };

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `gatelab-${prefix}-`));
}

let thisFilesRunner: SuiteRunner | undefined;

/**
 * One Vitest runner for a test file's gradings, started before its tests and closed after them (call once, at the top
 * level of the file): gradings that run at the same time (concurrent tests) share its runs instead of each starting
 * Vitest, as grade-all's students do; a result graded in a batch is the result graded alone
 * (test/grade-all/batch.test.ts). gradeDir uses it from then on; the function returned gives it to a test that calls
 * grade itself.
 */
export function fileRunner(limits: { totalMs: number } = TEST_LIMITS): () => SuiteRunner {
  beforeAll(async () => {
    thisFilesRunner = await SuiteRunner.start({
      kitRoot: PACKAGE_ROOT,
      testTimeoutMs: wallBoundMs(limits),
      maxBatch: 4,
    });
  });
  afterAll(async () => {
    await thisFilesRunner?.close();
    thisFilesRunner = undefined;
  });
  return () => {
    if (!thisFilesRunner) throw new Error('the file runner is started before the tests and is only there inside them');
    return thisFilesRunner;
  };
}

/**
 * Grades `submission` on the given exercises (by default 02, the one the hostile fixtures implement), on the file's
 * runner when it started one (fileRunner), else on a Vitest of its own.
 */
export async function gradeDir(
  submission: string,
  student = path.basename(submission),
  exercises = ['02-forget-gate'],
): Promise<{ results: Results; out: string }> {
  const out = tempDir('out');
  const full = loadCatalog(PACKAGE_ROOT);
  const catalog = { ...full, exercises: full.exercises.filter((e) => exercises.includes(e.id)) };
  const results = await grade({
    kitRoot: PACKAGE_ROOT,
    catalog,
    submission,
    out,
    student,
    seed: `seed-${student}`,
    lang: 'en',
    limits: TEST_LIMITS,
    runner: thisFilesRunner,
  });
  return { results, out };
}

/** A copy of a submission folder (so a test can change it without touching the fixtures). */
export function copySubmission(from: string): string {
  const to = tempDir('sub');
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  return to;
}

export function readResults(out: string): Results {
  return JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
}

export const byId = (r: Results) => Object.fromEntries(r.tests.map((t) => [t.gatelab.id, t.gatelab]));
/** The checks of one exercise by id (in a result of several exercises, where ids repeat across exercises). */
export const checksOf = (r: Results, exercise: string) =>
  byId({ ...r, tests: r.tests.filter((t) => t.gatelab.exercise === exercise) });
