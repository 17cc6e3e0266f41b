import * as v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, TransportError } from '../../grader/sandbox';
import { encodeFrame, FrameReader } from '../../grader/sandbox/frames';

/** What crossing the wire does to a value: v8 structured clone. */
const wire = (v: unknown): unknown => v8.deserialize(v8.serialize(v));

describe('encodeValue / decodeValue', () => {
  it('keeps NaN, ±Infinity and -0 in plain arrays, typed arrays and matrices', () => {
    const special = [NaN, Infinity, -Infinity, -0, 1.5];
    const m = { rows: 1, cols: 5, data: new Float64Array(special) };
    const back = decodeValue(wire(encodeValue({ list: special, m, f32: new Float32Array([NaN]) }))) as {
      list: number[];
      m: { rows: number; cols: number; data: Float64Array };
      f32: Float32Array;
    };
    special.forEach((x, i) => expect(Object.is(back.list[i], x)).toBe(true));
    expect(back.m.rows).toBe(1);
    expect(back.m.cols).toBe(5);
    special.forEach((x, i) => expect(Object.is(back.m.data[i], x)).toBe(true));
    expect(Number.isNaN(back.f32[0])).toBe(true);
  });

  it('sends a Matrix-shaped object as a $matrix tag', () => {
    const data = new Float64Array([1, 2, 3, 4]);
    expect(encodeValue({ rows: 2, cols: 2, data })).toEqual({ $matrix: [2, 2], data });
  });

  it('decodes matrices into fresh, unaliased data and reports the shape as sent', () => {
    const big = new Float64Array([9, 9, 1, 2, 3]);
    const view = new Float64Array(big.buffer, 16, 3);
    const m = decodeValue({ $matrix: [2, 2], data: view }) as { rows: number; cols: number; data: Float64Array };
    expect(m).toEqual({ rows: 2, cols: 2, data: new Float64Array([1, 2, 3]) });
    expect(m.data.buffer.byteLength).toBe(24);
    expect(m.data.byteOffset).toBe(0);
  });

  it('escapes plain objects that look like transport tags, both ways', () => {
    const tricky = { $matrix: 'not really', $handle: 3 };
    const sent = encodeValue(tricky);
    expect(sent).toEqual({ $plain: tricky });
    expect(decodeValue(wire(sent))).toEqual(tricky);
  });

  it('keeps a "__proto__" key as data instead of changing the prototype', () => {
    const hostile = wire(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')) as object;
    const out = decodeValue(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('passes handles through, translating them when asked', () => {
    expect(encodeValue([{ $handle: 4 }], { handle: (n) => ({ $handle: n + 100 }) })).toEqual([{ $handle: 104 }]);
    const decoded = decodeValue({ cache: { $handle: 7 } }) as { cache: { $handle: number } };
    expect(decoded.cache).toEqual({ $handle: 7 });
    expect(Object.isFrozen(decoded.cache)).toBe(true);
  });

  it('refuses functions, symbols, cycles, class instances and excessive nesting, with the path', () => {
    expect(() => encodeValue({ f: () => 1 })).toThrow(/function at value\.f/);
    expect(() => encodeValue([Symbol('s')])).toThrow(/symbol at value\[0\]/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeValue(cyclic)).toThrow(/cycle at value\.self/);
    expect(() => encodeValue(new (class Foo {})())).toThrow(/Foo/);
    let deep: unknown = 0;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => encodeValue(deep)).toThrow(TransportError);
  });

  it('refuses a shared-reference graph that every later tree walk would expand (no exponential blow-up)', () => {
    let dag: unknown = [1];
    for (let i = 0; i < 60; i++) dag = [dag, dag];
    expect(() => decodeValue(wire(dag))).toThrow(/expands to .* values when shared parts are counted at each use/);
  });

  it('rejects what an honest runner never sends', () => {
    expect(() => decodeValue({ $matrix: [2, 2], data: [1, 2, 3, 4] })).toThrow(/malformed matrix/);
    expect(() => decodeValue({ $handle: -1 })).toThrow(/malformed handle/);
    expect(() => decodeValue({ $plain: 1 })).toThrow(/malformed escaped/);
    expect(() => decodeValue(new RegExp('x'))).toThrow(/unexpected/);
    const sparse: unknown[] = [];
    sparse.length = 2 ** 31;
    expect(() => decodeValue(wire(sparse))).toThrow(/array longer/);
  });
});

describe('FrameReader', () => {
  it('reassembles frames split anywhere and reports each message', () => {
    const bytes = Buffer.concat([encodeFrame({ a: 1 }), encodeFrame([NaN])]);
    const reader = new FrameReader(1024);
    const seen: unknown[] = [];
    for (let i = 0; i < bytes.length; i++) {
      for (const e of reader.push(bytes.subarray(i, i + 1))) if (e.kind === 'message') seen.push(e.value);
    }
    expect(seen).toEqual([{ a: 1 }, [NaN]]);
  });

  it('reports undecodable frames and keeps reading', () => {
    const garbage = Buffer.from([0, 0, 0, 3, 0xff, 0x00, 0x13]);
    const events = new FrameReader(1024).push(Buffer.concat([garbage, encodeFrame('after')]));
    expect(events.map((e) => e.kind)).toEqual(['undecodable', 'message']);
  });

  it('stops for good at a frame announced over the cap, without buffering it', () => {
    const reader = new FrameReader(1024);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(2 ** 31, 0);
    expect(reader.push(header)).toEqual([{ kind: 'oversized', bytes: 2 ** 31 }]);
    expect(reader.push(encodeFrame('later'))).toEqual([]);
  });
});
