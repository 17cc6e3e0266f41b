/**
 * `watch` in a real terminal: run under a pseudo-terminal (util-linux `script`), where stdout is a TTY as in a
 * student's shell. It must show the first result, a re-check after a save, and end on Ctrl-C (a 0x03 byte typed
 * into the terminal, which the terminal turns into SIGINT for the whole foreground process group) with no process
 * of its own left behind: not the CLI, not Vitest, not the sandbox, not esbuild.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { linkedKit, SOLVED_02 } from '../release/helpers';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** The kit's launcher, as release writes it: the student CLI through tsx. */
const LAUNCHER = `'use strict';
require('tsx/cjs/api').register();
require(${JSON.stringify(path.join(PACKAGE_ROOT, 'grader', 'student', 'cli.ts'))}).main(process.argv).then((code) => { process.exitCode = code; });
`;

/** Every process whose parent chain leads to `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, ppid] of parent) {
      if (ppid !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

const alive = (pid: number) =>
  existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

describe.runIf(hasScript && process.platform === 'linux')('gatelab watch under a pseudo-terminal', () => {
  let term: ChildProcessWithoutNullStreams | undefined;
  afterAll(() => {
    if (term?.pid && term.exitCode === null) process.kill(term.pid, 'SIGKILL');
  });

  it('shows the first result, re-checks after a save, and Ctrl-C leaves nothing running', async () => {
    const kit = linkedKit();
    mkdirSync(path.join(kit, 'bin'));
    writeFileSync(path.join(kit, 'bin', 'gatelab.js'), LAUNCHER);
    // exec: the shell `script` starts must not stay between the terminal and node (it would die of the Ctrl-C itself).
    const command = `exec node bin/gatelab.js watch 02 --lang en --kit ${kit}`;
    term = spawn('script', ['-q', '-f', '-e', '-E', 'never', '-c', command, '/dev/null'], {
      cwd: kit,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm' },
    });
    let screen = '';
    term.stdout.on('data', (chunk: Buffer) => void (screen += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => term?.on('exit', (code) => resolve(code)));
    const waitFor = async (text: string, from = 0) => {
      const deadline = Date.now() + 90_000;
      while (!screen.includes(text, from)) {
        if (term?.exitCode !== null) throw new Error(`watch ended before "${text}":\n${screen}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" on the terminal after 90 s:\n${screen}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return screen.indexOf(text, from);
    };

    // The first result, written while Vitest is up (what a terminal used to swallow).
    const first = await waitFor('checked in');
    expect(screen).toContain('\x1b[2J'); // a terminal: the screen is cleared before each result
    expect(screen.slice(0, first)).toContain('forgetGateForward is not implemented yet');
    expect(screen.slice(0, first)).toMatch(/✗ 02-forget-gate\s+0\/\d+/);

    // A save: the exercise is checked again and the screen says so.
    copyFileSync(SOLVED_02, path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts'));
    const again = await waitFor('All public checks pass', first);
    expect(screen.slice(first, again)).toMatch(/✓ 02-forget-gate\s+(\d+)\/\1/);

    // Ctrl-C, typed into the terminal.
    await waitFor('checked in', again);
    const ours = descendants(term.pid as number);
    expect(ours.length).toBeGreaterThan(1);
    term.stdin.write('\x03');
    expect(await exited).toBe(0);
    expect(screen).toContain('Stopped watching');
    await new Promise((r) => setTimeout(r, 500));
    expect(ours.filter(alive)).toEqual([]);
  });
});
