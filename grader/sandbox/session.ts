/**
 * The request protocol with one sandboxed process (one "generation"): sending a batch of
 * operations, timing each against the per-call limit, and accepting only answers that match the
 * request. Every other message is recorded as forged and dropped. When the process dies, the death
 * is classified into a CallFailure for the operation that was running.
 */
import { randomBytes } from 'node:crypto';
import { ChildExit, SandboxChild } from './child';
import { SandboxClock } from './clock';
import { encodeFrame, FrameEvent } from './frames';
import { crashed, fail, stoppedEarly, validOutcome } from './ops';
import { CallFailure, FailureKind, SandboxEvent, WireOp, type RunnerOutcome, type WireRequest } from './types';

export interface RunResult {
  /** Answers for ops[0 .. outcomes.length - 1]. */
  outcomes: RunnerOutcome[];
  /** Set when the process ended before answering ops[outcomes.length]. */
  death?: { failure: CallFailure; duringLoad: string | null };
  /** What the run costs the budget (clock.ts `charged`), from sending the request to the last answer or death. */
  elapsedMs: number;
}

interface Exchange {
  id: string;
  ops: WireOp[];
  /** BatchOptions.continueAfter: the runner stops after a failure of any other kind. */
  continueAfter?: readonly FailureKind[];
  outcomes: RunnerOutcome[];
  loading: string | null;
  mark: number;
  rearm: () => void;
  finish: (death?: RunResult['death']) => void;
}

const MAX_FORGED = 10_000;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clip = (s: string, n = 600): string => (s.length > n ? `${s.slice(0, n)}…` : s);

export class Session {
  /** Counts what the process ran or slept, not what it waited for a busy CPU; limits are timed on it. */
  readonly clock = new SandboxClock();
  readonly exit: Promise<ChildExit>;
  private ended = false;
  private readonly nonce = randomBytes(12).toString('hex');
  private counter = 0;
  private exchange: Exchange | null = null;
  private readyWaiter: (() => void) | null = null;
  private readySeen = false;
  private killedFor: CallFailure | null = null;
  private exitNote: number | null = null;
  private fatalNote: string | null = null;
  private forged = 0;

  /** A session on a new process running `argv` in `cwd` (see SandboxChild.start). */
  static async start(argv: string[], cwd: string, maxBytes: number, memoryMb: number, record: Session['record']) {
    return new Session(await SandboxChild.start(argv, cwd, maxBytes), memoryMb, record);
  }

  private constructor(
    readonly child: SandboxChild,
    private readonly memoryMb: number,
    private readonly record: (e: SandboxEvent) => void,
  ) {
    this.child.onFrame = (e) => this.onFrame(e);
    this.exit = this.child.exited.then((exit) => {
      this.ended = true;
      this.onDeath(exit);
      this.clock.close();
      return exit;
    });
  }

  /** True once the process is gone; its death may still be being classified (see `exit`). */
  get dead(): boolean {
    return this.ended || this.child.hasExited;
  }

