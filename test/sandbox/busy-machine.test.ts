/**
 * Time limits on a busy machine (grader/sandbox/clock.ts): the sandbox shares one CPU with three endless loops, so
 * its code gets about a quarter of the CPU. A call that needs less CPU than its limit finishes although its wall
 * time is longer than the limit; a call that needs more still times out, within the clock's slowest pace; a sleep
 * counts as time, on a busy machine or not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SLOWDOWN } from '../../grader/sandbox/clock';
import { Sandbox } from '../../grader/sandbox';
import { makeStaging, runningInGroup, Staging } from './helpers';

const MODULE = '02-forget-gate/forget-gate';
const CALL_MS = 1000;
const LIMITS = { callMs: CALL_MS, totalMs: 60_000, memoryMb: 128 };

const files = {
  [`${MODULE}.js`]: `'use strict';
// Busy until this process has used ms of CPU time itself, however long that takes on the wall clock.
exports.spin = (ms) => { const t0 = process.cpuUsage(); for (;;) { const u = process.cpuUsage(t0); if ((u.user + u.system) / 1000 >= ms) return ms; } };
exports.sleep = (ms) => new Promise((r) => setTimeout(() => r(ms), ms));
`,
};

let st: Staging;
let sb: Sandbox;
const hogs: ChildProcess[] = [];

/** Pins every thread of every process in the sandbox's group to CPU 0. */
function pinSandbox(): void {
  const pgid = sb.pgid;
  if (pgid === null) throw new Error('the sandbox is not running');
  for (const pid of runningInGroup(pgid))
    spawnSync('taskset', ['-a', '-p', '-c', '0', String(pid)], { stdio: 'ignore' });
}

/**
 * An endless loop on CPU 0, once it is looping: starting Node takes a while on a busy machine, and a call timed
 * before the loops run would have the CPU to itself. Each loop is a session of its own (detached): where the kernel
 * shares a CPU between sessions first (sched_autogroup, on by default on Debian), three loops in the test's session
 * would together get only as much as the sandbox's session, and the sandbox half the CPU instead of a quarter.
 * Detached, a loop would outlive a test run killed before its afterAll: each ends by itself after 5 minutes.
 */
async function hog(): Promise<void> {
  const p = spawn(
    'taskset',
    [
      '-c',
      '0',
      process.execPath,
      '-e',
      "process.stdout.write('looping'); const end = Date.now() + 300000; while (Date.now() < end) {}",
    ],
    { stdio: ['ignore', 'pipe', 'ignore'], detached: true },
  );
  hogs.push(p);
  await new Promise<void>((resolve, reject) => {
    p.stdout?.once('data', () => resolve());
    p.once('exit', () => reject(new Error('a CPU loop ended before it started looping')));
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await work();
  return { result, ms: performance.now() - t0 };
}

const linux = process.platform === 'linux' && spawnSync('taskset', ['-V']).status === 0;

describe.skipIf(!linux)('time limits on a busy machine', () => {
  beforeAll(async () => {
    st = makeStaging(files);
    sb = await Sandbox.start({ root: st.root, limits: LIMITS });
    // Load the module first, so the calls below time the functions alone.
    await sb.call(MODULE, 'sleep', [1]);
  });
  afterAll(async () => {
    for (const hog of hogs) hog.kill('SIGKILL');
    await sb?.close();
    st?.cleanup();
  });

  it('a sleep counts as time: a 20 s sleep under a 1 s limit times out', async () => {
    const { result, ms } = await timed(() => sb.call(MODULE, 'sleep', [20_000]));
    expect(result).toMatchObject({ ok: false, kind: 'timeout' });
    // Cut short by the limit, not ended by the sleep (however slow the machine, the limit comes first by far).
    expect(ms).toBeLessThan(20_000);
    // The process was killed: the next call starts it again.
    expect(await sb.call(MODULE, 'sleep', [1])).toMatchObject({ ok: true, value: 1 });
  });

  it('sharing its CPU with three loops, a call that needs 0.5 s of CPU finishes under a 1 s limit', async () => {
    await Promise.all([hog(), hog(), hog()]);
    pinSandbox();
    const { result, ms } = await timed(() => sb.call(MODULE, 'spin', [500]));
    expect(result).toMatchObject({ ok: true, value: 500 });
    // The machine was busy indeed: the call took longer on the wall clock than its limit.
    expect(ms).toBeGreaterThan(CALL_MS);
  });

  it('on the same busy CPU, a call that needs 30 s of CPU still times out, within the slowest pace', async () => {
    pinSandbox();
    const { result, ms } = await timed(() => sb.call(MODULE, 'spin', [30_000]));
    expect(result).toMatchObject({ ok: false, kind: 'timeout' });
    // The clock's slowest pace, plus time for the grader's side to notice and stop it on a busy machine.
    expect(ms).toBeLessThan(CALL_MS * MAX_SLOWDOWN + 5000);
  });
});
