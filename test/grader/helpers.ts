/** Grading fixtures for the grader's own tests: a fixed seed, small limits, and a temp output folder. */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { grade } from '../../grader/grade';
import { loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';

export const SUBMISSIONS = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'submissions');
export const EXAMPLES = path.join(PACKAGE_ROOT, 'examples', 'class');
export const TEST_LIMITS = { callMs: 1_500, totalMs: 8_000, memoryMb: 256 };

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `gatelab-${prefix}-`));
}

/** Grades `submission` on the given exercises (by default 02, the one the hostile fixtures implement). */
export async function gradeDir(submission: string, student = path.basename(submission), exercises = ['02-forget-gate']): Promise<{ results: Results; out: string }> {
  const out = tempDir('out');
  const full = loadCatalog(PACKAGE_ROOT);
  const catalog = { ...full, exercises: full.exercises.filter((e) => exercises.includes(e.id)) };
  const results = await grade({ kitRoot: PACKAGE_ROOT, catalog, submission, out, student, seed: `seed-${student}`, lang: 'en', limits: TEST_LIMITS });
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
