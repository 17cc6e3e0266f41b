/**
 * One operation the trusted side asks of the sandbox (a call of a student's function, the finite-difference variants
 * of one call, or the list of a module's exports): its spec, the checks of its shape that need no process, its form on the wire (the arguments encoded)
 * and the decoding of its answer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeValue, encodeValue, type EarlierResult, TransportError } from './codec';
import type { HandleTable } from './handles';
import {
  CallFailure,
  CallOutcome,
  MODULE_PATTERN,
  NAME_PATTERN,
  RUNNER_KINDS,
  type FailureKind,
  type PerturbSpec,
  type RunnerOutcome,
  WireOp,
} from './types';

export type OpSpec =
  | { op: 'call'; module: string; fn: string; args: unknown[]; keep: string[]; only?: string[]; returnArgs?: boolean }
  | ({ op: 'perturb'; variants: number } & PerturbSpec)
  | { op: 'exports'; module: string };

/** How many calls an op stands for: its time limit is that many call limits. */
export const callsIn = (spec: OpSpec): number => (spec.op === 'perturb' ? Math.max(1, spec.variants) : 1);

/** What an op that ran `ms` (its calls' limits together) without answering is reported as. */
export const timeoutFailure = (ms: number, callMs: number): CallFailure =>
  fail('timeout', `${ms === callMs ? 'the call' : `the ${ms / callMs} calls`} did not finish within ${ms} ms`);

export const fail = (kind: CallFailure['kind'], message: string): CallFailure => ({ ok: false, kind, message });
export const crashed = (message: string): CallFailure => fail('crashed', message);

/**
 * The runner's answer for a module that is surely not in the staging root, given without asking it: nothing is there
 * under the module's path, with or without an extension Node resolves, so its `require.resolve` fails too. Anything
 * that might resolve (a file, a folder) is left to the runner. The staging is the grader's and read-only to the
 * student's code, so what is absent stays absent.
 */
export function absentModule(root: string, module: string): CallFailure | null {
  const base = path.join(root, module);
  const there = ['', '.js', '.json', '.node'].some((ext) => {
    try {
      fs.lstatSync(base + ext);
      return true;
    } catch {
      return false;
    }
  });
  return there ? null : fail('missing-module', `${module} was not found in the submission`);
}

/** A module path the runner would not load (it is relative to the submission, without extension). */
export function moduleProblem(spec: OpSpec): CallFailure | null {
  if (typeof spec.module === 'string' && MODULE_PATTERN.test(spec.module)) return null;
  return fail(
    'missing-module',
    `invalid module path ${JSON.stringify(spec.module)} (relative to the submission, no extension)`,
  );
}

const fieldNames = (x: unknown): boolean =>
  Array.isArray(x) && x.every((k) => typeof k === 'string' && k.length > 0 && k.length <= 100);

const leafKeys = (x: unknown): boolean =>
  Array.isArray(x) &&
  x.length <= 8 &&
  x.every((k) => (typeof k === 'string' && k.length > 0 && k.length <= 100) || (Number.isSafeInteger(k) && k >= 0));

/** The matrix data at `leaf` in trusted arguments, or null. */
export function leafData(args: unknown, leaf: (string | number)[]): Float64Array | null {
  let at: unknown = args;
  for (const k of leaf) {
    if (typeof at !== 'object' || at === null || !Object.prototype.hasOwnProperty.call(at, k)) return null;
    at = (at as Record<string | number, unknown>)[k];
  }
  const data = (at as { data?: unknown } | null)?.data;
  return data instanceof Float64Array ? data : null;
}

