/**
 * Trusted-side transport of values into and out of the sandbox.
 *
 * The wire is V8 structured clone (v8.serialize), which keeps NaN, ±Infinity and typed arrays.
 * On top of it three tagged objects carry what structured clone cannot:
 *   { $matrix: [rows, cols], data: Float64Array }   a Matrix (rebuilt as lib/matrix's class inside)
 *   { $handle: n }                                   an object kept in the sandbox (see `keep`)
 *   { $earlier: [op, field] }                        the field kept (`keep`) by an earlier call of the same batch
 *   { $plain: {...} }                                a plain object that itself has one of these keys
 * Decoding is the defensive half: whatever arrives was produced by a process the student controls.
 */
import { TransportError } from './codec-error';
import { assertBounded } from './expanded-size';
import { MAX_ARRAY_LENGTH, MAX_DEPTH, MAX_KEYS } from './types';

/** What a `$matrix` decodes to: plain data shaped like lib/matrix's Matrix (data is a fresh copy). */
export interface MatrixData {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A reference to an object that stays inside the sandbox. */
export interface HandleRef {
  readonly $handle: number;
}

export { TransportError };

/**
 * In the arguments of a call in a batch: the field `field` that call number `call` of the same batch keeps in the
 * sandbox (`keep`), such as the cache a backward pass takes from its forward pass. Only trusted code makes one
 * (it is a class instance, never the result of decoding), and it is sent only within its batch.
 */
export class EarlierResult {
  constructor(
    readonly call: number,
    readonly field: string,
  ) {
    Object.freeze(this);
  }
}

export interface CodecOptions {
  /** Translates handle numbers (trusted id ↔ runner id); may throw TransportError. */
  handle?: (n: number) => unknown;
  /** decodeValue: a performance.now() time after which measuring the value gives up (the call's time limit). */
  deadline?: number;
  /** encodeValue: the wire form of a reference to an earlier call of the batch; may throw TransportError. */
  earlier?: (ref: EarlierResult) => unknown;
}

const MARKERS = ['$matrix', '$handle', '$earlier', '$plain'];

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function hasMarker(v: object): boolean {
  return MARKERS.some((k) => Object.prototype.hasOwnProperty.call(v, k));
}

export function isHandleRef(v: unknown): v is HandleRef {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const n = (v as { $handle?: unknown }).$handle;
  return keys.length === 1 && keys[0] === '$handle' && Number.isSafeInteger(n) && (n as number) > 0;
}

function isMatrixLike(v: object): v is MatrixData {
  const m = v as Partial<MatrixData>;
  return typeof m.rows === 'number' && typeof m.cols === 'number' && m.data instanceof Float64Array;
}

/** Own enumerable string keys, copied with defineProperty so a `__proto__` key stays a key. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function copyView(v: ArrayBufferView): ArrayBufferView {
  if (v instanceof DataView) return new DataView(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  // A fresh, aligned buffer: deserialized views may alias a larger receive buffer.
  const Ctor = v.constructor as new (src: ArrayBufferView) => ArrayBufferView;
  return new Ctor(v);
}

type Walk = (v: unknown, depth: number, path: string) => unknown;

/** Walks objects with a depth bound, rejecting cycles and reusing the result for shared references. */
function walker(visitObject: (v: object, depth: number, path: string, walk: Walk) => unknown): Walk {
  const done = new Map<object, unknown>();
  const active = new Set<object>();
  const walk: Walk = (v, depth, path) => {
    if (typeof v === 'function') throw new TransportError(`a function at ${path} cannot cross the sandbox boundary`);
    if (typeof v === 'symbol') throw new TransportError(`a symbol at ${path} cannot cross the sandbox boundary`);
    if (typeof v !== 'object' || v === null) return v;
    if (done.has(v)) return done.get(v);
    if (active.has(v)) throw new TransportError(`a cycle at ${path} cannot cross the sandbox boundary`);
    if (depth > MAX_DEPTH) throw new TransportError(`nesting deeper than ${MAX_DEPTH} at ${path}`);
    active.add(v);
    const out = visitObject(v, depth, path, walk);
    active.delete(v);
    done.set(v, out);
    return out;
  };
  return walk;
}

function walkEntries(v: object, depth: number, path: string, walk: Walk): Record<string, unknown> {
  const keys = Object.keys(v);
  if (keys.length > MAX_KEYS) throw new TransportError(`object with more than ${MAX_KEYS} keys at ${path}`);
  const out: Record<string, unknown> = {};
  for (const k of keys) setKey(out, k, walk((v as Record<string, unknown>)[k], depth + 1, `${path}.${k}`));
  return out;
}

function walkArray(v: unknown[], depth: number, path: string, walk: Walk): unknown[] {
  if (v.length > MAX_ARRAY_LENGTH) throw new TransportError(`array longer than ${MAX_ARRAY_LENGTH} at ${path}`);
  const out = new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = walk(v[i], depth + 1, `${path}[${i}]`);
  return out;
}

function walkCollection(v: Map<unknown, unknown> | Set<unknown>, depth: number, path: string, walk: Walk): unknown {
  if (v.size > MAX_ARRAY_LENGTH) throw new TransportError(`collection larger than ${MAX_ARRAY_LENGTH} at ${path}`);
  if (v instanceof Set) return new Set([...v].map((x, i) => walk(x, depth + 1, `${path}{${i}}`)));
  return new Map([...v].map(([k, x], i) => [walk(k, depth + 1, `${path}{${i}}`), walk(x, depth + 1, `${path}{${i}}`)]));
}

/** Trusted value → transport form. Throws TransportError for values that cannot cross. */
export function encodeValue(v: unknown, opts: CodecOptions = {}): unknown {
  const walk = walker((obj, depth, path, w) => {
    if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer || obj instanceof Date) return obj;
    if (Array.isArray(obj)) return walkArray(obj, depth, path, w);
    if (obj instanceof Map || obj instanceof Set) return walkCollection(obj, depth, path, w);
    if (isHandleRef(obj)) return opts.handle ? opts.handle(obj.$handle) : { $handle: obj.$handle };
    if (obj instanceof EarlierResult) {
      if (!opts.earlier) throw new TransportError(`an earlier call's result at ${path} can only be sent in its batch`);
      return opts.earlier(obj);
    }
    if (isMatrixLike(obj)) return { $matrix: [obj.rows, obj.cols], data: obj.data };
    if (!isPlainObject(obj)) {
      throw new TransportError(
        `a ${obj.constructor?.name ?? 'non-plain'} object at ${path} cannot cross the sandbox boundary`,
      );
    }
    const entries = walkEntries(obj, depth, path, w);
    return hasMarker(obj) ? { $plain: entries } : entries;
  });
  return walk(v, 0, 'value');
}

