/**
 * A bad `--out` is bad input, through the `gatelab` command: one line saying what is wrong and how to fix
 * it, exit code 2, and nothing written (a file given as --out keeps its content).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { EXAMPLES, tempDir } from './helpers';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'gatelab.js');
const ENV = { PATH: process.env.PATH, GATELAB_SECRET: 'out-dir-test-secret' };
const isRoot = process.getuid?.() === 0;

function gatelab(args: string[], asNobody = false) {
  const [cmd, argv] = asNobody
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args]]
    : [process.execPath, [BIN, ...args]];
  const r = spawnSync(cmd as string, argv as string[], { encoding: 'utf8', env: ENV, timeout: 300_000 });
  return { code: r.status, stderr: r.stderr.trim() };
}

/** Exit 2 and exactly one line on stderr, matching `line`. */
function refused(r: { code: number | null; stderr: string }, line: RegExp): void {
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
  expect(r.code).toBe(2);
}

const PERFECT = path.join(EXAMPLES, 's01-perfect');

// Each test starts the CLI two or three times, which on a loaded machine takes a while.
describe.concurrent('--out', { timeout: 400_000 }, () => {
  it('a file: refused, and the file is left as it was', () => {
    const file = path.join(tempDir('out-dir'), 'results.txt');
    writeFileSync(file, 'keep me\n');
    refused(
      gatelab(['grade', PERFECT, '--out', file]),
      /^gatelab: --out .*results\.txt: is a file, not a folder; choose a folder of your own/,
    );
    refused(
      gatelab(['grade', PERFECT, '--out', path.join(file, 'sub')]),
      /results\.txt is a file, so no folder can be made under it/,
    );
    refused(gatelab(['grade-all', EXAMPLES, '--out', file]), /is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  it('under /proc or /sys, also through a link: refused at once (it used to hang)', () => {
    refused(
      gatelab(['grade', PERFECT, '--out', '/proc/self/grades']),
      /^gatelab: --out \/proc\/self\/grades: is under \/proc, a system folder/,
    );
    refused(gatelab(['grade-all', EXAMPLES, '--out', '/sys/kernel/grades']), /is under \/sys, a system folder/);
    const link = path.join(tempDir('out-dir'), 'looks-harmless');
    spawnSync('ln', ['-s', '/proc/self', link]);
    refused(gatelab(['grade', PERFECT, '--out', path.join(link, 'out')]), /is under \/proc/);
  });

  it('a folder the grader cannot write: refused', () => {
    const dir = tempDir('out-dir');
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(dir, 0o755);
    chmodSync(locked, 0o555);
    // As root every folder is writable, so the grader runs as nobody to meet a folder it cannot write.
    refused(
      gatelab(['grade', PERFECT, '--out', path.join(locked, 'out')], isRoot),
      /^gatelab: --out .*locked\/out: the grader cannot write in .*locked \(EACCES\)/,
    );
    expect(readdirSync(locked)).toEqual([]);
  });

  it('inside the submission (grade) or the submissions folder (grade-all): refused', () => {
    const subs = tempDir('out-dir-class');
    cpSync(PERFECT, path.join(subs, 's01'), { recursive: true });
    refused(
      gatelab(['grade', path.join(subs, 's01'), '--out', path.join(subs, 's01', 'out')]),
      /is inside the submission .*s01; results there would be mixed with what is graded/,
    );
    refused(
      gatelab(['grade-all', subs, '--out', path.join(subs, 'grades')]),
      /is inside the submissions folder .*; results there would be mixed/,
    );
    expect(readdirSync(subs)).toEqual(['s01']);
  });
});
