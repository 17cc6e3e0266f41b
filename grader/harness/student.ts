/**
 * The trusted side's view of a student's module: an async proxy whose calls run in the sandbox
 * child process. Arguments go over as transport values; whatever comes back is untrusted data
 * and is only turned into a Matrix after its type and size are checked.
 */
import { Matrix } from '../../exercises/lib/matrix';
import { EarlierResult } from '../sandbox/codec';
import { perturbVariants, Sandbox, stopsBatch, type CallOutcome, type CallFailure, type MatrixData } from '../sandbox';

type SandboxKind = CallFailure['kind'];

/** One call of a series (StudentModule.series). */
export interface SeriesCall {
  fn: string;
  args: unknown[];
  /** As CallOptions.keep; a later call of the series takes a kept field as `earlier(i, field)`. */
  keep?: string[];
  only?: string[];
}

/** In the arguments of a call of a series: the field `field` that call `call` of the same series keeps. */
export const earlier = (call: number, field: string): EarlierResult => new EarlierResult(call, field);

/** The failures after which a check goes on with its next case (that case alone fails): an exception, a refused result. */
export const CASE_FAILURES: readonly SandboxKind[] = ['threw', 'unserializable'];

/** A series' result at a case: its value, or its failure thrown (a check that ends at any failure). */
export function valueOf<T = unknown>(result: unknown): T {
  if (result instanceof StudentFailure) throw result;
  return result as T;
}

export type FailureKind = CallFailure['kind'] | 'not-implemented' | 'compile-error';

/** A call into the student's code that did not return a value. */
export class StudentFailure extends Error {
  override readonly name = 'StudentFailure';
  constructor(
    readonly kind: FailureKind,
    readonly fn: string,
    message: string,
  ) {
    super(message);
  }
}

/** The uniform text every generated stub throws; recognising it turns "threw" into "not implemented". */
export const STUB_MARKER = 'is not implemented yet';

/** What the sandbox decodes a returned matrix to: plain data, checked here before it becomes a Matrix. */
function isMatrixData(v: unknown): v is MatrixData {
  if (v === null || typeof v !== 'object') return false;
  const { rows, cols, data } = v as Partial<MatrixData>;
  return (
    Number.isSafeInteger(rows) &&
    Number.isSafeInteger(cols) &&
    (rows as number) >= 0 &&
    (cols as number) >= 0 &&
    data instanceof Float64Array &&
    data.length === (rows as number) * (cols as number)
  );
}

/** Untrusted results to trusted values: well-formed matrices become Matrix, the rest stays data. */
export function fromSandbox(value: unknown, depth = 0): unknown {
  if (depth > 32) return undefined;
  if (isMatrixData(value)) return new Matrix(value.rows, value.cols, Float64Array.from(value.data));
  if (Array.isArray(value)) return value.map((v) => fromSandbox(v, depth + 1));
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromSandbox(v, depth + 1)]));
  }
  return value;
}

function failureOf(outcome: CallFailure, fn: string): StudentFailure {
  const kind: FailureKind =
    outcome.kind === 'threw' && outcome.message.includes(STUB_MARKER) ? 'not-implemented' : outcome.kind;
  return new StudentFailure(kind, fn, outcome.message);
}

export interface CallOptions {
  /** Fields of the returned object that stay in the sandbox and come back as handles (e.g. `cache`). */
  keep?: string[];
  /** Only these fields of the returned object come back (the rest is dropped in the sandbox: a cache nobody reads). */
  only?: string[];
  /** Also send back the arguments as they are after the call: `{ $result, $args }`, to see whether they were changed. */
  returnArgs?: boolean;
}

/**
 * Functions that already ran out of time in a sandbox. A function that looped once is not given
 * the full time limit again on any later call, single or batched: it fails at once, so a looping
 * function costs one time limit, not one per call (nor the whole budget in a batch of calls).
 */
const timedOut = new WeakMap<Sandbox, Map<string, string>>();

export class StudentModule {
  constructor(
    private readonly sandbox: Sandbox,
    readonly module: string,
  ) {}

  /** The timeout of an earlier call of `fn` in this sandbox, if it had one. */
  private earlierTimeout(fn: string): StudentFailure | null {
    const message = timedOut.get(this.sandbox)?.get(`${this.module}:${fn}`);
    return message === undefined ? null : new StudentFailure('timeout', fn, message);
  }

  private noteTimeouts(fn: string, outcomes: CallOutcome[]): void {
    const timeout = outcomes.find((o) => !o.ok && o.kind === 'timeout');
    if (!timeout || timeout.ok) return;
    const seen = timedOut.get(this.sandbox) ?? new Map<string, string>();
    seen.set(`${this.module}:${fn}`, timeout.message);
    timedOut.set(this.sandbox, seen);
  }

