/**
 * Temporary folders through the command line: a normal run leaves none of ours behind, and a run killed with -9 has
 * its leftovers removed by the next run. The CLI runs with a private TMPDIR, so other runs on the machine do not
 * count. End to end (two gradings of a whole submission), so it runs with `npm run test:e2e`; temp.test.ts tests the
 * sweep itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'gatelab.js');
const EXAMPLES = path.join(PACKAGE_ROOT, 'examples', 'class');
// Searchable by uid 65534 (the sandbox's user when the grader is root), as /tmp itself is.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatelab-temp-test-'));
fs.chmodSync(tmp, 0o755);
const outs = fs.mkdtempSync(path.join(os.tmpdir(), 'gatelab-temp-test-out-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(outs, { recursive: true, force: true });
});

const env = { PATH: process.env.PATH, TMPDIR: tmp, GATELAB_SECRET: 'temp-test-secret' };
const ours = (): string[] =>
  fs
    .readdirSync(tmp)
    .filter((n) => n.startsWith('gatelab-'))
    .sort();

describe('the gatelab command', () => {
  it('killed with -9 leaves folders; the next run removes them, and itself leaves none', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'grade', path.join(EXAMPLES, 's01-perfect'), '--out', path.join(outs, 'killed')],
      { env, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const pid = child.pid as number;
    // Wait until the run is grading (its work folder exists), then kill it without warning.
    for (let i = 0; i < 1200 && !ours().some((n) => n.startsWith(`gatelab-${pid}-grade-`)); i++)
      await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await exited;
    const left = ours().filter((n) => n.startsWith(`gatelab-${pid}-`));
    expect(left.some((n) => n.startsWith(`gatelab-${pid}-grade-`))).toBe(true);
    expect(left.some((n) => n.startsWith(`gatelab-${pid}-runtime-`))).toBe(true);

    const next = spawnSync(
      process.execPath,
      [BIN, 'grade', path.join(EXAMPLES, 's02-untouched'), '--out', path.join(outs, 'next')],
      { env, encoding: 'utf8', timeout: 300_000 },
    );
    expect(next.stderr).toBe('');
    expect(next.status).toBe(0);
    expect(fs.existsSync(path.join(outs, 'next', 'results.json'))).toBe(true);
    // Neither the killed run's folders nor any of the normal run's own are left.
    expect(ours()).toEqual([]);
  }, 600_000);
});
