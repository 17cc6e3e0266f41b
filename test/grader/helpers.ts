/** Grading fixtures for the grader's own tests: a fixed seed, small limits, and a temp output folder. */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { grade } from '../../grader/grade';
import { PACKAGE_ROOT } from '../../grader/kit';
import type { Results } from '../../grader/results';

export const SUBMISSIONS = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'submissions');
export const EXAMPLES = path.join(PACKAGE_ROOT, 'examples', 'class');
export const TEST_LIMITS = { callMs: 1_500, totalMs: 8_000, memoryMb: 256 };

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `gatelab-${prefix}-`));
}

export async function gradeDir(submission: string, student = path.basename(submission)): Promise<{ results: Results; out: string }> {
  const out = tempDir('out');
  const results = await grade({ kitRoot: PACKAGE_ROOT, submission, out, student, seed: `seed-${student}`, lang: 'en', limits: TEST_LIMITS });
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
