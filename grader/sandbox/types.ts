/**
 * Public types of the sandbox and the wire messages between the trusted side and the runner.
 * The runner (runner.ts) cannot import this file (it is transpiled alone), so it repeats the
 * few shapes it needs; keep the two in step.
 */

export interface SandboxLimits {
  /** Wall-clock limit for one call, including loading its module the first time. */
  callMs: number;
  /** Wall-clock time the sandbox may spend busy on our behalf (starts, calls, restarts) in total. */
  totalMs: number;
  /** Memory the student may use on top of an idle Node (V8 heap and ArrayBuffers alike). */
  memoryMb: number;
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  callMs: 10_000,
  totalMs: 60_000,
  memoryMb: 512,
});

export type FailureKind =
  | 'threw'
  | 'not-a-function'
  | 'missing-module'
  | 'load-failed'
  | 'timeout'
  | 'out-of-memory'
  | 'exited'
  | 'crashed'
  | 'unserializable'
  | 'budget-exhausted';

export type CallFailure = { ok: false; kind: FailureKind; message: string };
export type CallOutcome = { ok: true; value: unknown; ms: number } | CallFailure;
/** An op's outcome as the runner answered it (before the trusted side decodes its value). */
export type RunnerOutcome = CallOutcome;

export interface SandboxEvent {
  kind:
    | 'exit'
    | 'timeout'
    | 'out-of-memory'
    | 'access-denied'
    | 'forged-message'
    | 'stderr'
    | 'restart'
    /** An isolation layer was unavailable and the sandbox runs without it. */
    | 'isolation';
  detail: string;
  module?: string;
  fn?: string;
}

export interface CallSpec {
  module: string;
  fn: string;
  args: unknown[];
  /** Fields of the returned object that stay in the sandbox and come back as handles. */
  keep?: string[];
  /**
   * Only these fields of the returned object come back; the others are dropped inside the sandbox (finite
   * differences need the outputs, not the cache of every perturbed forward).
   */
  only?: string[];
  /** Answer `{ $result, $args }`: the arguments as they are after the call, to see whether it changed them. */
  returnArgs?: boolean;
}

/**
 * Finite-difference variants of one call, run inside the sandbox in one round trip: for each leaf (the keys from the
 * arguments down to a matrix), each element, + then − h, the call on fresh arguments with that element moved.
 */
export interface PerturbSpec {
  module: string;
  fn: string;
  args: unknown[];
  leaves: (string | number)[][];
  h: number;
  /** The fields of each variant's result that come back (see CallSpec.only). */
  only: string[];
}

/** One operation inside a request; the runner answers each with an `outcome` message. */
export type WireOp =
  | { op: 'call'; module: string; fn: string; args: unknown[]; keep: string[]; only?: string[]; returnArgs?: boolean }
  | ({ op: 'perturb' } & PerturbSpec)
  | { op: 'exports'; module: string };

/**
 * How a batch of calls goes on after a failure. Absent: every call runs, each with its own outcome (a process that
 * died is started again for the rest). `continueAfter`: the batch goes on after a call that failed with one of these
 * kinds, and stops at any other failure; every call after that one reports the same failure, as if it had been the
 * next single call of a check that ends at the first such failure.
 */
export interface BatchOptions {
  continueAfter?: readonly FailureKind[];
}

export type WireRequest = { t: 'run'; id: string; ops: WireOp[]; continueAfter?: FailureKind[] };

/** Failure kinds the runner itself may report; the rest are decided on the trusted side. */
export const RUNNER_KINDS: ReadonlySet<FailureKind> = new Set<FailureKind>([
  'threw',
  'not-a-function',
  'missing-module',
  'load-failed',
  'unserializable',
  'out-of-memory',
]);

/**
 * Transport limits shared with the runner (passed to it on the command line). The largest honest message of the
 * course is about 1.2 MB (the perfect example, every exercise); a larger one is refused before it is read, so one
 * answer costs the grader at most a few times this in memory (the frame, and the value decoded from it).
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
export const MAX_DEPTH = 64;
export const MAX_ARRAY_LENGTH = 10_000_000;
export const MAX_KEYS = 100_000;
/**
 * What one returned value may expand to on the trusted side, in units (expanded-size.ts: a node, 8
 * bytes of typed array, or 16 characters): about 64 MB of numbers. The largest honest result in the
 * course (05's forecasts) is far below it.
 */
export const MAX_RESULT_UNITS = 8_000_000;

/** Module paths are relative to the staging root, without extension, and cannot climb out. */
export const MODULE_PATTERN = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,199}$/;
export const NAME_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]{0,99}$/;