function decodeMatrix(obj: Record<string, unknown>, path: string): MatrixData {
  const shape = obj.$matrix;
  const data = obj.data;
  const keys = Object.keys(obj);
  if (keys.length !== 2 || !Array.isArray(shape) || shape.length !== 2 || !(data instanceof Float64Array)) {
    throw new TransportError(`malformed matrix at ${path}`);
  }
  const [rows, cols] = shape as unknown[];
  if (typeof rows !== 'number' || typeof cols !== 'number')
    throw new TransportError(`malformed matrix shape at ${path}`);
  // The shape is reported as sent, even when it disagrees with data.length: checking it is the grader's job.
  return { rows, cols, data: new Float64Array(data) };
}

/**
 * Transport form → plain trusted data. Matrices become {rows, cols, data}; typed arrays, Dates,
 * Maps and Sets are copied; anything else that is not plain data is rejected with TransportError.
 * The value is measured first (expanded-size.ts): one that would expand past MAX_RESULT_UNITS when
 * walked as a tree is rejected before anything is built from it.
 */
export function decodeValue(v: unknown, opts: CodecOptions = {}): unknown {
  assertBounded(v, opts.deadline);
  const walk = walker((obj, depth, path, w) => {
    if (ArrayBuffer.isView(obj)) return copyView(obj);
    if (obj instanceof ArrayBuffer) return obj.slice(0);
    if (obj instanceof Date) return new Date(obj.getTime());
    if (Array.isArray(obj)) return walkArray(obj, depth, path, w);
    if (obj instanceof Map || obj instanceof Set) return walkCollection(obj, depth, path, w);
    if (!isPlainObject(obj)) throw new TransportError(`unexpected ${Object.prototype.toString.call(obj)} at ${path}`);
    const rec = obj as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(rec, '$matrix')) return decodeMatrix(rec, path);
    if (Object.prototype.hasOwnProperty.call(rec, '$handle')) {
      if (!isHandleRef(rec)) throw new TransportError(`malformed handle at ${path}`);
      return opts.handle ? opts.handle(rec.$handle) : Object.freeze({ $handle: rec.$handle });
    }
    if (Object.prototype.hasOwnProperty.call(rec, '$plain')) {
      const inner = rec.$plain;
      if (Object.keys(rec).length !== 1 || typeof inner !== 'object' || inner === null || !isPlainObject(inner)) {
        throw new TransportError(`malformed escaped object at ${path}`);
      }
      return walkEntries(inner, depth, path, w);
    }
    return walkEntries(rec, depth, path, w);
  });
  return walk(v, 0, 'value');
}
