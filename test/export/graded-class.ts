/**
 * A small class graded by grade-all for the tests of what comes after it (LMS exports, return):
 * "иванова" (a Cyrillic id) submits the reference solution and so earns every point; "petrov"
 * submits the untouched stubs and earns none; "stranger" is graded but not on the roster;
 * "sidorov" is on the roster with no submission at all. Those scores are what `validate` proves
 * of the reference and the stubs, not numbers read from the code under test.
 *
 * The class is graded once per test run (test/shared/results.ts); each caller gets a copy of its own to change.
 */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gradeAll } from '../../grader/grade-all';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { EXAMPLES, GENEROUS_LIMITS } from '../grader/helpers';
import { privateCopy, shared } from '../shared/results';

export const SUBMITTED = { иванова: 's01-perfect', petrov: 's02-untouched', stranger: 's02-untouched' } as const;

export const ROSTER_LINES = [
  'id;name;repo;email;sis_id;sis_login_id;section',
  'иванова;Иванова, Анна;repos/иванова;anna@example.edu;S-001;ivanova.a;Group 1',
  'petrov;Петров Пётр;repos/petrov;petrov@example.edu;S-002;;Group 1',
  'sidorov;Сидоров Олег;repos/sidorov;;;;',
];

export async function gradedClass(): Promise<{ reports: string; roster: string; dir: string }> {
  const graded = await shared('lms-class', async (dir) => {
    const submissions = path.join(dir, 'submissions');
    for (const [id, example] of Object.entries(SUBMITTED))
      cpSync(path.join(EXAMPLES, example), path.join(submissions, id), { recursive: true });
    await gradeAll({
      kitRoot: PACKAGE_ROOT,
      submissions,
      out: path.join(dir, 'reports'),
      secret: 'lms-test-secret',
      lang: 'en',
      limits: GENEROUS_LIMITS,
    });
    // As a Russian Excel saves it: semicolons, a byte-order mark.
    writeFileSync(path.join(dir, 'roster.csv'), `\uFEFF${ROSTER_LINES.join('\r\n')}\r\n`);
  });
  const dir = privateCopy(graded, 'graded-class');
  return { reports: path.join(dir, 'reports'), roster: path.join(dir, 'roster.csv'), dir };
}
