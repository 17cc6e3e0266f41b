import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { DEADLINE, DEADLINE_MS, HOUR, makeRepo, tempDir, writeRoster } from './git-fixtures';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'gatelab.js');

function gatelab(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.trim() };
}

describe('gatelab collect', () => {
  const root = tempDir('cli');
  const into = path.join(root, 'out');
  beforeAll(async () => {
    await makeRepo(path.join(root, 'ann'), [{ at: DEADLINE_MS - HOUR, files: { 'a.ts': 'on time' } }]);
  });

  it('exits 0 once the manifest is written, whatever each student’s status', () => {
    const roster = writeRoster(root, ['id,name,repo', 'ann,Ann,ann', 'bob,Bob,bob']);
    const r = gatelab(['collect', '--roster', roster, '--deadline', DEADLINE, '--into', into, '--jobs', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ann: collected [0-9a-f]{7} \(/m);
    expect(r.stdout).toMatch(/^bob: missing — no repository at /m);
    expect(r.stdout).toMatch(/collected 1 of 2 students → .*manifest\.json$/m);
    expect(JSON.parse(readFileSync(path.join(into, 'manifest.json'), 'utf8')).students).toHaveLength(2);
  });

  it('bad input exits 2 with one line saying what, where and how to fix it, and writes nothing', () => {
    const roster = writeRoster(root, ['id,name,repo', '../evil,Eve,ann'], 'evil.csv');
    const fresh = path.join(root, 'never');
    const badRoster = gatelab(['collect', '--roster', roster, '--deadline', DEADLINE, '--into', fresh]);
    expect(badRoster.code).toBe(2);
    expect(badRoster.stderr).toBe(
      `gatelab: ${roster} line 2: id "../evil" is not valid; use letters (any alphabet), digits, '-', '_' and '.', starting with a letter or digit, with no '..' (the id becomes the student's folder name)`,
    );

    const badDeadline = gatelab(['collect', '--roster', roster, '--deadline', '2026-03-01 23:59', '--into', fresh]);
    expect(badDeadline.code).toBe(2);
    expect(badDeadline.stderr).toMatch(
      /^gatelab: --deadline "2026-03-01 23:59" is not an ISO date-time with a time zone/,
    );

    const badJobs = gatelab(['collect', '--roster', roster, '--deadline', DEADLINE, '--into', fresh, '--jobs', 'all']);
    expect(badJobs.code).toBe(2);
    expect(badJobs.stderr.split('\n')).toHaveLength(1);
    expect(existsSync(fresh)).toBe(false);
  });
});
