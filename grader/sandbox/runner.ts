/**
 * The sandbox runner: the only trusted code inside the child process. It loads student modules
 * lazily and answers framed requests: requests arrive on fd 3, answers leave on fd 4, each frame a
 * 4-byte big-endian length and a v8.serialize payload (see frames.ts for why not Node's IPC).
 *
 * It is transpiled on its own (writeRunner) into <staging>/runner.js, so it imports only Node
 * built-ins and repeats the few constants it shares with types.ts. Nothing here is a security
 * boundary: student code runs in this process and may undo any of it. The runner only has to answer
 * faithfully for honest code and fail loudly for the rest; the trusted side validates everything.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as v8 from 'node:v8';

type Failure = { ok: false; kind: string; message: string };
type Outcome = { ok: true; value: unknown } | Failure;
type Op =
  | { op: 'call'; module: string; fn: string; args: unknown[]; keep: string[]; only?: string[]; returnArgs?: boolean }
  | { op: 'perturb'; module: string; fn: string; args: unknown[]; leaves: Key[][]; h: number; only: string[] }
  | { op: 'exports'; module: string };
type Key = string | number;
type Loaded = { ok: true; exports: Record<string, unknown> } | Failure;
type ExitFn = (code?: number | string | null) => never;
interface ProcessInternals {
  reallyExit: (code: number) => never;
}

const REQ_FD = 3;
const RES_FD = 4;
const MAX_BYTES = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 64 * 1024 * 1024;
const MAX_DEPTH = 64; // as types.ts
const MAX_ARRAY_LENGTH = 10_000_000; // as types.ts
const MAX_HANDLES = 100_000;
const MODULE_PATTERN = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,199}$/; // as types.ts
const root = __dirname;

// Captured before student code runs, so that patched globals do not change how we talk to the grader.
const { serialize, deserialize } = v8;
const { writeSync } = fs;
const { keys: objectKeys, getPrototypeOf, hasOwn, defineProperty, create: objectCreate } = Object;
const { isArray } = Array;
const { isView } = ArrayBuffer;
const { apply: reflectApply, construct: reflectConstruct } = Reflect;
const F64 = Float64Array;
const internals = process as unknown as ProcessInternals;
const realExit: ExitFn = process.exit.bind(process);
const realReallyExit = internals.reallyExit.bind(process);
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

let currentId: string | undefined;
let exitNoted = false;

function fail(kind: string, message: string): Failure {
  return { ok: false, kind, message: message.length > 600 ? `${message.slice(0, 600)}…` : message };
}

/**
 * Where in the submission an error was thrown: the first stack frame in a file of an exercise (not the toolkit, not
 * this runner), as `@<exercise>/<file>.js:<line>:<column> `. The trusted side maps it to the student's .ts line
 * (grader/grade/source-lines.ts); it is untrusted text like the rest of the message.
 */
