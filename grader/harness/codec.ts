/**
 * A JSON encoding for fixtures that keeps what plain JSON loses: NaN, ±Infinity and the matrix
 * type. Non-finite numbers become {"$num": "NaN" | "Infinity" | "-Infinity"}; a Matrix becomes
 * {"$matrix": [rows, cols], "data": [...]}.
 */
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