/** A call that cannot be sent as it is: a bad function name, arguments that are not a list, bad field names. */
export function callProblem(spec: Exclude<OpSpec, { op: 'exports' }>): CallFailure | null {
  if (typeof spec.fn !== 'string' || !NAME_PATTERN.test(spec.fn))
    return fail('not-a-function', `invalid function name ${JSON.stringify(spec.fn)}`);
  if (!Array.isArray(spec.args)) return fail('unserializable', 'args must be an array');
  if (spec.op === 'perturb') {
    if (!Array.isArray(spec.leaves) || spec.leaves.length > 1000 || !spec.leaves.every(leafKeys))
      return fail('unserializable', 'leaves must list paths of keys');
    if (!spec.leaves.every((leaf) => leafData(spec.args, leaf) !== null))
      return fail('unserializable', 'every leaf must lead to a matrix in the arguments');
    if (!(Number.isFinite(spec.h) && spec.h > 0)) return fail('unserializable', 'h must be a positive number');
    return fieldNames(spec.only) ? null : fail('unserializable', 'only must list field names');
  }
  if (!fieldNames(spec.keep)) return fail('unserializable', 'keep must list field names');
  if (spec.only !== undefined && !fieldNames(spec.only)) return fail('unserializable', 'only must list field names');
  return null;
}

/**
 * The op as the runner reads it, its arguments encoded (matrices by handle, an earlier call's kept field by its place
 * in the request: `earlier`); a failure when they cannot be sent.
 */
