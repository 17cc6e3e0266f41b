import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { helperPid, startHelper, startProcess, type StartedProcess } from '../../grader/sandbox/launcher';
import { DEATH, isolationDetails } from '../../grader/sandbox/isolation';

const linux = process.platform === 'linux';

/** The parent pid of `pid`, from /proc (the field after the name in parentheses). */
function parentOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function gone(pid: number, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

function collect(stream: Readable): () => string {
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return () => text;
}

function exitOf(p: StartedProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => p.on('exit', (code, signal) => resolve({ code, signal })));
}

/** Answers each request on fd 3 with `got:<request>` on fd 4, prints on stdout and stderr, exits with 3 on "bye". */
const ECHO = `const fs = require('fs');
process.stdout.write('out'); process.stderr.write('err');
new (require('net').Socket)({ fd: 3 }).on('data', (d) => {
  fs.writeSync(4, 'got:' + d);
  if (String(d) === 'bye') process.exit(3);
});
fs.writeSync(4, 'ready');`;

describe.runIf(linux)('the launcher', () => {
  it('starts the process from its small helper, with the four pipes, its exit and then close', async () => {
    const p = await startProcess([process.execPath, '-e', ECHO], process.cwd());
    const [, out, err, req, res] = p.stdio;
    const answers = collect(res);
    const stdout = collect(out);
    const stderr = collect(err);
    expect(p.pid).toBeGreaterThan(0);
    expect(helperPid()).toBeGreaterThan(0);
    expect(helperPid()).not.toBe(process.pid);
    // Not forked from this (large) process: its parent is the helper.
    expect(parentOf(p.pid as number)).toBe(helperPid());
    const closed = new Promise<void>((r) => p.on('close', r));
    const exit = exitOf(p);
    while (!answers().startsWith('ready')) await new Promise((r) => setTimeout(r, 10));
    req.write('bye');
    expect(await exit).toEqual({ code: 3, signal: null });
    await closed;
    expect(answers()).toBe('readygot:bye');
    expect(stdout()).toBe('out');
    expect(stderr()).toBe('err');
    // Its own process group, as a sandbox needs (killed as a group).
    expect(() => process.kill(-(p.pid as number), 0)).toThrow();
  });

  it('loses nothing a process writes before its pipes are handed over', async () => {
    // sh starts in about a millisecond and writes at once, while the helper is still handing the pipes over.
    const p = await startProcess(
      ['/bin/sh', '-c', 'printf early-out; printf early-err >&2; printf early-res >&4'],
      '/',
    );
    const [, out, err, , res] = p.stdio;
    const texts = [collect(out), collect(err), collect(res)];
    await new Promise<void>((r) => p.on('close', r));
    expect(texts.map((t) => t())).toEqual(['early-out', 'early-err', 'early-res']);
  });

  it('reports a program that cannot start as the error a spawn gives', async () => {
    const p = await startProcess(['/nonexistent/gatelab-no-such-program'], process.cwd());
    const error = await new Promise<Error>((r) => p.on('error', r));
    expect(error.message).toMatch(/ENOENT/);
  });

  it('reports a process killed with its helper, and starts the next one through a new helper', async () => {
    const p = await startProcess([process.execPath, '-e', 'setInterval(() => {}, 1000)'], process.cwd());
    const first = helperPid() as number;
    const exit = exitOf(p);
    process.kill(first, 'SIGKILL');
    expect(await exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await gone(p.pid as number)).toBe(true);
    const next = await startProcess([process.execPath, '-e', 'process.exit(5)'], process.cwd());
    expect(await exitOf(next)).toEqual({ code: 5, signal: null });
    expect(helperPid()).not.toBe(first);
  });

  it('takes a helper that cannot start calmly (no error escapes), and still starts processes', async () => {
    const running = helperPid();
    if (running !== undefined) {
      process.kill(running, 'SIGKILL');
      expect(await gone(running)).toBe(true);
      while (helperPid() !== undefined) await new Promise((r) => setTimeout(r, 10));
    }
    expect(startHelper(['/nonexistent/gatelab-wrapper', '--'])).toBe(false);
    await new Promise((r) => setTimeout(r, 50)); // the failed spawn's error comes on a later tick
    const p = await startProcess([process.execPath, '-e', 'process.exit(7)'], process.cwd());
    expect(await exitOf(p)).toEqual({ code: 7, signal: null });
  });

  it("keeps the grader up while a process it started runs, as a spawned child would, unless it is unref'd", async () => {
    // The process as a sandbox's is started: under setpriv --pdeathsig where the machine has it.
    const d = await isolationDetails();
    const prefix = d.parentDeathSignal ? [d.tools.setpriv, ...DEATH, '--'] : [];
    const run = (unref: boolean) => {
      const code = unref ? 'setInterval(() => {}, 1000)' : 'setTimeout(() => {}, 300)';
      const script = `require('tsx/cjs/api').register();
const l = require(${JSON.stringify(path.resolve(__dirname, '../../grader/sandbox/launcher.ts'))});
l.startProcess(${JSON.stringify([...prefix, process.execPath, '-e', code])}, process.cwd()).then((p) => {
  p.on('exit', (code) => process.stdout.write('exit ' + code));
  // As SandboxChild does: the process and its pipes (a ChildProcess's pipes keep the grader up as well).
  ${unref ? "process.stdout.write('pid ' + p.pid + ' '); p.unref(); for (const s of p.stdio.slice(1)) s.unref();" : ''}
});`;
      const grader = spawn(process.execPath, ['-e', script], { cwd: path.resolve(__dirname, '../..') });
      const stdout = collect(grader.stdout);
      const stuck = setTimeout(() => grader.kill('SIGKILL'), 60_000); // kept up for ever: killed, and the check fails
      return new Promise<string>((resolve) =>
        grader.on('close', (_code, signal) => {
          clearTimeout(stuck);
          resolve(signal === 'SIGKILL' ? 'still running after 60 s' : stdout());
        }),
      );
    };
    expect(await run(false)).toBe('exit 0');
    // Unref'd, a process that would run for ever does not keep the grader up (else this would time out) …
    const said = await run(true);
    expect(said).toMatch(/^pid \d+ $/);
    // … and it does not outlive the grader either: it goes with the helper.
    expect(await gone(Number(said.split(' ')[1]))).toBe(true);
  });

  it('goes with the grader, and its process with it, when the grader is SIGKILLed', async (ctx) => {
    if (!(await isolationDetails()).parentDeathSignal) ctx.skip('setpriv --pdeathsig is unavailable on this machine');
    // The child as a sandbox is started: under setpriv --pdeathsig, so that it dies with the helper.
    const { tools } = await isolationDetails();
    const argv = [tools.setpriv, ...DEATH, '--', process.execPath, '-e', 'setInterval(() => {}, 1000)'];
    const script = `require('tsx/cjs/api').register();
const l = require(${JSON.stringify(path.resolve(__dirname, '../../grader/sandbox/launcher.ts'))});
l.startProcess(${JSON.stringify(argv)}, process.cwd()).then((p) => {
  process.stdout.write(l.helperPid() + ' ' + p.pid + '\\n');
  setInterval(() => {}, 1000);
});`;
    const grader = spawn(process.execPath, ['-e', script], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [helper, child] = await new Promise<number[]>((resolve) =>
      grader.stdout?.once('data', (d: Buffer) => resolve(String(d).trim().split(' ').map(Number))),
    );
    expect(alive(helper) && alive(child)).toBe(true);
    grader.kill('SIGKILL');
    expect(await gone(helper)).toBe(true);
    expect(await gone(child)).toBe(true);
  });
});
