/**
 * grade-all through the command line, killed with SIGKILL in the middle of a class graded on the whole course: what
 * is finished stays whole, and the next run grades only the rest. End to end (the CLI, five students, every
 * exercise), so it runs with `npm run test:e2e`; grade-all.test.ts tests the rest of grade-all in the fast set.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeAll } from '../../grader/grade-all';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { EXAMPLES, tempDir } from '../grader/helpers';

const SECRET = 'grade-all-test-secret';

/** A class of copies of the example students. */
function makeClass(names: string[]): string {
  const dir = tempDir('class');
  for (const [i, name] of names.entries())
    cpSync(path.join(EXAMPLES, name), path.join(dir, `student-${String(i + 1).padStart(2, '0')}`), { recursive: true });
  return dir;
}

describe('grade-all', () => {
  it('killed with SIGKILL in the middle: finished results stay whole, and the next run completes the rest', async () => {
    const submissions = makeClass([
      's01-perfect',
      's02-untouched',
      's03-wrong-backward',
      's01-perfect',
      's02-untouched',
    ]);
    const out = tempDir('reports');
    const child = spawn(
      process.execPath,
      [path.join(PACKAGE_ROOT, 'bin', 'gatelab.js'), 'grade-all', submissions, '--out', out, '--lang', 'en'],
      {
        env: { PATH: process.env.PATH, GATELAB_SECRET: SECRET },
        stdio: 'ignore',
      },
    );
    // Wait until two students are finished, then kill without warning.
    const finished = () => readdirSync(out).filter((d) => existsSync(path.join(out, d, '.input-hash')));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (finished().length >= 2) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 50);
      child.on('exit', () => {
        clearInterval(timer);
        if (finished().length < 2) reject(new Error('grade-all ended before it could be interrupted'));
        else resolve();
      });
    });
    await new Promise((r) => child.once('exit', r).once('close', r) && setTimeout(r, 500));
    const done = finished();
    expect(done.length).toBeGreaterThanOrEqual(2);
    for (const id of done)
      expect(JSON.parse(readFileSync(path.join(out, id, 'results.json'), 'utf8')).student).toBe(id);

    // The same settings as the command line's (the limits are part of what a result depends on).
    const rest = await gradeAll({ kitRoot: PACKAGE_ROOT, submissions, out, secret: SECRET, lang: 'en' });
    expect(rest.skipped.sort()).toEqual(done.sort());
    expect([...rest.skipped, ...rest.graded].sort()).toEqual([
      'student-01',
      'student-02',
      'student-03',
      'student-04',
      'student-05',
    ]);
    expect(readFileSync(path.join(out, 'gradebook.csv'), 'utf8').trim().split('\n')).toHaveLength(6);
  });
});