function where(e: unknown): string {
  try {
    const stack = typeof e === 'object' && e !== null ? (e as { stack?: unknown }).stack : undefined;
    if (typeof stack !== 'string') return '';
    for (const line of stack.split('\n', 40).slice(1)) {
      const m = /\(?([^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
      if (!m || !m[1].startsWith(root + path.sep)) continue;
      const rel = m[1]
        .slice(root.length + 1)
        .split(path.sep)
        .join('/');
      if (/^\d\d-[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\.js$/.test(rel)) return `@${rel}:${m[2]}:${m[3]} `;
    }
  } catch {
    // A stack that cannot be read has no place to show.
  }
  return '';
}

function describe(e: unknown): string {
  try {
    if (typeof e === 'object' && e !== null && 'message' in e) {
      const err = e as { name?: unknown; message?: unknown; code?: unknown };
      const code = typeof err.code === 'string' ? ` [${err.code}]` : '';
      const message = String(err.message).split('\n')[0].slice(0, 400);
      return `${String(err.name ?? 'Error')}${code}: ${message}`;
    }
    return `a non-Error value was thrown: ${String(e).slice(0, 200)}`;
  } catch {
    return 'an exception whose message could not be read';
  }
}

function writeAll(buf: Buffer): void {
  let off = 0;
  let waits = 0;
  while (off < buf.length) {
    try {
      off += writeSync(RES_FD, buf, off, buf.length - off);
    } catch (e) {
      // Only student code would have made our blocking pipe non-blocking; wait it out briefly.
      if ((e as { code?: unknown }).code !== 'EAGAIN' || ++waits > 10_000) throw e;
      Atomics.wait(sleepCell, 0, 0, 1);
    }
  }
}

function frame(message: unknown): Buffer {
  const body = serialize(message);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

function send(message: unknown): void {
  try {
    writeAll(frame(message));
  } catch {
    realReallyExit(71); // The answer channel is gone; dying is the clearest signal left.
  }
}

/** Sends an op's outcome; returns what was sent (a failure when the result could not be sent as it is). */
function sendOutcome(id: string, index: number, outcome: Outcome): Outcome {
  let sent = outcome;
  let buf: Buffer;
  try {
    buf = frame({ t: 'outcome', id, index, outcome });
    if (buf.length - 4 > MAX_BYTES) {
      sent = fail('unserializable', `the result is ${buf.length - 4} bytes, over the ${MAX_BYTES}-byte limit`);
      buf = frame({ t: 'outcome', id, index, outcome: sent });
    }
  } catch (e) {
    sent = fail('unserializable', `the result could not be serialized: ${describe(e)}`);
    buf = frame({ t: 'outcome', id, index, outcome: sent });
  }
  try {
    writeAll(buf);
  } catch {
    realReallyExit(71);
  }
  return sent;
}

// Report exits before they happen; student code can remove this hook, so the grader does not rely on it.
function noteExit(code: unknown): void {
  if (exitNoted) return;
  exitNoted = true;
  const n = Number(code ?? process.exitCode ?? 0);
  send({ t: 'exit', id: currentId, code: Number.isInteger(n) ? n : 1 });
}
process.exit = ((code?: number | string | null) => {
  noteExit(code);
  return realExit(code);
}) as ExitFn;
internals.reallyExit = (code: number) => {
  noteExit(code);
  return realReallyExit(code);
};
process.on('uncaughtException', (err) => {
  observe(err);
  send({ t: 'fatal', id: currentId, message: describe(err) });
  realReallyExit(70);
});

// Permission denials are reported as they happen, so a student who catches them is still seen.
// A require that climbs out of the root usually fails as "not found" (the dropped user cannot even
// stat the target), so that counts as a denial too.
const observed = new WeakSet<object>();
function observe(e: unknown): void {
  if (typeof e !== 'object' || e === null || observed.has(e)) return;
  observed.add(e);
  const err = e as {
    code?: unknown;
    permission?: unknown;
    resource?: unknown;
    message?: unknown;
    requireStack?: unknown;
  };
  let detail: string | null = null;
  if (err.code === 'ERR_ACCESS_DENIED')
    detail = `${String(err.permission ?? 'permission')} ${String(err.resource ?? '')}`;
  else if (err.code === 'MODULE_NOT_FOUND') {
    const request = /Cannot find module '([^']+)'/.exec(String(err.message))?.[1];
    const from =
      Array.isArray(err.requireStack) && typeof err.requireStack[0] === 'string' ? err.requireStack[0] : null;
    if (request && from && (request.startsWith('.') || path.isAbsolute(request))) {
      const target = path.resolve(path.dirname(from), request);
      if (target !== root && !target.startsWith(root + path.sep)) detail = `require outside the submission: ${target}`;
    }
  }
  if (detail !== null) send({ t: 'denied', id: currentId, detail: detail.slice(0, 300) });
}

function watch(fn: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
  return new Proxy(fn, {
    apply(target, self, args: unknown[]) {
      const last = args.length - 1;
      if (last >= 0 && typeof args[last] === 'function') {
        const cb = args[last] as (...a: unknown[]) => unknown;
        args[last] = function (this: unknown, ...cbArgs: unknown[]) {
          observe(cbArgs[0]);
          return reflectApply(cb, this, cbArgs);
        };
      }
      try {
        const r = reflectApply(target, self, args);
        if (r instanceof Promise) r.then(undefined, observe);
        return r;
      } catch (e) {
        observe(e);
        throw e;
      }
    },
    construct(target, args: unknown[], newTarget) {
      try {
        return reflectConstruct(target, args, newTarget);
      } catch (e) {
        observe(e);
        throw e;
      }
    },
  });
}

for (const name of ['fs', 'fs/promises', 'child_process', 'worker_threads']) {
  // A real require, not an import: esbuild's CJS interop would hand us a copy, and we patch the module itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(name) as Record<string, unknown>;
  for (const key of objectKeys(mod)) {
    const d = Object.getOwnPropertyDescriptor(mod, key);
    if (d && typeof d.value === 'function' && d.writable) mod[key] = watch(d.value as (...a: unknown[]) => unknown);
  }
}

// --- values -------------------------------------------------------------------------------------

type MatrixCtor = new (rows: number, cols: number, data: Float64Array) => object;
let matrixClass: MatrixCtor | null | undefined;
function getMatrix(): MatrixCtor | null {
  if (matrixClass === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
      const lib = require(path.join(root, 'lib', 'matrix.js')) as { Matrix?: unknown };
      matrixClass = typeof lib.Matrix === 'function' ? (lib.Matrix as MatrixCtor) : null;
    } catch {
      matrixClass = null;
    }
  }
  return matrixClass;
}

const handles = new Map<number, unknown>();
let nextHandle = 1;
function keepHandle(v: unknown): { $handle: number } {
  if (handles.size >= MAX_HANDLES) handles.delete(handles.keys().next().value as number);
  handles.set(nextHandle, v);
  return { $handle: nextHandle++ };
}

/** The handles each op of the current request kept, by field: what `{ $earlier: [op, field] }` stands for. */
let keptInRequest: Record<string, number>[] = [];
/** The fields the running op kept so far. */
let keptNow: Record<string, number> = objectCreate(null) as Record<string, number>;

/**
 * What `{ $earlier: [op, field] }` stands for: the field op kept, or undefined when op returned without it (as reading
 * a missing field of its result would give); an error when op did not return.
 */
function earlierKept(ref: unknown): unknown {
  const [op, field] = isArray(ref) ? (ref as [unknown, unknown]) : [];
  const kept = typeof op === 'number' ? keptInRequest[op] : undefined;
  if (kept === undefined || typeof field !== 'string')
    throw new Error(`call ${String(op)} of this request kept no ${String(field)} (it did not return)`);
  if (!hasOwn(kept, field)) return undefined;
  if (!handles.has(kept[field])) throw new Error(`the ${field} kept by call ${op} is no longer there`);
  return handles.get(kept[field]);
}

function listed(list: string[], name: string): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === name) return true;
  return false;
}

