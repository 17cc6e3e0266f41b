/**
 * Results that several test files read, made once per test run instead of once per file: the first file to ask
 * makes them (in its beforeAll), the others wait for it and read the same folder. They are read only: a test that
 * changes what it is given works on a copy (`privateCopy`).
 *
 * Each result lives in a folder of the run's shared folder (test/shared/global-setup.ts). Whoever creates that
 * folder makes the result and then writes `<name>.done` (or `<name>.failed`, with the reason, which every waiting
 * file then fails with); creating a folder is atomic, so exactly one test file of the run makes each result, in
 * whichever worker. Outside that setup (no folder provided) each process makes its own.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { gradeAll } from '../../grader/grade-all';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { GENEROUS_LIMITS } from '../grader/helpers';

let processOwn: string | null = null;

function sharedRoot(): string {
  const provided = inject('gatelabShared');
  if (provided) return provided;
  processOwn ??= mkdtempSync(path.join(os.tmpdir(), 'gatelab-test-shared-'));
  return processOwn;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The folder of the shared result `name`, made by `make(folder)` in the first test file of the run that asks. */
export async function shared(name: string, make: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(sharedRoot(), name);
  const done = `${dir}.done`;
  const failed = `${dir}.failed`;
  let mine = true;
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    mine = false;
  }
  if (mine) {
    try {
      await make(dir);
    } catch (err) {
      writeFileSync(failed, err instanceof Error ? (err.stack ?? err.message) : String(err));
      throw err;
    }
    writeFileSync(done, '');
    return dir;
  }
  // Another test file makes it: wait (the hook's time-out bounds the wait, should that file die).
  for (;;) {
    if (existsSync(done)) return dir;
    if (existsSync(failed))
      throw new Error(
        `the shared result ${name} could not be made by the test file that made it:\n${readFileSync(failed, 'utf8')}`,
      );
    await sleep(200);
  }
}

/** A copy of a shared folder for a test that changes it. */
export function privateCopy(dir: string, prefix: string): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), `gatelab-${prefix}-`));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

export const EXAMPLE_CLASS = path.join(PACKAGE_ROOT, 'examples', 'class');
export const EXAMPLE_CLASS_SECRET = 'the shared example class';

/**
 * The example class (examples/class, every student) graded by grade-all in Russian, as `npm run demo` grades it: the
 * folder of its reports (`<student>/results.json`, `feedback.md`, `feedback.html`, and the class's own files).
 */
export function gradedExampleClass(): Promise<string> {
  return shared('example-class', async (out) => {
    const summary = await gradeAll({
      kitRoot: PACKAGE_ROOT,
      submissions: EXAMPLE_CLASS,
      out,
      secret: EXAMPLE_CLASS_SECRET,
      lang: 'ru',
      limits: GENEROUS_LIMITS,
    });
    if (summary.failed.length > 0)
      throw new Error(`grade-all could not grade: ${summary.failed.map((f) => `${f.id} (${f.message})`).join('; ')}`);
  });
}

/** One student's results.json from the shared example class (gradedExampleClass). */
export async function exampleResults(student: string): Promise<Results> {
  return JSON.parse(readFileSync(path.join(await gradedExampleClass(), student, 'results.json'), 'utf8')) as Results;
}