export function toWire(
  spec: OpSpec,
  handles: HandleTable,
  earlier?: (ref: EarlierResult) => unknown,
): WireOp | CallFailure {
  if (spec.op === 'exports') return spec;
  try {
    const args = encodeValue(spec.args, { handle: (id) => handles.toRunner(id), earlier }) as unknown[];
    if (spec.op === 'perturb') {
      const { module, fn, leaves, h, only } = spec;
      return { op: 'perturb', module, fn, args, leaves: leaves.map((l) => [...l]), h, only: [...only] };
    }
    return {
      op: 'call',
      module: spec.module,
      fn: spec.fn,
      args,
      keep: [...spec.keep],
      ...(spec.only === undefined ? {} : { only: [...spec.only] }),
      returnArgs: spec.returnArgs === true,
    };
  } catch (e) {
    return fail('unserializable', `the arguments cannot be sent: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A list of export names from the runner, bounded in length and in each name's. */
function exportNames(x: unknown): string[] {
  if (!Array.isArray(x) || x.length > 1000 || !x.every((s) => typeof s === 'string'))
    throw new TransportError('malformed export list');
  return x.map((s: string) => s.slice(0, 200));
}

const clip = (s: string): string => (s.length > 600 ? `${s.slice(0, 600)}…` : s);

/** The outcome of each variant of a perturb op, checked: as many as were asked, each a value or a runner failure. */
function variantOutcomes(x: unknown, variants: number): CallOutcome[] {
  if (!Array.isArray(x) || x.length !== variants)
    throw new TransportError(`expected ${variants} variant outcomes, got ${Array.isArray(x) ? x.length : typeof x}`);
  return x.map((o: unknown): CallOutcome => {
    const r = (typeof o === 'object' && o !== null ? o : {}) as Record<string, unknown>;
    if (r.ok === true && Object.prototype.hasOwnProperty.call(r, 'value')) return { ok: true, value: r.value, ms: 0 };
    if (r.ok === false && typeof r.message === 'string' && RUNNER_KINDS.has(r.kind as FailureKind))
      return fail(r.kind as FailureKind, clip(r.message));
    throw new TransportError('a malformed variant outcome');
  });
}

/** The runner's answer to the op, decoded by `deadline` (ms, performance.now()); a failure when it is refused. */
export function decodeOutcome(spec: OpSpec, o: RunnerOutcome, deadline: number, handles: HandleTable): CallOutcome {
  if (!o.ok) return o;
  try {
    if (spec.op === 'exports') {
      const v = o.value as { names?: unknown; functions?: unknown };
      return { ok: true, value: { names: exportNames(v?.names), functions: exportNames(v?.functions) }, ms: o.ms };
    }
    const value = decodeValue(o.value, { handle: (n) => handles.fromRunner(n), deadline });
    return { ok: true, value: spec.op === 'perturb' ? variantOutcomes(value, spec.variants) : value, ms: o.ms };
  } catch (e) {
    return fail('unserializable', `the result was refused: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** How many calls a perturb op stands for: each leaf's elements, + h and − h; counted on the trusted arguments. */
export function perturbVariants(spec: Pick<PerturbSpec, 'args' | 'leaves'>): number {
  return Array.isArray(spec.leaves)
    ? spec.leaves.reduce((n, leaf) => n + 2 * (leafData(spec.args, leaf)?.length ?? 0), 0)
    : 0;
}

/** A perturb op with the number of variants it stands for. */
export function perturbOp(spec: PerturbSpec): OpSpec {
  return { op: 'perturb', ...spec, variants: perturbVariants(spec) };
}

/**
 * The pending ops that can be sent, in wire form; those whose arguments cannot be get their failure in `results` (and
 * when that failure stops the batch, `goOn`, nothing after it is sent).
 */
export function wireBatch(
  specs: OpSpec[],
  pending: number[],
  results: CallOutcome[],
  handles: HandleTable,
  goOn?: readonly FailureKind[],
): { batch: number[]; wire: WireOp[] } {
  const batch: number[] = [];
  const wire: WireOp[] = [];
  /** An earlier call's kept field, by that call's place in this request: it must be sent in it, before the op. */
  const earlier = (ref: EarlierResult): unknown => {
    const at = batch.indexOf(ref.call);
    const spec = specs[ref.call];
    if (at < 0 || spec?.op !== 'call' || !spec.keep.includes(ref.field))
      throw new TransportError(`call ${ref.call + 1} of the batch did not run here or does not keep ${ref.field}`);
    return { $earlier: [at, ref.field] };
  };
  for (const i of pending) {
    const w = toWire(specs[i], handles, earlier);
    if ('ok' in w) {
      results[i] = w;
      if (stopsBatch(w, goOn)) break;
    } else {
      batch.push(i);
      wire.push(w);
    }
  }
  return { batch, wire };
}

/**
 * Decodes a batch's answers into `results`, each by its own deadline: its calls' limits from now, within what is left
 * of the budget (`leftMs`).
 */
export function decodeBatch(
  b: { specs: OpSpec[]; batch: number[]; results: CallOutcome[]; handles: HandleTable },
  outcomes: RunnerOutcome[],
  callMs: number,
  leftMs: () => number,
): void {
  outcomes.forEach((o, k) => {
    const spec = b.specs[b.batch[k]];
    const deadline = performance.now() + Math.max(0, Math.min(callMs * callsIn(spec), leftMs()));
    b.results[b.batch[k]] = decodeOutcome(spec, o, deadline, b.handles);
  });
}

/** Whether `o` stops a batch run with BatchOptions.continueAfter (`goOn`): a failure of a kind not in it. */
export const stopsBatch = (o: CallOutcome | undefined, goOn: readonly FailureKind[] | undefined): boolean =>
  goOn !== undefined && o !== undefined && !o.ok && !goOn.includes(o.kind);

/** `ops` (indices in order) up to, not including, the first whose result already stops the batch. */
export function beforeStop(ops: number[], results: CallOutcome[], goOn: readonly FailureKind[] | undefined): number[] {
  const stop = ops.findIndex((i) => stopsBatch(results[i], goOn));
  return stop < 0 ? ops : ops.slice(0, stop);
}

/** After the first failure that stops the batch, every later op reports that failure (it did not run). */
export function fillAfterStop(results: CallOutcome[], goOn: readonly FailureKind[] | undefined): void {
  if (goOn === undefined) return;
  const stop = results.findIndex((o) => stopsBatch(o, goOn));
  if (stop >= 0) results.fill(results[stop], stop + 1);
}

/** The runner may end a request early only after a failure that stops it (BatchOptions.continueAfter). */
export function stoppedEarly(outcomes: RunnerOutcome[], goOn: readonly FailureKind[] | undefined): boolean {
  return stopsBatch(outcomes[outcomes.length - 1], goOn);
}

/** An outcome as the runner sent it, checked: a value, or a failure of a kind the runner may report; else null. */
export function validOutcome(v: unknown): { ok: true; value: unknown } | CallFailure | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const r = v as Record<string, unknown>;
  if (r.ok === true && Object.prototype.hasOwnProperty.call(r, 'value')) return { ok: true, value: r.value };
  if (r.ok !== false || typeof r.message !== 'string' || !RUNNER_KINDS.has(r.kind as FailureKind)) return null;
  return fail(r.kind as FailureKind, clip(r.message));
}