  /** Calls the student's function; resolves to its decoded result or rejects with a StudentFailure. */
  async call<T = unknown>(fn: string, args: unknown[], opts: CallOptions = {}): Promise<T> {
    const earlier = this.earlierTimeout(fn);
    if (earlier) throw earlier;
    const outcome = await this.sandbox.call(this.module, fn, args, opts);
    this.noteTimeouts(fn, [outcome]);
    return this.unwrap<T>(outcome, fn);
  }

  /** Many calls of one function in a single round trip; each result or failure separately. */
  async callMany(
    fn: string,
    argLists: unknown[][],
    opts: Pick<CallOptions, 'keep' | 'only'> = {},
  ): Promise<(unknown | StudentFailure)[]> {
    const earlier = this.earlierTimeout(fn);
    if (earlier) return argLists.map(() => earlier);
    const outcomes = await this.sandbox.callMany(
      argLists.map((args) => ({ module: this.module, fn, args, keep: opts.keep, only: opts.only })),
    );
    this.noteTimeouts(fn, outcomes);
    return outcomes.map((o) => (o.ok ? fromSandbox(o.value) : failureOf(o, fn)));
  }

  /**
   * Calls of this module in one round trip, in order, standing for a check's calls one by one: each call's value or
   * StudentFailure, up to the first failure that is not of a kind in `continueAfter` (none: any failure); every later
   * call gives that same failure, since a check made of single calls ends there. A function that timed out before
   * fails at once, here too (as `call` does).
   */
  async series(calls: SeriesCall[], continueAfter: readonly SandboxKind[] = []): Promise<(unknown | StudentFailure)[]> {
    const cut = calls.findIndex((c) => this.earlierTimeout(c.fn) !== null);
    const sent = cut < 0 ? calls : calls.slice(0, cut);
    const outcomes =
      sent.length === 0
        ? []
        : await this.sandbox.callMany(
            sent.map((c) => ({ module: this.module, fn: c.fn, args: c.args, keep: c.keep, only: c.only })),
            { continueAfter },
          );
    const stop = outcomes.findIndex((o) => stopsBatch(o, continueAfter));
    const ran = stop < 0 ? outcomes : outcomes.slice(0, stop + 1);
    ran.forEach((o, i) => this.noteTimeouts(calls[i].fn, [o]));
    const results: (unknown | StudentFailure)[] = ran.map((o, i) =>
      o.ok ? fromSandbox(o.value) : failureOf(o, calls[i].fn),
    );
    const last = stop < 0 && cut >= 0 ? this.earlierTimeout(calls[cut].fn) : results[results.length - 1];
    while (results.length < calls.length) results.push(last);
    return results;
  }

  /**
   * Pairs in one series: each forward call, then its backward call, which takes what that forward kept of `kept` (its
   * cache) as `earlier`. Per pair, the backward's result, or the forward's failure when the forward failed.
   */
  async pairs(
    forwards: SeriesCall[],
    backward: (kept: EarlierResult, i: number) => SeriesCall,
    continueAfter: readonly SandboxKind[] = [],
    kept = 'cache',
  ): Promise<(unknown | StudentFailure)[]> {
    const calls = forwards.flatMap((f, i) => [{ ...f, keep: [kept] }, backward(earlier(2 * i, kept), i)]);
    const got = await this.series(calls, continueAfter);
    return forwards.map((_, i) => (got[2 * i] instanceof StudentFailure ? got[2 * i] : got[2 * i + 1]));
  }

  /**
   * The finite-difference variants of one call, run in the sandbox in one round trip (Sandbox.perturb): each
   * variant's result, or its failure; when the whole batch fails (a loop, a crash), that failure for every variant.
   */
  async perturbed(
    fn: string,
    args: unknown[],
    leaves: (string | number)[][],
    opts: { h: number; only: string[] },
  ): Promise<(unknown | StudentFailure)[]> {
    const all = (failure: StudentFailure) => new Array<StudentFailure>(perturbVariants({ args, leaves })).fill(failure);
    const earlier = this.earlierTimeout(fn);
    if (earlier) return all(earlier);
    const outcome = await this.sandbox.perturb({ module: this.module, fn, args, leaves, h: opts.h, only: opts.only });
    this.noteTimeouts(fn, [outcome]);
    if (!outcome.ok) return all(failureOf(outcome, fn));
    return (outcome.value as CallOutcome[]).map((o) => (o.ok ? fromSandbox(o.value) : failureOf(o, fn)));
  }

  private unwrap<T>(outcome: CallOutcome, fn: string): T {
    if (!outcome.ok) throw failureOf(outcome, fn);
    return fromSandbox(outcome.value) as T;
  }
}
