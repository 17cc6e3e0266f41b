/**
 * The sandbox as an honest grader uses it: values crossing both ways, handles, batches, failures of
 * ordinary student code, restarts and the budget, closing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallOutcome, probeIsolation, Sandbox } from '../../grader/sandbox';
import { groupAlive, makeStaging, Staging } from './helpers';

const GATE = '02-forget-gate/forget-gate';
const LIMITS = { callMs: 1000, totalMs: 20_000, memoryMb: 128 };

const files = {
  [`${GATE}.js`]: `'use strict';
const { Matrix } = require('../lib/matrix');
exports.add = (a, b) => a + b;
exports.echo = (x) => x;
exports.scale = (m, k) => m.map((x) => x * k);
exports.isMatrix = (m) => m instanceof Matrix && m.get(0, 1);
exports.specials = () => ({ list: [0 / 0, 1 / 0, -1 / 0, -0], m: new Matrix(1, 3, new Float64Array([NaN, Infinity, -Infinity])) });
exports.forward = (x) => ({ h: x * 2, cache: { x, at: new Date(0), backwardOf: (g) => g * 2 } });
exports.backward = (g, cache) => cache.backwardOf(g) + cache.x;
exports.fail = () => { throw new TypeError('shapes do not match\\nsecond line'); };
exports.failRaw = () => { throw 42; };
exports.later = async (x) => { await new Promise((r) => setTimeout(r, 10)); return x + 1; };
exports.loop = () => { for (;;) {} };
exports.notFn = 7;
exports.scaleInPlace = (m) => { m.data[0] *= 2; return m.data[0]; };
exports.scaleCopy = (m) => m.data[0] * 2;
exports.perturbed = (p, k) => { const s = p.w.data[0] + p.w.data[1] + k; p.w.data[0] = 1e9; return { sum: s, extra: () => 1 }; };
`,
  'shapes.js': `'use strict';
exports.nested = () => [[1, 2], [3]];
exports.badMatrix = () => ({ rows: 3, cols: 3, data: new Float64Array(2) });
exports.arrayData = () => ({ rows: 1, cols: 2, data: [1, 2] });
exports.lookalike = () => ({ $matrix: 'fake', $handle: 'no' });
exports.nothing = () => undefined;
exports.big = () => 2n ** 70n;
exports.getter = () => ({ get x() { throw new Error('gotcha'); } });
exports.fn = () => ({ f() {} });
exports.sym = () => [Symbol('s')];
exports.cycle = () => { const a = { b: {} }; a.b.a = a; return a; };
exports.deep = () => { let d = 0; for (let i = 0; i < 100; i++) d = [d]; return d; };
exports.promiseInside = () => ({ p: Promise.resolve(1) });
`,
  'broken.js': `exports.x = ;`,
};

let st: Staging;
let sb: Sandbox;

beforeAll(async () => {
  st = makeStaging(files);
  sb = await Sandbox.start({ root: st.root, limits: LIMITS });
});
afterAll(async () => {
  await sb?.close();
  st?.cleanup();
});

function value(o: CallOutcome): unknown {
  if (!o.ok) throw new Error(`expected success, got ${o.kind}: ${o.message}`);
  return o.value;
}

describe('values across the boundary', () => {
  it('calls a function and measures it', async () => {
    const o = await sb.call(GATE, 'add', [2, 3]);
    expect(o).toMatchObject({ ok: true, value: 5 });
    expect(o.ok && o.ms).toBeGreaterThanOrEqual(0);
  });

  it('rebuilds matrices as lib/matrix Matrix instances inside, and decodes them as plain data', async () => {
    const m = { rows: 1, cols: 2, data: new Float64Array([1, 2]) };
    expect(value(await sb.call(GATE, 'isMatrix', [m]))).toBe(2);
    expect(value(await sb.call(GATE, 'scale', [m, 3]))).toEqual({ rows: 1, cols: 2, data: new Float64Array([3, 6]) });
  });

  it('round-trips NaN, ±Infinity and -0 both ways, in matrices and plain arrays', async () => {
    const special = [NaN, Infinity, -Infinity, -0];
    const sent = { list: special, m: { rows: 2, cols: 2, data: new Float64Array(special) } };
    const back = value(await sb.call(GATE, 'echo', [sent])) as typeof sent;
    special.forEach((x, i) => {
      expect(Object.is(back.list[i], x)).toBe(true);
      expect(Object.is(back.m.data[i], x)).toBe(true);
    });
    const made = value(await sb.call(GATE, 'specials', [])) as { list: number[]; m: { data: Float64Array } };
    expect(made.list.map(String)).toEqual(['NaN', 'Infinity', '-Infinity', '0']);
    expect(Object.is(made.list[3], -0)).toBe(true);
    expect([...made.m.data].map(String)).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  it('carries large matrices both ways (frames split across many pipe reads)', async () => {
    const data = Float64Array.from({ length: 1000 * 1000 }, (_, i) => (i % 7 === 0 ? NaN : i / 3));
    const back = value(await sb.call(GATE, 'scale', [{ rows: 1000, cols: 1000, data }, 2])) as { data: Float64Array };
    expect(back.data.length).toBe(data.length);
    expect(back.data.every((x, i) => (Number.isNaN(data[i]) ? Number.isNaN(x) : x === data[i] * 2))).toBe(true);
  });

  it('decodes wrong shapes faithfully, as data for the grader to judge', async () => {
    expect(value(await sb.call('shapes', 'nested', []))).toEqual([[1, 2], [3]]);
    expect(value(await sb.call('shapes', 'badMatrix', []))).toEqual({ rows: 3, cols: 3, data: new Float64Array(2) });
    expect(value(await sb.call('shapes', 'arrayData', []))).toEqual({ rows: 1, cols: 2, data: [1, 2] });
    expect(value(await sb.call('shapes', 'lookalike', []))).toEqual({ $matrix: 'fake', $handle: 'no' });
    expect(await sb.call('shapes', 'nothing', [])).toMatchObject({ ok: true, value: undefined });
    expect(value(await sb.call('shapes', 'big', []))).toBe(2n ** 70n);
  });

  it.each([
    ['getter', /gotcha/],
    ['fn', /function at result\.f/],
    ['sym', /symbol at result\[0\]/],
    ['cycle', /cycle at result\.b\.a/],
    ['deep', /nesting deeper than 64/],
    ['promiseInside', /Promise at result\.p/],
  ])('reports a result that cannot cross (%s) as unserializable', async (fn, why) => {
    const o = await sb.call('shapes', fn, []);
    expect(o).toMatchObject({ ok: false, kind: 'unserializable' });
    expect(!o.ok && o.message).toMatch(why);
  });

  it('refuses trusted arguments that cannot cross, without a round trip', async () => {
    const o = await sb.call(GATE, 'echo', [() => 1]);
    expect(o).toMatchObject({ ok: false, kind: 'unserializable' });
  });

  it('keeps named fields in the sandbox as handles and hands the original back', async () => {
    const fwd = value(await sb.call(GATE, 'forward', [5], { keep: ['cache'] })) as {
      h: number;
      cache: { $handle: number };
    };
    expect(fwd.h).toBe(10);
    expect(Object.keys(fwd.cache)).toEqual(['$handle']);
    expect(value(await sb.call(GATE, 'backward', [1, fwd.cache]))).toBe(7);
    // Without keep, the same result cannot cross (it holds a function).
    expect(await sb.call(GATE, 'forward', [5])).toMatchObject({ ok: false, kind: 'unserializable' });
    expect(await sb.call(GATE, 'backward', [1, { $handle: 99_999 }])).toMatchObject({
      ok: false,
      kind: 'unserializable',
    });
  });

  it('with only, sends back just the named fields and never reads the others', async () => {
    // The cache holds a function: sent back, the result could not cross; left behind, it is not looked at.
    const outcomes = await sb.callMany([
      { module: GATE, fn: 'forward', args: [5], only: ['h'] },
      { module: GATE, fn: 'forward', args: [6], only: ['h', 'absent'] },
      { module: GATE, fn: 'add', args: [1, 2], only: ['h'] },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value : o.kind))).toEqual([{ h: 10 }, { h: 12 }, 3]);
    expect(await sb.call(GATE, 'forward', [5], { only: [''] })).toMatchObject({ ok: false, kind: 'unserializable' });
    expect(await sb.call(GATE, 'forward', [5], { only: 'h' as unknown as string[] })).toMatchObject({
      ok: false,
      kind: 'unserializable',
    });
  });

  it('perturb runs every finite-difference variant of one call in one round trip, in order', async () => {
    const m = { rows: 1, cols: 2, data: Float64Array.from([3, 4]) };
    const o = await sb.perturb({
      module: GATE,
      fn: 'perturbed',
      args: [{ w: m }, 10],
      leaves: [[0, 'w']],
      h: 0.5,
      only: ['sum'],
    });
    // Each variant sees fresh arguments with one element moved by ±h; `perturbed` writes into its input, which must
    // not leak into the next variant, and its `extra` field stays in the sandbox.
    expect(value(o)).toEqual([
      { ok: true, value: { sum: 3.5 + 4 + 10 }, ms: 0 },
      { ok: true, value: { sum: 2.5 + 4 + 10 }, ms: 0 },
      { ok: true, value: { sum: 3 + 4.5 + 10 }, ms: 0 },
      { ok: true, value: { sum: 3 + 3.5 + 10 }, ms: 0 },
    ]);
    const thrown = value(await sb.perturb({ module: GATE, fn: 'fail', args: [m], leaves: [[0]], h: 1, only: ['x'] }));
    expect((thrown as CallOutcome[]).map((x) => x.ok || x.kind)).toEqual(['threw', 'threw', 'threw', 'threw']);
  });

  it('perturb refuses leaves that are not matrices of the arguments, without a round trip', async () => {
    const m = { rows: 1, cols: 1, data: Float64Array.from([1]) };
    for (const leaves of [[[1]], [[0, 'nope']], [['__proto__']], 'x' as unknown as string[][]]) {
      expect(
        await sb.perturb({ module: GATE, fn: 'perturbed', args: [{ w: m }, 1], leaves, h: 1, only: [] }),
      ).toMatchObject({
        ok: false,
        kind: 'unserializable',
      });
    }
    expect(
      await sb.perturb({ module: GATE, fn: 'perturbed', args: [{ w: m }, 1], leaves: [[0, 'w']], h: 0, only: [] }),
    ).toMatchObject({
      ok: false,
      kind: 'unserializable',
    });
  });

  it('perturb gives the whole batch one time limit per variant, and a loop fails it as a timeout', async () => {
    const m = { rows: 1, cols: 2, data: Float64Array.from([1, 2]) };
    const o = await sb.perturb({ module: GATE, fn: 'loop', args: [m], leaves: [[0]], h: 1, only: [] });
    expect(o).toMatchObject({ ok: false, kind: 'timeout', message: expect.stringContaining('the 4 calls') });
  });

  it('with returnArgs, sends back the arguments as the call left them', async () => {
    const m = { rows: 1, cols: 2, data: Float64Array.from([3, 4]) };
    const changed = value(await sb.call(GATE, 'scaleInPlace', [m], { returnArgs: true })) as {
      $result: number;
      $args: { data: Float64Array }[];
    };
    expect(changed.$result).toBe(6);
    expect(Array.from(changed.$args[0].data)).toEqual([6, 4]);
    const kept = value(await sb.call(GATE, 'scaleCopy', [m], { returnArgs: true })) as {
      $result: number;
      $args: { data: Float64Array }[];
    };
    expect(Array.from(kept.$args[0].data)).toEqual([3, 4]);
    // The caller's own matrix never changes: it was copied across the boundary.
    expect(Array.from(m.data)).toEqual([3, 4]);
  });

  it('awaits async functions', async () => {
    expect(value(await sb.call(GATE, 'later', [1]))).toBe(2);
  });
});

describe('ordinary failures', () => {
  it('reports a throw with the error name and first line only', async () => {
    // The place of the throw in the submission comes first (mapped to the student's line by grader/grade/source-lines.ts).
    expect(await sb.call(GATE, 'fail', [])).toEqual({
      ok: false,
      kind: 'threw',
      message: expect.stringMatching(/^@02-forget-gate\/forget-gate\.js:\d+:\d+ TypeError: shapes do not match$/),
    });
    expect(await sb.call(GATE, 'failRaw', [])).toEqual({
      ok: false,
      kind: 'threw',
      message: 'a non-Error value was thrown: 42',
    });
  });

  it('tells missing modules, load failures and missing functions apart', async () => {
    expect(await sb.call('05-gru/gru', 'step', [])).toMatchObject({ ok: false, kind: 'missing-module' });
    expect(await sb.call('../outside', 'step', [])).toMatchObject({ ok: false, kind: 'missing-module' });
    const broken = await sb.call('broken', 'x', []);
    expect(broken).toMatchObject({ ok: false, kind: 'load-failed' });
    expect(!broken.ok && broken.message).toMatch(/SyntaxError/);
    expect(await sb.call(GATE, 'missing', [])).toMatchObject({ ok: false, kind: 'not-a-function' });
    expect(await sb.call(GATE, 'toString', [])).toMatchObject({ ok: false, kind: 'not-a-function' });
    expect(await sb.call(GATE, 'notFn', [])).toMatchObject({
      ok: false,
      kind: 'not-a-function',
      message: expect.stringMatching(/number/),
    });
  });

  it('lists exports', async () => {
    const ex = await sb.exports(GATE);
    expect(ex.ok && ex.names).toContain('notFn');
    expect(ex.ok && ex.functions).toContain('forward');
    expect(ex.ok && ex.functions).not.toContain('notFn');
    expect(await sb.exports('broken')).toMatchObject({ ok: false, kind: 'load-failed' });
  });
});

describe('batches, restarts, budget, closing', () => {
  it('answers a batch with one outcome per call, restarting after a call that hangs', async () => {
    const outcomes = await sb.callMany([
      { module: GATE, fn: 'add', args: [1, 1] },
      { module: GATE, fn: 'fail', args: [] },
      { module: GATE, fn: 'loop', args: [] },
      { module: GATE, fn: 'add', args: [2, 2] },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value : o.kind))).toEqual([2, 'threw', 'timeout', 4]);
    expect(sb.events.some((e) => e.kind === 'timeout' && e.fn === 'loop')).toBe(true);
    expect(sb.events.some((e) => e.kind === 'restart')).toBe(true);
  });

  it('restarts lazily after a timeout; handles from the old process are refused', async () => {
    const fwd = value(await sb.call(GATE, 'forward', [1], { keep: ['cache'] })) as { cache: object };
    const pgid = sb.pgid as number;
    expect(await sb.call(GATE, 'loop', [])).toMatchObject({ ok: false, kind: 'timeout' });
    expect(sb.pgid).toBeNull();
    expect(groupAlive(pgid)).toBe(false);
    expect(value(await sb.call(GATE, 'add', [1, 2]))).toBe(3);
    const stale = await sb.call(GATE, 'backward', [1, fwd.cache]);
    expect(stale).toMatchObject({
      ok: false,
      kind: 'unserializable',
      message: expect.stringMatching(/earlier sandbox process/),
    });
  });

  it('stops at the total budget and then answers at once', async () => {
    const small = await Sandbox.start({ root: st.root, limits: { callMs: 600, totalMs: 2000, memoryMb: 128 } });
    try {
      const kinds: string[] = [];
      while (kinds.length < 6 && kinds[kinds.length - 1] !== 'budget-exhausted') {
        const o = await small.call(GATE, 'loop', []);
        kinds.push(o.ok ? 'ok' : o.kind);
      }
      expect(kinds[0]).toBe('timeout');
      expect(kinds[kinds.length - 1]).toBe('budget-exhausted');
      expect(kinds.every((k) => k === 'timeout' || k === 'budget-exhausted')).toBe(true);
      const t0 = performance.now();
      expect(await small.call(GATE, 'add', [1, 1])).toMatchObject({ ok: false, kind: 'budget-exhausted' });
      expect(performance.now() - t0).toBeLessThan(50);
      expect(small.budgetUsedMs).toBeLessThan(2000 + 300);
      expect(small.pgid).toBeNull();
    } finally {
      await small.close();
    }
  });

  it('gives each exercise sharing a sandbox a budget of its own', async () => {
    const shared = await Sandbox.start({ root: st.root, limits: { callMs: 600, totalMs: 1500, memoryMb: 128 } });
    try {
      shared.budgetFrom('01-first');
      let last = '';
      for (let i = 0; i < 6 && last !== 'budget-exhausted'; i++) {
        const o = await shared.call(GATE, 'loop', []);
        last = o.ok ? 'ok' : o.kind;
      }
      expect(last).toBe('budget-exhausted');
      shared.budgetFrom('01-first'); // the same exercise again: still used up
      expect(await shared.call(GATE, 'add', [1, 1])).toMatchObject({ ok: false, kind: 'budget-exhausted' });
      shared.budgetFrom('02-second'); // the next exercise starts afresh
      expect(value(await shared.call(GATE, 'add', [1, 1]))).toBe(2);
      expect(shared.budgetUsedMs).toBeLessThan(1500);
    } finally {
      await shared.close();
    }
  });

  it('starts quickly, and close() leaves no process behind; it is idempotent', async () => {
    const iso = await probeIsolation();
    const t0 = performance.now();
    const other = await Sandbox.start({ root: st.root, limits: LIMITS });
    const startMs = performance.now() - t0;
    expect(value(await other.call(GATE, 'add', [1, 1]))).toBe(2);
    const pgid = other.pgid as number;
    expect(groupAlive(pgid)).toBe(true);
    const rt: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      await other.call(GATE, 'add', [i, 1]);
      rt.push(performance.now() - t);
    }
    rt.sort((a, b) => a - b);
    await Promise.all([other.close(), other.close()]);
    await other.close();
    expect(groupAlive(pgid)).toBe(false);
    expect(await other.call(GATE, 'add', [1, 1])).toMatchObject({ ok: false, kind: 'crashed' });
    console.info(
      `sandbox start ${startMs.toFixed(0)} ms (spawn to ready ${other.startupMs.toFixed(0)} ms), ` +
        `call round trip median ${rt[50].toFixed(2)} ms, p95 ${rt[95].toFixed(2)} ms, isolation ${JSON.stringify(iso)}`,
    );
    expect(startMs).toBeLessThan(1500);
  });
});
