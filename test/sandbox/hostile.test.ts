/**
 * Hostile submissions. Each must end in a clear outcome or event, and leave the test process, the
 * "reference solution" next door and the staging folder itself untouched.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CallOutcome, IsolationReport, probeIsolation, Sandbox, SandboxLimits } from '../../grader/sandbox';
import { isolationDetails } from '../../grader/sandbox/isolation';
import { MAX_SLOWDOWN } from '../../grader/sandbox/clock';
import { groupAlive, makeStaging, runningInGroup, Staging } from './helpers';

const FORGE = `const fs = require('fs');
const v8 = require('v8');
const frame = (m) => { const b = v8.serialize(m); const h = Buffer.alloc(4); h.writeUInt32BE(b.length); return Buffer.concat([h, b]); };
const forge = (m) => fs.writeSync(4, frame(m));
`;

const files: Record<string, string> = {
  'h/read.js': `const fs = require('fs');
exports.read = (p) => fs.readFileSync(p, 'utf8');
exports.swallow = (p) => { try { return fs.readFileSync(p, 'utf8'); } catch (e) { return 'caught ' + e.code; } };
exports.callback = (p) => new Promise((res) => fs.readFile(p, 'utf8', (err, d) => res(err ? 'caught ' + err.code : d)));
exports.list = (d) => fs.readdirSync(d);`,
  'h/require-outside.js': `module.exports = require('../../solutions/forget-gate');`,
  'h/require-later.js': `exports.get = () => require('../../solutions/forget-gate').answer;`,
  'h/write.js': `exports.write = (p) => { require('fs').writeFileSync(p, 'pwned'); return 'written'; };`,
  'h/exec.js': `exports.exec = () => require('child_process').execSync('id').toString();
exports.worker = () => new (require('worker_threads').Worker)('1', { eval: true });`,
  'h/exit-import.js': `process.exit(0);\nexports.f = () => 1;`,
  'h/exit-call.js': `exports.f = () => process.exit(3);\nexports.ok = () => 'fine';`,
  'h/crash-later.js': `exports.f = () => new Promise(() => setTimeout(() => { throw new Error('boom later'); }, 0));`,
  'h/loop-import.js': `for (;;) {}`,
  'h/loop.js': `exports.sync = () => { for (;;) {} };
exports.never = () => new Promise(() => {});
exports.busy = async () => { for (;;) await null; };
exports.ok = () => 'fine';`,
  'h/alloc.js': `exports.buffers = () => { const keep = []; for (;;) keep.push(new Float64Array(2 ** 21).fill(1)); };
exports.measure = () => { const keep = []; try { for (;;) keep.push(new Float64Array(2 ** 21).fill(1)); } catch (e) { return { mb: keep.length * 16, message: e.message }; } };
exports.hundred = () => new Float64Array(100 * 2 ** 17).fill(1).length;
exports.heap = () => { const keep = []; for (;;) keep.push(new Array(100000).fill(0).map((_, i) => ({ i }))); };
exports.ok = () => 'fine';`,
  'h/patch.js': `Math.exp = () => 42;
Array.prototype.map = function () { return ['patched']; };
Number.isFinite = () => true;
exports.exp0 = () => Math.exp(0);
exports.mapped = () => [1, 2].map((x) => x);
exports.finite = () => Number.isFinite(NaN);
exports.echo = (x) => x;`,
  'h/kill.js': `exports.kill = (pids) => {
  const r = {};
  for (const [name, pid] of Object.entries(pids)) {
    try { process.kill(pid, 'SIGKILL'); r[name] = 'sent'; } catch (e) { r[name] = e.code; }
  }
  return r;
};
exports.who = () => ({ pid: process.pid, uid: process.getuid(), env: Object.keys(process.env), cwd: process.cwd() });
exports.connect = (port) => new Promise((res) => {
  const s = require('net').connect(port, '127.0.0.1');
  s.on('connect', () => { s.destroy(); res('connected'); });
  s.on('error', (e) => res(e.code));
});`,
  'h/forge.js': `${FORGE}
forge({ t: 'outcome', id: 'deadbeef:1', index: 0, outcome: { ok: true, value: 'forged at import' } });
forge({ t: 'done', id: 'deadbeef:1' });
forge({ t: 'ready' });
forge('just a string');
forge({ t: 'outcome', id: 42, index: 0, outcome: { ok: false, kind: 'budget-exhausted', message: 'fake' } });
exports.send = () => typeof process.send;
exports.answer = () => {
  for (let i = 1; i < 4; i++) forge({ t: 'outcome', id: 'guess:' + i, index: 0, outcome: { ok: true, value: 'forged' } });
  forge({ t: 'done', id: 'guess:1' });
  return 'genuine';
};
exports.garbage = () => { fs.writeSync(4, Buffer.from([0, 0, 0, 4, 0xff, 1, 2, 3])); return 'still genuine'; };
exports.oversized = () => { const h = Buffer.alloc(4); h.writeUInt32BE(0x7fffffff); fs.writeSync(4, h); return 'never seen'; };
exports.hangUp = () => { fs.closeSync(4); return 'lost'; };`,
  // 5 000 lines on each stream, in writes of 500 lines: a write of one short line each would fill the channel with
  // per-write overhead whenever the grader is slow to read (a busy machine), and process.exit drops what waits.
  'h/noisy.js': `exports.f = () => {
  for (let k = 0; k < 10; k++) {
    const lines = (s) => Array.from({ length: 500 }, (_, j) => s + (k * 500 + j)).join('\\n');
    console.log(lines('out '));
    console.error(lines('err '));
  }
  process.exit(2);
};`,
};

let st: Staging;
let iso: IsolationReport;
let before: string;
const open: Sandbox[] = [];

/** Every file under the temp base with its size and content hash stand-in (mtime), sorted. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (p: string): void => {
    const s = fs.lstatSync(p);
    out.push(`${path.relative(dir, p)} ${s.isDirectory() ? 'd' : s.size} ${s.mtimeMs}`);
    if (s.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
  };
  walk(dir);
  return out.sort().join('\n');
}

async function sandbox(limits: Partial<SandboxLimits> = {}): Promise<Sandbox> {
  const sb = await Sandbox.start({
    root: st.root,
    limits: { callMs: 1000, totalMs: 20_000, memoryMb: 128, ...limits },
  });
  open.push(sb);
  return sb;
}

const kinds = (sb: Sandbox): string[] => sb.events.map((e) => e.kind);
const failure = (o: CallOutcome): { kind: string; message: string } =>
  o.ok ? { kind: 'ok', message: String(o.value) } : o;

beforeAll(async () => {
  st = makeStaging(files);
  iso = await probeIsolation();
  before = snapshot(path.dirname(st.root));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
  expect(snapshot(path.dirname(st.root))).toBe(before);
  expect(fs.readFileSync(st.secretFile, 'utf8')).toBe('module.exports = { answer: 42 };\n');
});
afterAll(() => st?.cleanup());

describe('file system and processes', () => {
  it('cannot read the reference solution next door, even when it swallows the error', async () => {
    const sb = await sandbox();
    expect(await sb.call('h/read', 'read', [st.secretFile])).toEqual({
      ok: false,
      kind: 'threw',
      message: 'Error [ERR_ACCESS_DENIED]: Access to this API has been restricted',
    });
    expect(await sb.call('h/read', 'swallow', [st.secretFile])).toMatchObject({
      ok: true,
      value: 'caught ERR_ACCESS_DENIED',
    });
    expect(await sb.call('h/read', 'callback', [st.secretFile])).toMatchObject({
      ok: true,
      value: 'caught ERR_ACCESS_DENIED',
    });
    expect(await sb.call('h/read', 'list', [st.secretDir])).toMatchObject({ ok: false, kind: 'threw' });
    const denied = sb.events.filter((e) => e.kind === 'access-denied');
    expect(denied).toHaveLength(4);
    expect(denied[0]).toMatchObject({ module: 'h/read', fn: 'read', detail: expect.stringContaining(st.secretFile) });
  });

  it('cannot require a module outside the root, at import or inside a call', async () => {
    const sb = await sandbox();
    const atImport = failure(await sb.call('h/require-outside', 'answer', []));
    expect(atImport.kind).toBe('load-failed');
    // The dropped user cannot even see the file, so Node may say "not found" before the permission model speaks.
    expect(atImport.message).toMatch(/ERR_ACCESS_DENIED|Cannot find module '\.\.\/\.\.\/solutions\/forget-gate'/);
    expect(failure(await sb.call('h/require-later', 'get', [])).message).toMatch(
      /ERR_ACCESS_DENIED|Cannot find module/,
    );
    const denied = sb.events.filter((e) => e.kind === 'access-denied');
    expect(denied).toHaveLength(2);
    expect(denied[0]).toMatchObject({ module: 'h/require-outside', detail: expect.stringContaining(st.secretDir) });
  });

  it('cannot write files, inside the root or outside it', async () => {
    const sb = await sandbox();
    for (const target of [
      path.join(st.root, 'h', 'planted.js'),
      path.join(st.secretDir, 'forget-gate.js'),
      path.join(path.dirname(st.root), 'x'),
    ]) {
      expect(failure(await sb.call('h/write', 'write', [target])).message).toMatch(/ERR_ACCESS_DENIED/);
    }
    expect(fs.existsSync(path.join(st.root, 'h', 'planted.js'))).toBe(false);
    expect(kinds(sb).filter((k) => k === 'access-denied')).toHaveLength(3);
  });

  it('cannot start child processes or workers', async () => {
    const sb = await sandbox();
    expect(failure(await sb.call('h/exec', 'exec', [])).message).toMatch(/ERR_ACCESS_DENIED/);
    expect(failure(await sb.call('h/exec', 'worker', [])).message).toMatch(/ERR_ACCESS_DENIED/);
    expect(kinds(sb)).toContain('access-denied');
  });

  it('runs with an empty environment, in the root, as nobody when the grader is root', async () => {
    const sb = await sandbox();
    const who = (await sb.call('h/kill', 'who', [])) as {
      ok: true;
      value: { uid: number; env: string[]; cwd: string; pid: number };
    };
    expect(who.value.env).toEqual(['MALLOC_ARENA_MAX']);
    expect(who.value.cwd).toBe(st.root);
    if (iso.dropUser) expect(who.value.uid).toBe(65534);
    if (iso.pidNamespace) expect(who.value.pid).toBe(1);
  });

  it('cannot signal the grader or anything else outside its namespace', async (ctx) => {
    if (!iso.pidNamespace)
      ctx.skip('no PID namespace on this machine: a kill(-1) would reach other processes of the sandbox user');
    const canary: ChildProcess = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const sb = await sandbox();
      const o = await sb.call('h/kill', 'kill', [{ parent: 0, grader: process.pid, canary: canary.pid, all: -1 }]);
      expect(o.ok).toBe(true);
      expect(process.kill(canary.pid as number, 0)).toBe(true);
      expect(canary.exitCode).toBeNull();
      expect(await sb.call('h/kill', 'who', [])).toMatchObject({ ok: true });
    } finally {
      canary.kill('SIGKILL');
    }
  });

  it('cannot reach the network', async (ctx) => {
    if (!iso.netNamespace) ctx.skip('no network namespace on this machine');
    let connections = 0;
    const server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const sb = await sandbox();
      const o = await sb.call('h/kill', 'connect', [(server.address() as net.AddressInfo).port]);
      expect(o.ok && o.value).not.toBe('connected');
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });
});

describe('the grader dying', () => {
  it('takes the whole sandbox tree with it, even when the grader is SIGKILLed mid-call', async (ctx) => {
    if (!(await isolationDetails()).parentDeathSignal) ctx.skip('setpriv --pdeathsig is unavailable on this machine');
    const script = `require('tsx/cjs/api').register();
const { Sandbox } = require(${JSON.stringify(path.resolve(__dirname, '../../grader/sandbox/index.ts'))});
Sandbox.start({ root: ${JSON.stringify(st.root)}, limits: { callMs: 60000 } }).then((sb) => {
  process.stdout.write(sb.pgid + '\\n');
  return sb.call('h/loop', 'sync', []);
});`;
    const grader = spawn(process.execPath, ['-e', script], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pgid = await new Promise<number>((resolve) =>
      grader.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
    );
    await new Promise((r) => setTimeout(r, 200)); // let the call start spinning
    expect(runningInGroup(pgid).length).toBeGreaterThan(0);
    grader.kill('SIGKILL');
    const t0 = Date.now();
    while (runningInGroup(pgid).length > 0 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
    expect(runningInGroup(pgid)).toEqual([]);
  });
});

describe('exits, hangs and memory', () => {
  it('reports process.exit at import, and does not retry that module', async () => {
    const sb = await sandbox();
    const o = failure(await sb.call('h/exit-import', 'f', []));
    expect(o.kind).toBe('exited');
    expect(o.message).toMatch(/process\.exit\(0\).*while loading h\/exit-import/);
    const t0 = performance.now();
    expect(failure(await sb.call('h/exit-import', 'f', [])).kind).toBe('exited');
    expect(performance.now() - t0).toBeLessThan(50);
    expect(await sb.call('h/exit-call', 'ok', [])).toMatchObject({ ok: true, value: 'fine' });
  });

  it('reports process.exit inside a call with its code, then restarts', async () => {
    const sb = await sandbox();
    expect(failure(await sb.call('h/exit-call', 'f', []))).toEqual({
      kind: 'exited',
      message: 'process.exit(3) was called',
      ok: false,
    });
    expect(await sb.call('h/exit-call', 'ok', [])).toMatchObject({ ok: true, value: 'fine' });
    expect(kinds(sb)).toEqual(expect.arrayContaining(['exit', 'restart']));
  });

  it('reports an uncaught exception thrown later from a timer', async () => {
    const sb = await sandbox();
    expect(failure(await sb.call('h/crash-later', 'f', []))).toMatchObject({
      kind: 'crashed',
      message: 'uncaught exception: Error: boom later',
    });
  });

  it('times out an infinite loop at import, and fails later calls into that module at once', async () => {
    const sb = await sandbox();
    const o = failure(await sb.call('h/loop-import', 'f', []));
    expect(o.kind).toBe('timeout');
    expect(o.message).toMatch(/while loading h\/loop-import/);
    const t0 = performance.now();
    expect(failure(await sb.call('h/loop-import', 'g', [])).kind).toBe('timeout');
    // At once: well under the call limit (1 s) another wait for it would take, even on a busy machine.
    expect(performance.now() - t0).toBeLessThan(500);
    expect(await sb.call('h/loop', 'ok', [])).toMatchObject({ ok: true, value: 'fine' });
  });

  it.each(['sync', 'never', 'busy'])('times out a %s hang inside a call and recovers', async (fn) => {
    const sb = await sandbox({ callMs: 500 });
    const pgid = sb.pgid as number;
    const t0 = performance.now();
    expect(failure(await sb.call('h/loop', fn, [])).kind).toBe('timeout');
    // On a busy machine the sandbox's clock may run up to MAX_SLOWDOWN times slower than the wall (clock.ts): the
    // call limit still ends the hang, well before the sandbox's total budget (20 s) would.
    expect(performance.now() - t0).toBeLessThan(500 * MAX_SLOWDOWN + 10_000);
    expect(groupAlive(pgid)).toBe(false);
    expect(await sb.call('h/loop', 'ok', [])).toMatchObject({ ok: true, value: 'fine' });
  });

  it('caps ArrayBuffer memory: 100 MB works, allocating on fails as out-of-memory', async (ctx) => {
    if (!iso.memoryLimit) ctx.skip('no address-space limit on this machine (prlimit or /proc unavailable)');
    // Zero-filling a few hundred MB takes seconds on a busy machine: the call's time limit is not what is tested here.
    const sb = await sandbox({ callMs: 20_000, totalMs: 50_000 });
    expect(await sb.call('h/alloc', 'hundred', [])).toMatchObject({ ok: true, value: 100 * 2 ** 17 });
    const measured = (await sb.call('h/alloc', 'measure', [])) as CallOutcome & {
      value?: { mb: number; message: string };
    };
    // Which allocation meets the cap first is V8's affair: usually the next ArrayBuffer (caught in the child, so its
    // size can be read), sometimes V8's own heap growing beside them (a fatal out-of-memory). Both are the cap.
    if (measured.ok) {
      expect(measured.value?.message).toMatch(/Array buffer allocation failed/);
      expect(measured.value?.mb).toBeGreaterThanOrEqual(96);
      // memoryMb + 64 MB headroom, plus what V8 hands back from its idle heap under pressure.
      expect(measured.value?.mb).toBeLessThanOrEqual(128 + 64 + 96);
    } else {
      expect(measured).toMatchObject({ kind: 'out-of-memory', message: expect.stringMatching(/limit 128 MB/) });
    }
    expect(failure(await sb.call('h/alloc', 'buffers', [])).kind).toBe('out-of-memory');
    // The process survived the failed allocation, and the event is still on record for the report.
    expect(sb.events.filter((e) => e.kind === 'out-of-memory').map((e) => e.fn)).toContain('buffers');
    expect(await sb.call('h/alloc', 'ok', [])).toMatchObject({ ok: true, value: 'fine' });
  });

  it('reports V8 heap exhaustion as out-of-memory and restarts', async () => {
    const sb = await sandbox({ callMs: 5000, memoryMb: 64 });
    const o = failure(await sb.call('h/alloc', 'heap', []));
    expect(o.kind).toBe('out-of-memory');
    expect(o.message).toMatch(/heap out of memory|out of memory/i);
    expect(kinds(sb)).toEqual(expect.arrayContaining(['exit', 'out-of-memory', 'stderr']));
    expect(await sb.call('h/alloc', 'ok', [])).toMatchObject({ ok: true, value: 'fine' });
  });

  it('bounds what it keeps of a flood on stdout and stderr', async () => {
    const sb = await sandbox();
    expect(failure(await sb.call('h/noisy', 'f', [])).kind).toBe('exited');
    const stderr = sb.events.find((e) => e.kind === 'stderr');
    expect(stderr?.detail.length).toBeLessThanOrEqual(4200);
    expect(stderr?.detail, JSON.stringify(stderr?.detail.slice(-300))).toMatch(
      /^err 0\nerr 1\n[^]*\n…\n[^]*err \d+\n$/,
    );
  });
});

describe('globals and the channel', () => {
  it('patching globals in the child leaves the trusted side alone', async () => {
    const sb = await sandbox();
    expect(await sb.call('h/patch', 'exp0', [])).toMatchObject({ ok: true, value: 42 });
    expect(await sb.call('h/patch', 'mapped', [])).toMatchObject({ ok: true, value: ['patched'] });
    expect(await sb.call('h/patch', 'finite', [])).toMatchObject({ ok: true, value: true });
    expect(await sb.call('h/patch', 'echo', [[1, [2, 3], { a: [4] }]])).toMatchObject({
      ok: true,
      value: [1, [2, 3], { a: [4] }],
    });
    expect(Math.exp(0)).toBe(1);
    expect([1, 2].map((x) => x * 2)).toEqual([2, 4]);
    expect(Number.isFinite(NaN)).toBe(false);
  });

  it('ignores and records forged messages at import and during a call; the genuine answer wins', async () => {
    const sb = await sandbox();
    expect(await sb.call('h/forge', 'send', [])).toMatchObject({ ok: true, value: 'undefined' });
    const forgedAtImport = sb.events.filter((e) => e.kind === 'forged-message').length;
    expect(forgedAtImport).toBe(5);
    expect(await sb.call('h/forge', 'answer', [])).toMatchObject({ ok: true, value: 'genuine' });
    expect(sb.events.filter((e) => e.kind === 'forged-message').length).toBe(forgedAtImport + 4);
    expect(await sb.call('h/forge', 'garbage', [])).toMatchObject({ ok: true, value: 'still genuine' });
    expect(sb.events.some((e) => e.kind === 'forged-message' && /undecodable/.test(e.detail))).toBe(true);
  });

  it('kills a process that announces an oversized message, without buffering it', async () => {
    const sb = await sandbox();
    const o = failure(await sb.call('h/forge', 'oversized', []));
    expect(o).toMatchObject({ kind: 'crashed', message: expect.stringMatching(/oversized message/) });
    expect(await sb.call('h/loop', 'ok', [])).toMatchObject({ ok: true, value: 'fine' });
  });

  it('reports a child that closes its answer channel', async () => {
    const sb = await sandbox();
    expect(failure(await sb.call('h/forge', 'hangUp', [])).kind).toBe('crashed');
  });
});
