/**
 * `gatelab grade` from the command line always writes a results.json, whatever the submission holds: the reported
 * crash (a 2 GB file in place of a protected file gave a stack trace and no results.json) and a submission over the
 * file bound both end in exit 0, a result and no stack trace.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { EXAMPLES, tempDir } from './helpers';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function gatelabGrade(submission: string): Promise<{ code: number | null; stderr: string; out: string }> {
  const out = tempDir('cli-out');
  made.push(out);
  const child = spawn(
    process.execPath,
    [path.join(PACKAGE_ROOT, 'bin', 'gatelab.js'), 'grade', submission, '--out', out, '--lang', 'en'],
    {
      env: { PATH: process.env.PATH, GATELAB_SECRET: 'cli-bounds-secret' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, out })));
}

function perfectWith(change: (exercises: string) => void): string {
  const dir = tempDir('cli-sub');
  made.push(dir);
  cpSync(path.join(EXAMPLES, 's01-perfect'), dir, { recursive: true });
  change(path.join(dir, 'exercises'));
  return dir;
}

describe.concurrent('gatelab grade on hostile input', { timeout: 300_000 }, () => {
  it('a 2 GB file in place of a protected file: exit 0, a results.json, no stack trace', async () => {
    const dir = perfectWith((ex) => {
      const file = path.join(ex, '02-forget-gate', 'fixtures.json');
      writeFileSync(file, '');
      truncateSync(file, 2 ** 31);
    });
    const r = await gatelabGrade(dir);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(path.join(r.out, 'results.json'), 'utf8')) as Results;
    expect(results.integrity.filter((n) => n.kind === 'tampered').map((n) => n.file)).toEqual([
      'exercises/02-forget-gate/fixtures.json',
    ]);
  });

  it('3 000 files: exit 0, a results.json that says which bound and by how much', async () => {
    const dir = perfectWith((ex) => {
      mkdirSync(path.join(ex, 'copies'));
      for (let i = 0; i < 3000; i++) writeFileSync(path.join(ex, 'copies', `c${i}.txt`), '');
    });
    const r = await gatelabGrade(dir);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(path.join(r.out, 'results.json'), 'utf8')) as Results;
    // The 3 000 copies and the perfect student's own files (dot-files are not listed).
    const own = readdirSync(path.join(EXAMPLES, 's01-perfect', 'exercises'), {
      recursive: true,
      withFileTypes: true,
    }).filter((e) => e.isFile() && !e.name.startsWith('.')).length;
    const total = String(3000 + own);
    expect(results.tests[0].gatelab.diagnosis?.en).toMatch(
      new RegExp(`${total[0]}\\s${total.slice(1)} files in the exercises folder; the limit is 2\\s000`),
    );
  });
});
