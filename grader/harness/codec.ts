/**
 * A JSON encoding for fixtures that keeps what plain JSON loses: NaN, ±Infinity and the matrix
 * type. Non-finite numbers become {"$num": "NaN" | "Infinity" | "-Infinity"}; a Matrix becomes
 * {"$matrix": [rows, cols], "data": [...]}.
 *
 * The grader's own fresh cases (made per student when grading, read back by the suites in another thread) take a
 * binary form instead: V8's serializer keeps NaN, ±Infinity and Float64Array as they are, so nothing is converted
 * element by element (about 1 MB of cases per student).
 */
import { deserialize, serialize } from 'node:v8';
import { Matrix } from '../../exercises/lib/matrix';

function encodeNumber(v: number): unknown {
  return Number.isFinite(v) ? v : { $num: String(v) };
}

function encode(value: unknown): unknown {
  if (typeof value === 'number') return encodeNumber(value);
  if (value instanceof Matrix) return { $matrix: [value.rows, value.cols], data: Array.from(value.data, encodeNumber) };
  if (value instanceof Float64Array) return Array.from(value, encodeNumber);
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  }
  return value;
}

function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  const tag = (v as { $num?: unknown } | null)?.$num;
  if (tag === 'NaN') return NaN;
  if (tag === 'Infinity') return Infinity;
  if (tag === '-Infinity') return -Infinity;
  throw new Error(`fixture: expected a number, got ${JSON.stringify(v)}`);
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if ('$num' in obj) return decodeNumber(obj);
    if ('$matrix' in obj) {
      const [rows, cols] = obj.$matrix as [number, number];
      return new Matrix(rows, cols, Float64Array.from((obj.data as unknown[]).map(decodeNumber)));
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

export function stringifyFixture(value: unknown): string {
  return JSON.stringify(encode(value), null, 1) + '\n';
}

export function parseFixture<T>(text: string): T {
  return decode(JSON.parse(text)) as T;
}

function encodeBinary(value: unknown): unknown {
  if (value instanceof Matrix) return { $matrix: [value.rows, value.cols], data: value.data };
  if (Array.isArray(value)) return value.map(encodeBinary);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeBinary(v)]));
  }
  return value;
}

function decodeBinary(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBinary);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const obj = value as Record<string, unknown>;
    if ('$matrix' in obj) {
      const [rows, cols] = obj.$matrix as [number, number];
      // A copy: a deserialized view may share one buffer with the rest of the fixture.
      return new Matrix(rows, cols, Float64Array.from(obj.data as Float64Array));
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, decodeBinary(v)]));
  }
  return value;
}

/** The binary form of a fixture (see the header): the grader's own, never written into the kit's fixtures.json. */
export function serializeFixture(value: unknown): Buffer {
  return serialize(encodeBinary(value));
}

export function deserializeFixture<T>(bytes: Buffer): T {
  return decodeBinary(deserialize(bytes)) as T;
}
