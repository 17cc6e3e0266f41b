/**
 * Batches that stand for a check's calls one by one (BatchOptions.continueAfter, StudentModule.series): what runs,
 * what each call reports, and a later call taking what an earlier one kept (`earlier`).
 */
import { describe, expect, it } from 'vitest';
import { EarlierResult } from '../../grader/sandbox/codec';
import { CASE_FAILURES, earlier, StudentFailure, StudentModule, valueOf } from '../../grader/harness/student';
import { MATRIX_JS, sandboxForFile } from './helpers';

const files = {
  'lib/matrix.js': MATRIX_JS,
  'm/s.js': `'use strict';
let count = 0;
exports.inc = () => ++count;
exports.count = () => count;
exports.boom = () => { throw new Error('boom'); };
exports.spin = () => { for (;;) {} };
exports.forward = (x) => ({ y: 2 * x, cache: { x, back: (g) => 2 * g } });
exports.backward = (g, cache) => ({ dx: cache.back(g), x: cache.x });
exports.noCache = (x) => ({ y: x });
exports.typeOf = (v) => typeof v;
exports.echo = (v) => v;
`,
  // Reads the ids of the grader's requests as they arrive, and answers one of them with a 'done' of its own.
  'm/sniff.js': `'use strict';
const fs = require('fs');
const net = require('net');
const v8 = require('v8');
const frame = (m) => { const b = v8.serialize(m); const h = Buffer.alloc(4); h.writeUInt32BE(b.length); return Buffer.concat([h, b]); };
let lastId;
const emit = net.Socket.prototype.emit;
net.Socket.prototype.emit = function (ev, chunk) {
  if (ev === 'data' && Buffer.isBuffer(chunk)) { try { lastId = v8.deserialize(chunk.subarray(4)).id; } catch {} }
  return emit.apply(this, arguments);
};
exports.ready = () => 'listening';
exports.endEarly = () => { fs.writeSync(4, frame({ t: 'done', id: lastId })); return 'genuine'; };
`,
};
const sandbox = sandboxForFile(files, { callMs: 400, totalMs: 60_000, memoryMb: 128 });
const mod = 'm/s';
const call = (fn: string, args: unknown[] = [], keep?: string[]) => ({ module: mod, fn, args, keep });
const kinds = (outcomes: { ok: boolean; kind?: string }[]) => outcomes.map((o) => (o.ok ? 'ok' : o.kind));
const restarts = () => sandbox().events.filter((e) => e.kind === 'restart').length;

async function counted(): Promise<number> {
  const o = await sandbox().call(mod, 'count', []);
  if (!o.ok) throw new Error(o.message);
  return o.value as number;
}

describe('a batch that stops at failures (continueAfter)', () => {
  it('goes on after a kind it lists, stops at any other, and runs nothing after the stop', async () => {
    const before = await counted();
    const out = await sandbox().callMany(
      [call('inc'), call('boom'), call('inc'), call('missing'), call('inc'), call('inc')],
      { continueAfter: ['threw'] },
    );
    expect(kinds(out)).toEqual(['ok', 'threw', 'ok', 'not-a-function', 'not-a-function', 'not-a-function']);
    expect(out[5]).toEqual(out[3]);
    expect(await counted()).toBe(before + 2);
  });

  it('with no kind listed, stops at the first failure', async () => {
    const before = await counted();
    const out = await sandbox().callMany([call('inc'), call('boom'), call('inc')], { continueAfter: [] });
    expect(kinds(out)).toEqual(['ok', 'threw', 'threw']);
    expect(await counted()).toBe(before + 1);
  });

  it('without continueAfter, every call still runs', async () => {
    const before = await counted();
    const out = await sandbox().callMany([call('inc'), call('boom'), call('inc')]);
    expect(kinds(out)).toEqual(['ok', 'threw', 'ok']);
    expect(await counted()).toBe(before + 2);
  });

  it('stops at a death and does not start a new process for the rest', async () => {
    await counted(); // a live process before the batch
    const seen = restarts();
    const out = await sandbox().callMany([call('inc'), call('spin'), call('inc'), call('inc')], {
      continueAfter: ['threw'],
    });
    expect(kinds(out)).toEqual(['ok', 'timeout', 'timeout', 'timeout']);
    expect(restarts()).toBe(seen);
    // The next call starts the new process, whose count begins at zero: nothing after the loop ran in it.
    expect(await counted()).toBe(0);
  });

  it("refuses the runner's early end of a batch that did not fail", async () => {
    const sb = sandbox();
    expect(await sb.call('m/sniff', 'ready', [])).toMatchObject({ ok: true });
    const forged = () => sb.events.filter((e) => e.kind === 'forged-message').length;
    const seen = forged();
    const out = await sb.callMany([{ module: 'm/sniff', fn: 'endEarly', args: [] }, call('inc'), call('inc')], {
      continueAfter: ['threw'],
    });
    expect(kinds(out)).toEqual(['ok', 'ok', 'ok']);
    expect(out[0]).toMatchObject({ value: 'genuine' });
    expect(forged()).toBe(seen + 1);
  });
});