  /** Waits for the runner's greeting; null when it came, otherwise why not. */
  async ready(timeoutMs: number): Promise<CallFailure | null> {
    if (!this.readySeen) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((r) => (this.readyWaiter = r)),
        this.exit,
        new Promise<void>((r) => (timer = setTimeout(r, timeoutMs))),
      ]);
      clearTimeout(timer);
    }
    if (this.readySeen && !this.dead) {
      this.clock.attach(this.child.pgid);
      return null;
    }
    if (!this.dead) this.kill(crashed(`the sandbox did not start within ${timeoutMs} ms`));
    const exit = await this.exit;
    return this.killedFor ?? this.classify(exit);
  }

  /** Kills the process group; `why` becomes the failure of the operation that was running. */
  kill(why: CallFailure): void {
    this.killedFor ??= why;
    this.child.kill();
  }

  /**
   * Runs ops in order. `limit(i)` is asked, at the start and after each answer, how long the next op (ops[i])
   * may take and what to report if it takes longer (the call limit, or what is left of the budget).
   */
  run(
    ops: WireOp[],
    limit: (index: number) => { ms: number; failure: CallFailure },
    continueAfter?: readonly FailureKind[],
  ): Promise<RunResult> {
    const id = `${this.nonce}:${++this.counter}`;
    const t0 = performance.now();
    const start = this.clock.mark();
    return new Promise<RunResult>((resolve) => {
      let cancel = (): void => undefined;
      const ex: Exchange = {
        id,
        ops,
        continueAfter,
        outcomes: [],
        loading: null,
        mark: t0,
        rearm: () => {
          cancel();
          const { ms, failure } = limit(ex.outcomes.length);
          cancel = this.limitTimer(ms, failure);
        },
        finish: (death) => {
          cancel();
          this.exchange = null;
          resolve({ outcomes: ex.outcomes, death, elapsedMs: this.clock.charged(start) });
        },
      };
      if (this.dead)
        return ex.finish({
          failure: this.killedFor ?? crashed('the sandbox process is not running'),
          duringLoad: null,
        });
      this.exchange = ex;
      ex.rearm();
      try {
        const request: WireRequest = { t: 'run', id, ops };
        this.child.send(encodeFrame(continueAfter ? { ...request, continueAfter: [...continueAfter] } : request));
      } catch (e) {
        // Only trusted arguments are in the request; failing to frame them is reported, not thrown.
        ex.finish({
          failure: { ok: false, kind: 'unserializable', message: `the arguments cannot be sent: ${String(e)}` },
          duringLoad: null,
        });
        return;
      }
      ex.mark = performance.now();
    });
  }

  /**
   * Kills the process with `failure` once the sandbox's clock has counted `ms`; returns what cancels it. The timer is
   * set in wall time; when it fires and the clock has counted less (the process waited for a CPU), it is set again
   * for the rest.
   */
  private limitTimer(ms: number, failure: CallFailure): () => void {
    const armed = this.clock.mark();
    let timer: NodeJS.Timeout | undefined;
    const fire = (wait: number): void => {
      timer = setTimeout(
        () => {
          const counted = this.clock.since(armed);
          if (counted < ms - 1) fire(ms - counted);
          else this.kill(failure);
        },
        Math.max(0, wait),
      );
    };
    fire(ms);
    return () => clearTimeout(timer);
  }

  private onFrame(e: FrameEvent): void {
    if (e.kind === 'oversized') {
      this.forgedMessage(`a frame announcing ${e.bytes} bytes, over the limit`);
      this.kill(crashed(`the sandboxed process sent an oversized message (${e.bytes} bytes)`));
      return;
    }
    if (e.kind === 'undecodable') return this.forgedMessage(`an undecodable frame (${e.error})`);
    const m = e.value;
    if (!isRecord(m) || typeof m.t !== 'string')
      return this.forgedMessage('a message that is not an object with a type');
    const ex = this.exchange;
    const mine = ex !== null && m.id === ex.id;
    switch (m.t) {
      case 'ready':
        if (this.readySeen) return this.forgedMessage('a second ready message');
        this.readySeen = true;
        this.readyWaiter?.();
        return;
      case 'denied':
        this.record({ kind: 'access-denied', detail: clip(String(m.detail), 300), ...this.where() });
        return;
      case 'exit':
        if (this.exitNote === null && Number.isInteger(m.code)) this.exitNote = m.code as number;
        return;
      case 'fatal':
        if (this.fatalNote === null && typeof m.message === 'string') this.fatalNote = clip(m.message);
        return;
      case 'load':
        if (!ex || !mine || typeof m.module !== 'string' || (m.phase !== 'start' && m.phase !== 'end')) break;
        ex.loading = m.phase === 'start' ? m.module : null;
        if (m.phase === 'end') ex.mark = performance.now(); // the call's ms excludes loading its module
        return;
      case 'outcome': {
        const outcome = ex && mine && m.index === ex.outcomes.length ? validOutcome(m.outcome) : null;
        if (!ex || !outcome || ex.outcomes.length >= ex.ops.length) break;
        const now = performance.now();
        // A failed ArrayBuffer allocation is caught inside the child: the process lives on, so note it here.
        if (!outcome.ok && outcome.kind === 'out-of-memory')
          this.record({ kind: 'out-of-memory', detail: outcome.message, ...this.where() });
        ex.outcomes.push(outcome.ok ? { ...outcome, ms: now - ex.mark } : outcome);
        ex.mark = now;
        ex.loading = null;
        ex.rearm();
        return;
      }
      case 'done':
        if (!ex || !mine || !(ex.outcomes.length === ex.ops.length || stoppedEarly(ex.outcomes, ex.continueAfter)))
          break;
        ex.finish();
        return;
    }
    this.forgedMessage(
      `an unexpected ${clip(m.t, 40)} message${typeof m.id === 'string' ? ` for request ${clip(m.id, 60)}` : ''}`,
    );
  }

  private where(): { module?: string; fn?: string } {
    const ex = this.exchange;
    const op = ex?.ops[ex.outcomes.length];
    if (!op) return {};
    return op.op === 'call' ? { module: op.module, fn: op.fn } : { module: op.module };
  }

  private forgedMessage(detail: string): void {
    if (++this.forged > MAX_FORGED) {
      this.kill(crashed(`the sandboxed process flooded the channel with ${MAX_FORGED} unexpected messages`));
      return;
    }
    this.record({ kind: 'forged-message', detail, ...this.where() });
  }

  private onDeath(exit: ChildExit): void {
    const failure = this.killedFor ?? this.classify(exit);
    const where = this.where();
    const how = exit.spawnError ?? (exit.signal ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`);
    // An 'exit' is the student's process ending by itself; one the grader killed (time limit, budget, close,
    // a flood on the channel) is reported by its own event, not as "your code ended its process".
    if (this.killedFor === null)
      this.record({ kind: 'exit', detail: `process ${this.child.pgid} ended (${how}): ${failure.message}`, ...where });
    if (failure.kind === 'timeout' || failure.kind === 'out-of-memory')
      this.record({ kind: failure.kind, detail: failure.message, ...where });
    if (exit.stderr.includes('ERR_ACCESS_DENIED'))
      this.record({ kind: 'access-denied', detail: 'reported on stderr', ...where });
    if (exit.stderr.trim()) this.record({ kind: 'stderr', detail: exit.stderr, ...where });
    const ex = this.exchange;
    if (ex)
      ex.finish({
        failure: ex.loading ? { ...failure, message: withLoad(failure.message, ex.loading) } : failure,
        duringLoad: ex.loading,
      });
  }

  private classify(exit: ChildExit): CallFailure {
    if (exit.spawnError) return crashed(`could not start the sandbox: ${exit.spawnError}`);
    // Memory first: an exit note could be forged earlier, an OOM line on stderr comes from V8 itself.
    const fatalOom = this.fatalNote !== null && /allocation failed|out of memory/i.test(this.fatalNote);
    if (exit.oomLine !== null || fatalOom) {
      return fail('out-of-memory', `ran out of memory (limit ${this.memoryMb} MB): ${exit.oomLine ?? this.fatalNote}`);
    }
    if (this.exitNote !== null) return fail('exited', `process.exit(${this.exitNote}) was called`);
    if (this.fatalNote !== null) return crashed(`uncaught exception: ${this.fatalNote}`);
    if (exit.signal === 'SIGXCPU') return fail('timeout', 'the CPU time limit was reached');
    if (exit.signal) return crashed(`the process was killed by ${exit.signal}${firstLine(exit.stderr)}`);
    if (exit.code === 71) return crashed('the sandboxed process lost its answer channel');
    return fail('exited', `the process exited with code ${String(exit.code)}${firstLine(exit.stderr)}`);
  }
}

function withLoad(message: string, module: string): string {
  return message.includes('while loading') ? message : `${message} (while loading ${module})`;
}

function firstLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim() !== '');
  return line ? `: ${clip(line.trim(), 200)}` : '';
}
