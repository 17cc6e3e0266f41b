/**
 * Fail closed, end to end through the `gatelab` command: with a sandbox layer missing (simulated with
 * GATELAB_SANDBOX_DISABLE) no student code runs, and results.json, the feedback, the class report and
 * the console say why; `--allow-weak-sandbox` runs anyway and every report says what was missing; a
 * student's own `check` says it once and runs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { EXAMPLES, tempDir } from './helpers';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'gatelab.js');
const SECRET = { GATELAB_SECRET: 'fail-closed-test-secret' };
const NO_NAMESPACES = { GATELAB_SANDBOX_DISABLE: 'namespaces', ...SECRET };
const en = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'templates', 'strings.en.json'), 'utf8')) as {
  sandbox: Record<string, string>;
};

function gatelab(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const results = (out: string): Results => JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
/** The catalog text up to its first placeholder: enough to recognise it in a rendered report. */
const head = (key: string): string => en.sandbox[key].split('{')[0];

// Each test runs the CLI, which on a loaded machine can take a minute or more.
describe.concurrent('a missing sandbox layer', { timeout: 400_000 }, () => {
  it('grade: the code does not run; results.json, the feedback and the console say why and how to enable it', () => {
    const out = tempDir('fail-closed');
    const r = gatelab(['grade', path.join(EXAMPLES, 's01-perfect'), '--out', out, '--lang', 'en'], NO_NAMESPACES);
    // Results are written, but a pipeline must not take them for a grade: exit 3.
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^sandbox layers in force: user, memory, permission, pdeathsig$/m);
    expect(r.stdout).toMatch(
      /^sandbox layer missing: net \(disabled by GATELAB_SANDBOX_DISABLE\); students' code will NOT run; to enable it: unset GATELAB_SANDBOX_DISABLE$/m,
    );
    expect(r.stdout).toMatch(/^s01-perfect: NOT RUN: the sandbox lacks pid, net/m);
    const res = results(out);
    expect(res.sandbox).toMatchObject({
      ran: false,
      refused: ['pid', 'net'],
      accepted_missing: [],
      layers: { pid: 'missing', net: 'missing', user: 'in-force' },
    });
    // The perfect solution earns nothing: none of its code ran.
    expect(res.final_milli).toBe(0);
    expect(
      res.tests.every((t) => t.gatelab.outcome === 'error' && t.gatelab.diagnosis?.en.startsWith(head('refusedCheck'))),
    ).toBe(true);
    expect(res.integrity.some((n) => n.kind === 'sandbox' && n.message.en.startsWith(head('refusedNote')))).toBe(true);
    expect(readFileSync(path.join(out, 'feedback.md'), 'utf8')).toContain(head('refusedNote'));
  });

  it('grade --allow-weak-sandbox: runs, and every report says which layers were missing', () => {
    const out = tempDir('fail-closed');
    const r = gatelab(
      ['grade', path.join(EXAMPLES, 's01-perfect'), '--out', out, '--lang', 'en', '--allow-weak-sandbox', 'pid,net'],
      NO_NAMESPACES,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sandbox layer missing: pid \(.*\); accepted with --allow-weak-sandbox/m);
    const res = results(out);
    expect(res.sandbox).toMatchObject({ ran: true, refused: [], accepted_missing: ['pid', 'net'] });
    expect(res.final_milli).toBeGreaterThan(0);
    expect(res.integrity.filter((n) => n.kind === 'sandbox').map((n) => n.message.en)).toEqual([
      expect.stringMatching(new RegExp(`^${head('weakNote').replace(/[()]/g, '\\$&')}pid .*net`)),
    ]);
    expect(readFileSync(path.join(out, 'feedback.html'), 'utf8')).toContain('--allow-weak-sandbox');
  });

  it('grade-all: the student is listed as not run, counted in the class report, and graded again next time', () => {
    const subs = tempDir('fail-closed-class');
    cpSync(path.join(EXAMPLES, 's02-untouched'), path.join(subs, 's02'), { recursive: true });
    const out = tempDir('fail-closed-out');
    const r = gatelab(['grade-all', subs, '--out', out, '--lang', 'en'], NO_NAMESPACES);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^NOT RUN: the code of 1 of 1 graded students did not run .*: exit code 3$/m);
    expect(r.stdout).toMatch(/^sandbox layer missing: net/m);
    expect(r.stderr).toMatch(/s02: 0\/\d+ NOT RUN: the sandbox lacks pid, net/);
    expect(`${r.stdout}${r.stderr}`).toMatch(
      /^error: s02 — NOT RUN: the sandbox lacks pid, net; these results are not grades$/m,
    );
    expect(results(path.join(out, 's02')).sandbox?.ran).toBe(false);
    expect(existsSync(path.join(out, 's02', '.input-hash'))).toBe(false);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('s02');
  });

  it('an unknown layer name is bad input: one line, exit 2', () => {
    const r = gatelab(
      ['grade', path.join(EXAMPLES, 's01-perfect'), '--out', tempDir('fail-closed'), '--allow-weak-sandbox', 'network'],
      SECRET,
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'gatelab: --allow-weak-sandbox: "network" is not a sandbox layer; name some of user, pid, net, memory, permission, pdeathsig, or all',
    );
  });

  it("a student's own check says it once and runs their code anyway", () => {
    const r = gatelab(['check', '01', '--lang', 'en'], { GATELAB_SANDBOX_DISABLE: 'namespaces' });
    expect(r.stdout.split(head('checkNotice')).length - 1).toBe(1);
    expect(r.stdout).toMatch(/01-vanishing-gradient/);
    expect(r.stdout).not.toContain(head('refusedCheck'));
  });
});