describe('a later call of the batch takes what an earlier one kept', () => {
  it('passes the kept cache itself, even one that could not cross the boundary', async () => {
    const out = await sandbox().callMany([
      call('forward', [3], ['cache']),
      call('backward', [5, new EarlierResult(0, 'cache')]),
    ]);
    expect(out[1]).toMatchObject({ ok: true, value: { dx: 10, x: 3 } });
  });

  it('refers by the place in the batch, also when an earlier call could not be sent', async () => {
    const out = await sandbox().callMany([
      call('echo', [() => 1]),
      call('forward', [4], ['cache']),
      call('backward', [1, new EarlierResult(1, 'cache')]),
    ]);
    expect(kinds(out)).toEqual(['unserializable', 'ok', 'ok']);
    expect(out[2]).toMatchObject({ ok: true, value: { dx: 2, x: 4 } });
  });

  it('refuses a reference to a call that failed, that keeps no such field, or that comes later', async () => {
    const out = await sandbox().callMany(
      [
        call('boom', [], ['cache']),
        call('backward', [1, new EarlierResult(0, 'cache')]),
        call('forward', [1], ['cache']),
        call('backward', [1, new EarlierResult(2, 'other')]),
        call('backward', [1, new EarlierResult(5, 'cache')]),
        call('forward', [1], ['cache']),
      ],
      { continueAfter: ['threw', 'unserializable'] },
    );
    expect(kinds(out)).toEqual(['threw', 'unserializable', 'ok', 'unserializable', 'unserializable', 'ok']);
    expect(out[1]).toMatchObject({ message: expect.stringMatching(/kept no cache/) });
    expect(out[3]).toMatchObject({ message: expect.stringMatching(/does not keep other/) });
  });

  it('stands for undefined when the earlier call returned without that field, as reading its result would', async () => {
    const out = await sandbox().callMany([
      call('noCache', [1], ['cache']),
      call('typeOf', [new EarlierResult(0, 'cache')]),
    ]);
    expect(out[1]).toMatchObject({ ok: true, value: 'undefined' });
  });

  it('is only sent inside its batch; a plain object with the same key is plain data', async () => {
    const alone = await sandbox().call(mod, 'backward', [1, new EarlierResult(0, 'cache')]);
    expect(alone).toMatchObject({ ok: false, kind: 'unserializable' });
    const plain = { $earlier: [0, 'cache'] };
    expect(await sandbox().call(mod, 'echo', [plain])).toMatchObject({ ok: true, value: plain });
  });
});

describe("StudentModule.series: a check's calls in one round trip", () => {
  it('gives each case its value or failure, and the stopping failure, with its function, to every later call', async () => {
    const m = new StudentModule(sandbox(), mod);
    const out = await m.series(
      [
        { fn: 'forward', args: [1], keep: ['cache'] },
        { fn: 'backward', args: [1, earlier(0, 'cache')] },
        { fn: 'boom', args: [] },
        { fn: 'missing', args: [] },
        { fn: 'inc', args: [] },
      ],
      CASE_FAILURES,
    );
    expect(valueOf(out[1])).toEqual({ dx: 2, x: 1 });
    expect(out[2]).toMatchObject({ kind: 'threw', fn: 'boom' });
    expect(out[3]).toBeInstanceOf(StudentFailure);
    expect(out[4]).toBe(out[3]);
    expect(out[4]).toMatchObject({ kind: 'not-a-function', fn: 'missing' });
    expect(() => valueOf(out[4])).toThrow(StudentFailure);
  });

  it('pairs each forward with its backward on that cache, and gives a failed forward its own failure', async () => {
    const m = new StudentModule(sandbox(), mod);
    const out = await m.pairs(
      [
        { fn: 'forward', args: [2] },
        { fn: 'boom', args: [] },
        { fn: 'forward', args: [3] },
      ],
      (cache, i) => ({ fn: 'backward', args: [10 * (i + 1), cache] }),
      CASE_FAILURES,
    );
    expect(out[0]).toEqual({ dx: 20, x: 2 });
    expect(out[1]).toMatchObject({ kind: 'threw', fn: 'boom' });
    expect(out[2]).toEqual({ dx: 60, x: 3 });
  });

  it('fails at once from the first call of a function that timed out before, and notes only a real time-out', async () => {
    const m = new StudentModule(sandbox(), mod);
    const first = await m.series([
      { fn: 'inc', args: [] },
      { fn: 'spin', args: [] },
      { fn: 'count', args: [] },
    ]);
    expect(first.map((x) => (x instanceof StudentFailure ? `${x.kind}:${x.fn}` : 'ok'))).toEqual([
      'ok',
      'timeout:spin',
      'timeout:spin',
    ]);
    // count was never called, so it did not time out: it runs; spin fails at once and is not run again.
    await expect(m.call('count', [])).resolves.toBe(0);
    const timeouts = sandbox().events.filter((e) => e.kind === 'timeout').length;
    const again = await m.series([
      { fn: 'inc', args: [] },
      { fn: 'spin', args: [] },
      { fn: 'inc', args: [] },
    ]);
    expect(again[0]).toBe(1);
    expect(again[1]).toMatchObject({ kind: 'timeout', fn: 'spin' });
    expect(again[2]).toBe(again[1]);
    expect(sandbox().events.filter((e) => e.kind === 'timeout').length).toBe(timeouts);
    await expect(m.call('count', [])).resolves.toBe(1);
  });
});
