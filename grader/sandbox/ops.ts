/**
 * One operation the trusted side asks of the sandbox (a call of a student's function, or the list of a module's
 * exports): its spec, the checks of its shape that need no process, its form on the wire (the arguments encoded)
 * and the decoding of its answer.
 */
import { decodeValue, encodeValue, TransportError } from './codec';
import type { HandleTable } from './handles';
import type { RunnerOutcome } from './session';
import { CallFailure, CallOutcome, MODULE_PATTERN, NAME_PATTERN, WireOp } from './types';

export type OpSpec =
  | { op: 'call'; module: string; fn: string; args: unknown[]; keep: string[]; only?: string[]; returnArgs?: boolean }
  | { op: 'exports'; module: string };

export const fail = (kind: CallFailure['kind'], message: string): CallFailure => ({ ok: false, kind, message });

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

/** A call that cannot be sent as it is: a bad function name, arguments that are not a list, bad field names. */
export function callProblem(spec: Extract<OpSpec, { op: 'call' }>): CallFailure | null {
  if (typeof spec.fn !== 'string' || !NAME_PATTERN.test(spec.fn))
    return fail('not-a-function', `invalid function name ${JSON.stringify(spec.fn)}`);
  if (!Array.isArray(spec.args)) return fail('unserializable', 'args must be an array');
  if (!fieldNames(spec.keep)) return fail('unserializable', 'keep must list field names');
  if (spec.only !== undefined && !fieldNames(spec.only)) return fail('unserializable', 'only must list field names');
  return null;
}

/** The op as the runner reads it, its arguments encoded (matrices by handle); a failure when they cannot be sent. */
export function toWire(spec: OpSpec, handles: HandleTable): WireOp | CallFailure {
  if (spec.op === 'exports') return spec;
  try {
    const args = encodeValue(spec.args, { handle: (id) => handles.toRunner(id) }) as unknown[];
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

/** The runner's answer to the op, decoded by `deadline` (ms, performance.now()); a failure when it is refused. */
export function decodeOutcome(spec: OpSpec, o: RunnerOutcome, deadline: number, handles: HandleTable): CallOutcome {
  if (!o.ok) return o;
  try {
    if (spec.op === 'exports') {
      const v = o.value as { names?: unknown; functions?: unknown };
      return { ok: true, value: { names: exportNames(v?.names), functions: exportNames(v?.functions) }, ms: o.ms };
    }
    return {
      ok: true,
      value: decodeValue(o.value, { handle: (n) => handles.fromRunner(n), deadline }),
      ms: o.ms,
    };
  } catch (e) {
    return fail('unserializable', `the result was refused: ${e instanceof Error ? e.message : String(e)}`);
  }
}