// Loops rather than array methods below: student code may have patched Array.prototype.
function decodeArg(v: unknown, depth: number): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (depth > MAX_DEPTH) throw new Error(`argument nested deeper than ${MAX_DEPTH}`);
  // Copies: views from deserialize alias the whole request buffer.
  if (v instanceof DataView) return new DataView(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  if (isView(v)) return new (v.constructor as new (s: unknown) => unknown)(v);
  if (isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = decodeArg(v[i], depth + 1);
    return out;
  }
  if (getPrototypeOf(v) !== Object.prototype) return v;
  const o = v as Record<string, unknown>;
  if (hasOwn(o, '$matrix')) {
    const [rows, cols] = o.$matrix as [number, number];
    const data = new F64(o.data as Float64Array);
    const M = getMatrix();
    return M ? new M(rows, cols, data) : { rows, cols, data };
  }
  if (hasOwn(o, '$handle')) {
    if (!handles.has(o.$handle as number)) throw new Error(`unknown handle ${String(o.$handle)}`);
    return handles.get(o.$handle as number);
  }
  if (hasOwn(o, '$earlier')) return earlierKept(o.$earlier);
  const src = hasOwn(o, '$plain') ? (o.$plain as Record<string, unknown>) : o;
  const out: Record<string, unknown> = {};
  for (const k of objectKeys(src))
    defineProperty(out, k, {
      value: decodeArg(src[k], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

function keptAs(field: string, h: { $handle: number }): { $handle: number } {
  defineProperty(keptNow, field, { value: h.$handle, enumerable: true, writable: true, configurable: true });
  return h;
}

/** `only`: when given, the returned object's other top-level fields are not sent (nor read). */
function encodeResult(value: unknown, keep: string[], only?: string[]): unknown {
  const done = new Map<object, unknown>();
  const active = new Set<object>();
  const enc = (v: unknown, depth: number, at: string): unknown => {
    if (typeof v === 'function') throw new Error(`a function at ${at}`);
    if (typeof v === 'symbol') throw new Error(`a symbol at ${at}`);
    if (typeof v !== 'object' || v === null) return v;
    if (done.has(v)) return done.get(v);
    if (active.has(v)) throw new Error(`a cycle at ${at}`);
    if (depth > MAX_DEPTH) throw new Error(`nesting deeper than ${MAX_DEPTH} at ${at}`);
    active.add(v);
    let out: unknown;
    if (isView(v) || v instanceof ArrayBuffer || v instanceof Date) out = v;
    else if (isArray(v)) {
      if (v.length > MAX_ARRAY_LENGTH) throw new Error(`an array longer than ${MAX_ARRAY_LENGTH} at ${at}`);
      const arr = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) arr[i] = enc(v[i], depth + 1, `${at}[${i}]`);
      out = arr;
    } else if (v instanceof Map) out = new Map([...v].map(([k, x]) => [enc(k, depth + 1, at), enc(x, depth + 1, at)]));
    else if (v instanceof Set) out = new Set([...v].map((x) => enc(x, depth + 1, at)));
    else if (v instanceof Promise) throw new Error(`a Promise at ${at} (missing await?)`);
    else if (v instanceof WeakMap || v instanceof WeakSet || v instanceof WeakRef)
      throw new Error(`a weak collection at ${at}`);
    else if (v instanceof Error) out = { name: String(v.name), message: String(v.message) };
    else {
      const o = v as Record<string, unknown>;
      const rows = o.rows;
      const cols = o.cols;
      const data = o.data;
      if (typeof rows === 'number' && typeof cols === 'number' && data instanceof F64)
        out = { $matrix: [rows, cols], data };
      else {
        const fields: Record<string, unknown> = {};
        for (const k of objectKeys(o)) {
          if (depth === 0 && only !== undefined && !listed(only, k)) continue;
          const x = depth === 0 && listed(keep, k) ? keptAs(k, keepHandle(o[k])) : enc(o[k], depth + 1, `${at}.${k}`);
          defineProperty(fields, k, { value: x, enumerable: true, writable: true, configurable: true });
        }
        out =
          hasOwn(fields, '$matrix') || hasOwn(fields, '$handle') || hasOwn(fields, '$plain')
            ? { $plain: fields }
            : fields;
      }
    }
    active.delete(v);
    done.set(v, out);
    return out;
  };
  return enc(value, 0, 'result');
}

// --- modules and operations ---------------------------------------------------------------------

const modules = new Map<string, Loaded>();
function load(id: string, name: string): Loaded {
  const cached = modules.get(name);
  if (cached) return cached;
  if (!MODULE_PATTERN.test(name)) return fail('missing-module', `invalid module path ${JSON.stringify(name)}`);
  send({ t: 'load', id, module: name, phase: 'start' });
  let entry: Loaded;
  let file: string | undefined;
  try {
    file = require.resolve(path.join(root, name));
  } catch {
    file = undefined;
  }
  if (file === undefined) entry = fail('missing-module', `${name} was not found in the submission`);
  else {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the student's module, known only at run time
      entry = { ok: true, exports: require(file) as Record<string, unknown> };
    } catch (e) {
      observe(e);
      entry = fail('load-failed', `loading ${name} failed: ${where(e)}${describe(e)}`);
    }
  }
  send({ t: 'load', id, module: name, phase: 'end' });
  modules.set(name, entry);
  return entry;
}

function thrown(e: unknown): Failure {
  observe(e);
  const d = describe(e);
  return d.startsWith('RangeError: Array buffer allocation failed')
    ? fail('out-of-memory', d)
    : fail('threw', `${where(e)}${d}`);
}

/** The matrix at `leaf` (keys from the arguments down) in freshly decoded arguments, or null. */
function leafAt(args: unknown, leaf: Key[]): { data: Float64Array } | null {
  let at: unknown = args;
  for (let i = 0; i < leaf.length; i++) {
    if (typeof at !== 'object' || at === null || !hasOwn(at, leaf[i])) return null;
    at = (at as Record<Key, unknown>)[leaf[i]];
  }
  const data = (at as { data?: unknown } | null)?.data;
  return data instanceof F64 ? (at as { data: Float64Array }) : null;
}

/**
 * Finite-difference variants of one call (harness/finite-differences.ts): for each leaf, each element, + then − h,
 * the function called on fresh arguments with that one element moved; each variant's outcome in that order.
 */
async function runPerturbed(
  ex: Record<string, unknown>,
  fn: (...a: unknown[]) => unknown,
  op: Extract<Op, { op: 'perturb' }>,
): Promise<Outcome> {
  const outcomes: Outcome[] = [];
  for (let l = 0; l < op.leaves.length; l++) {
    let size: number;
    try {
      const m = leafAt(decodeArg(op.args, 0), op.leaves[l]);
      if (m === null) return fail('unserializable', `argument ${l} to vary is not a matrix`);
      size = m.data.length;
    } catch (e) {
      return fail('unserializable', `the arguments could not be rebuilt: ${describe(e)}`);
    }
    for (let k = 0; k < size; k++) {
      for (let s = 1; s >= -1; s -= 2) {
        const args = decodeArg(op.args, 0) as unknown[];
        (leafAt(args, op.leaves[l]) as { data: Float64Array }).data[k] += s * op.h;
        outcomes[outcomes.length] = await applyOnce(ex, fn, args, [], op.only, false);
      }
    }
  }
  return { ok: true, value: outcomes };
}

/** One call of the student's function on rebuilt arguments, and its result encoded for the wire. */
async function applyOnce(
  ex: Record<string, unknown>,
  fn: (...a: unknown[]) => unknown,
  args: unknown[],
  keep: string[],
  only: string[] | undefined,
  returnArgs: boolean,
): Promise<Outcome> {
  let value: unknown;
  try {
    value = reflectApply(fn, ex, args);
    if (
      value instanceof Promise ||
      (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function')
    ) {
      value = await value;
    }
  } catch (e) {
    return thrown(e);
  }
  try {
    const encoded = encodeResult(value, keep, only);
    return { ok: true, value: returnArgs ? { $result: encoded, $args: encodeResult(args, []) } : encoded };
  } catch (e) {
    return fail(
      'unserializable',
      `the result cannot cross the sandbox boundary: ${describe(e).replace(/^Error: /, '')}`,
    );
  }
}

async function runOp(id: string, op: Op): Promise<Outcome> {
  const mod = load(id, op.module);
  if (!mod.ok) return mod;
  const ex = mod.exports;
  if (op.op === 'exports') {
    try {
      const names = typeof ex === 'object' || typeof ex === 'function' ? objectKeys(ex ?? {}).slice(0, 1000) : [];
      return { ok: true, value: { names, functions: names.filter((n) => typeof ex[n] === 'function') } };
    } catch (e) {
      return thrown(e);
    }
  }
  let fn: unknown;
  try {
    // Names every object inherits (toString, constructor…) are not exports.
    const absent = ex === null || ex === undefined;
    const inherited = !absent && !hasOwn(ex, op.fn) && (op.fn in Object.prototype || op.fn in Function.prototype);
    fn = absent || inherited ? undefined : ex[op.fn];
  } catch (e) {
    return thrown(e);
  }
  if (typeof fn !== 'function') {
    return fail(
      'not-a-function',
      `${op.module} does not export a function named ${op.fn}${fn === undefined ? '' : ` (it is ${typeof fn})`}`,
    );
  }
  const f = fn as (...a: unknown[]) => unknown;
  if (op.op === 'perturb') return runPerturbed(ex, f, op);
  let args: unknown[];
  try {
    args = decodeArg(op.args, 0) as unknown[];
  } catch (e) {
    return fail('unserializable', `the arguments could not be rebuilt: ${describe(e)}`);
  }
  return applyOnce(ex, f, args, op.keep, isArray(op.only) ? op.only : undefined, op.returnArgs === true);
}

/** Runs a request's ops in order; with `continueAfter`, stops after a failure of any other kind (types.ts). */
async function run(id: string, ops: Op[], continueAfter: unknown): Promise<void> {
  currentId = id;
  keptInRequest = [];
  const goOn = isArray(continueAfter) ? (continueAfter as string[]) : null;
  for (let i = 0; i < ops.length; i++) {
    keptNow = objectCreate(null) as Record<string, number>;
    const outcome = sendOutcome(id, i, await runOp(id, ops[i]));
    if (outcome.ok) keptInRequest[i] = keptNow;
    if (goOn !== null && !outcome.ok && !listed(goOn, outcome.kind)) break;
  }
  keptInRequest = [];
  send({ t: 'done', id });
  currentId = undefined;
}

// --- request channel ----------------------------------------------------------------------------

// Chunks are joined only when a header or a whole frame is there, so a large request costs O(size).
let chunks: Buffer[] = [];
let buffered = 0;
let frameEnd = -1;
let chain: Promise<void> = Promise.resolve();
const input = new net.Socket({ fd: REQ_FD, readable: true, writable: false });
input.on('data', (chunk: Buffer) => {
  chunks.push(chunk);
  buffered += chunk.length;
  for (;;) {
    if (frameEnd < 0 && buffered >= 4) {
      chunks = [Buffer.concat(chunks)];
      frameEnd = 4 + chunks[0].readUInt32BE(0);
    }
    if (frameEnd < 0 || buffered < frameEnd) return;
    const all = Buffer.concat(chunks);
    const req = deserialize(all.subarray(4, frameEnd)) as { t: string; id: string; ops: Op[]; continueAfter?: unknown };
    const rest = all.subarray(frameEnd);
    chunks = rest.length > 0 ? [rest] : [];
    buffered = rest.length;
    frameEnd = -1;
    chain = chain.then(() => run(req.id, req.ops, req.continueAfter));
  }
});
// The grader closed the request pipe (finished, or died): nothing more will be asked.
input.on('end', () => realReallyExit(0));
input.on('error', () => realReallyExit(0));
send({ t: 'ready' });
