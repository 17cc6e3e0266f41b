/**
 * The options the teacher's verbs share (grader/commands/options.ts), seen through the real command
 * line in this process: bad values stop the command with exit code 2 and one line, before anything
 * is written. No student code runs here: every case fails while its flags are parsed.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../grader/cli';

/** Runs `gatelab args…` in this process; returns the exit code and what went to stderr. */
async function gatelab(args: string[]): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk: string | Uint8Array) => (lines.push(String(chunk)), true),
  );
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const code = await main(['node', 'gatelab', ...args]);
  return { code, stderr: lines.join('').trim() };
}

const fresh = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'gatelab-options-')), 'out');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('shared options of the teacher verbs', () => {
  it('grade-all --jobs takes a positive whole number, through numberFlag', async () => {
    for (const [jobs, message] of [
      ['0', /^gatelab: --jobs "0" is not a positive whole number; write e\.g\. --jobs 2$/],
      ['1.5', /^gatelab: --jobs "1\.5" is not a positive whole number; write e\.g\. --jobs 2$/],
      ['many', /^gatelab: --jobs "many" is not a number; write it like 3$/],
    ] as const) {
      const out = fresh();
      const r = await gatelab(['grade-all', '/no/such/class', '--out', out, '--jobs', jobs]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('--lang accepts only en and ru, on every verb that has it', async () => {
    for (const args of [
      ['grade', '/no/such/kit'],
      ['report', '/no/such/reports'],
      ['demo'],
      ['export', 'github-classroom', '--out', fresh()],
      ['check'],
    ]) {
      const r = await gatelab([...args, '--lang', 'de']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/argument 'de' is invalid\. Allowed choices are en, ru\./);
    }
  });

  it('--allow-weak-sandbox names the bad layer on every verb that has it', async () => {
    for (const args of [
      ['grade', '/no/such/kit', '--out', fresh()],
      ['grade-all', '/no/such/class', '--out', fresh()],
      ['export', 'gradescope', '--out', path.join(fresh(), 'a.zip')],
    ]) {
      const r = await gatelab([...args, '--allow-weak-sandbox', 'pid,moon']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^gatelab: --allow-weak-sandbox: .*"moon".*; name some of user, pid, net, memory, permission, pdeathsig, or all$/,
      );
    }
  });
});
