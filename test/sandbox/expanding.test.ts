/**
 * Values that are small on the wire and huge as a tree: shared references are counted at every use,
 * so a 200-byte answer that would expand to billions of nodes is refused, with the bound and by how
 * much, before the trusted side builds anything from it.
 */
import * as v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeValue, Sandbox, TransportError } from '../../grader/sandbox';
import { expandedUnits } from '../../grader/sandbox/expanded-size';
import { MAX_RESULT_UNITS } from '../../grader/sandbox/types';
import { makeStaging, Staging } from './helpers';

const wire = (v: unknown): unknown => v8.deserialize(v8.serialize(v));

/** `levels` levels of [a, a]: 2^(levels+1) − 1 nodes as a tree (a full binary tree), a few bytes as a graph. */
function doubling(levels: number): unknown {
  let a: unknown = 0;
  for (let i = 0; i < levels; i++) a = [a, a];
  return a;
}

describe('measuring a returned value', () => {
  it('counts a shared reference at every use, as a tree walk would', () => {
    const leaf = [1, 2, 3]; // 1 array + 3 numbers = 4 nodes
    expect(expandedUnits({ a: leaf, b: leaf })).toBe(1 + 4 + 4);
    // A full binary tree of depth 10: 2^11 − 1 nodes.
    expect(expandedUnits(wire(doubling(10)))).toBe(2 ** 11 - 1);
  });

  it('counts typed-array data by size, so one big buffer shared many times is not free', () => {
    const big = new Float64Array(1 << 20); // 8 MB: 1 + 2^20 units
    expect(expandedUnits([big, big])).toBe(1 + 2 * (1 + 2 ** 20));
  });

  it('refuses a 200-byte value that expands to billions of nodes, naming the bound and by how much', () => {
    const value = wire(doubling(40));
    expect(v8.serialize(doubling(40)).length).toBeLessThan(300);
    let err: unknown;
    try {
      decodeValue(value);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransportError);
    const message = (err as Error).message;
    expect(message).toContain(`the limit is ${MAX_RESULT_UNITS.toLocaleString('en-US')}`);
    // 2^41 − 1 nodes, as the closed form of a full binary tree says.
    expect(message).toContain(`expands to ${(2 ** 41 - 1).toLocaleString('en-US')} values`);
    expect(message).toMatch(/× over\)$/);
  });

  it('still decodes an honest value with shared parts below the bound', () => {
    const row = new Float64Array([1, 2, 3]);
    const back = decodeValue(wire({ a: row, b: row, m: { $matrix: [1, 3], data: row } })) as {
      a: Float64Array;
      b: Float64Array;
    };
    expect(Array.from(back.a)).toEqual([1, 2, 3]);
    expect(Array.from(back.b)).toEqual([1, 2, 3]);
  });

  it('refuses nesting deeper than the depth bound while measuring', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { d: deep };
    expect(() => decodeValue(wire(deep))).toThrow(/nesting deeper than 64/);
  });
});

describe('through a real sandbox', () => {
  let st: Staging;
  let sb: Sandbox;
  beforeAll(async () => {
    st = makeStaging({
      'x.js': `exports.expand = () => { let a = [0]; for (let i = 0; i < 30; i++) a = [a, a, a]; return a; };
exports.shared = () => { const big = new Float64Array(1 << 20); return Array.from({ length: 200 }, () => big); };
exports.ok = () => [1, 2, 3];`,
    });
    sb = await Sandbox.start({ root: st.root, limits: { callMs: 5000, totalMs: 60_000, memoryMb: 256 } });
  }, 300_000);
  afterAll(async () => {
    await sb?.close();
    st?.cleanup();
  });

  it('turns an expanding answer into an error of that call, and the next call works', async () => {
    const r = await sb.call('x', 'expand', []);
    expect(r).toMatchObject({ ok: false, kind: 'unserializable' });
    // size(L) = 1 + 3·size(L−1), size(0) = 2 (the array [0]): 2·3^30 + (3^30 − 1)/2 nodes.
    const nodes = 2 * 3 ** 30 + (3 ** 30 - 1) / 2;
    expect(r.ok ? '' : r.message).toContain(
      `expands to ${nodes.toLocaleString('en-US')} values when shared parts are counted at each use; the limit is 8,000,000`,
    );
    const shared = await sb.call('x', 'shared', []);
    expect(shared).toMatchObject({ ok: false, kind: 'unserializable' });
    expect(shared.ok ? '' : shared.message).toMatch(/the limit is 8,000,000 \(\d+(\.\d)?× over\)/);
    expect(await sb.call('x', 'ok', [])).toMatchObject({ ok: true, value: [1, 2, 3] });
  }, 300_000);
});
