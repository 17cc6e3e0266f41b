/**
 * The async proxy the trusted side uses to call student code. One Sandbox serves one staging root; its process is
 * started eagerly, restarted lazily after a death, and charged against a total time budget counted on the sandbox's
 * clock (clock.ts: wall time less its waits for a busy CPU). Calls are serialized: the runner is single-threaded,
 * and queuing here keeps each call's time limit about that call alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventLog } from './events';
import { HandleTable } from './handles';
import { buildCommand, IsolationReport, isolationDetails } from './isolation';
import { Acceptance, LayerStatus, refusedLayers, SandboxRefusedError, stagingLayers } from './layers';
import {
  absentModule,
  beforeStop,
  callProblem,
  callsIn,
  crashed,
  decodeBatch,
  fail,
  fillAfterStop,
  moduleProblem,
  perturbOp,
  timeoutFailure,
  wireBatch,
  type OpSpec,
} from './ops';
import { RunResult, Session } from './session';
import { MAX_SLOWDOWN } from './clock';
import {
  type BatchOptions,
  CallFailure,
  type FailureKind,
  CallOutcome,
  CallSpec,
  DEFAULT_LIMITS,
  MAX_MESSAGE_BYTES,
  SandboxEvent,
  SandboxLimits,
  WireOp,
  type PerturbSpec,
} from './types';

export type ExportsOutcome = { ok: true; names: string[]; functions: string[] } | CallFailure;

const POISON_KINDS = new Set(['timeout', 'exited', 'out-of-memory', 'crashed']);

export class Sandbox {
  private readonly log = new EventLog();
  /** Spawn to the runner's greeting, for the first process (ms). */
  startupMs = 0;
  private session: Session | null = null;
  private generation = 0;
  private usedMs = 0;
  private readonly poisoned = new Map<string, CallFailure>();
  private readonly absentSeen = new Map<string, CallFailure | null>();
  private readonly handles = new HandleTable();
  private queue: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;

  private constructor(
    readonly root: string,
    readonly limits: SandboxLimits,
    readonly isolation: IsolationReport,
    private readonly argv: string[],
    /** Every layer's state for this sandbox; missing ones were accepted (see start). */
    readonly layers: LayerStatus[],
  ) {}

  /**
   * Starts a sandbox on `root`. Fail closed: when a layer is missing that `accept` does not name (by
   * default none is accepted), it throws SandboxRefusedError and no student code runs.
   */
  static async start(opts: { root: string; limits?: Partial<SandboxLimits>; accept?: Acceptance }): Promise<Sandbox> {
    const limits = { ...DEFAULT_LIMITS, ...opts.limits };
    for (const [k, v] of Object.entries(limits)) {
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`sandbox limit ${k} must be a positive number, got ${v}`);
    }
    const root = fs.realpathSync(opts.root);
    if (!fs.existsSync(path.join(root, 'runner.js')))
      throw new Error(`${root} has no runner.js (call writeRunner first)`);
    const d = await isolationDetails();
    const layers = stagingLayers(root, d);
    const refused = refusedLayers(layers, opts.accept ?? []);
    if (refused.length > 0) throw new SandboxRefusedError(refused, layers);
    const dropUser = layers.some((s) => s.layer === 'user' && s.state === 'in-force');
    const report = { pidNamespace: d.pidNamespace, netNamespace: d.netNamespace, dropUser, memoryLimit: d.memoryLimit };
    const sb = new Sandbox(root, limits, report, buildCommand(root, limits, d, dropUser), layers);
    for (const note of d.notes) sb.record({ kind: 'isolation', detail: note });
    const userWhy = layers.find((s) => s.layer === 'user' && s.state === 'missing')?.why;
    if (d.dropUser && userWhy) sb.record({ kind: 'isolation', detail: `running as the grader's user: ${userWhy}` });
    const t0 = performance.now();
    const failure = await sb.spawn();
    if (failure) {
      await sb.close();
      throw new Error(`the sandbox could not start: ${failure.message}`);
    }
    sb.startupMs = performance.now() - t0;
    return sb;
  }

  /** What happened to the sandbox's processes, in order (bounded per kind: events.ts). */
  get events(): SandboxEvent[] {
    return this.log.list;
  }

  /** Process-group id of the current sandbox process (null when none is running). */
  get pgid(): number | null {
    return this.session && !this.session.dead ? this.session.child.pgid : null;
  }

  /** Time charged to the budget so far (ms, on the sandbox's clock). */
  get budgetUsedMs(): number {
    return this.usedMs;
  }

  private budgetFor: string | null = null;

  /**
   * The total budget is per exercise: when one sandbox serves several exercises of a submission in turn, each
   * starts with the whole budget, so an endless loop in one exercise costs no other its time.
   */
  budgetFrom(exercise: string): void {
    if (this.budgetFor === exercise) return;
    this.budgetFor = exercise;
    this.usedMs = 0;
  }

  /** A bounded excerpt of what the current process printed on stdout (never read as a result). */
  get stdout(): string {
    return this.session?.child.stdoutExcerpt ?? '';
  }

  call(module: string, fn: string, args: unknown[], opts: Omit<CallSpec, 'module' | 'fn' | 'args'> = {}) {
    const spec = { op: 'call' as const, module, fn, args, ...opts, keep: opts.keep ?? [] };
    return this.enqueue(async (): Promise<CallOutcome> => (await this.runOps([spec]))[0]);
  }

  /** Calls in one round trip, in order, each with its own outcome; see BatchOptions for what follows a failure. */
  callMany(calls: CallSpec[], opts: BatchOptions = {}): Promise<CallOutcome[]> {
    const specs = calls.map((c) => ({ op: 'call' as const, ...c, keep: c.keep ?? [] }));
    return this.enqueue(() => this.runOps(specs, opts.continueAfter));
  }

  /**
   * The finite-difference variants of one call (see PerturbSpec), in one round trip: the outcome's value is each
   * variant's outcome, in order. Its time limit is the call limit once per variant.
   */
  perturb(spec: PerturbSpec): Promise<CallOutcome> {
    return this.enqueue(async () => (await this.runOps([perturbOp(spec)]))[0]);
  }

  async exports(module: string): Promise<ExportsOutcome> {
    const [o] = await this.enqueue(() => this.runOps([{ op: 'exports', module }]));
    if (!o.ok) return o;
    return { ok: true, ...(o.value as { names: string[]; functions: string[] }) };
  }

  /** Kills the whole process tree; idempotent. Calls made afterwards fail as 'crashed'. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const s = this.session;
      if (s && !s.dead) s.kill(crashed('the sandbox was closed'));
      const keepAlive = setInterval(() => undefined, 1000); // the child's handles are unref'd
      try {
        if (s) await s.exit;
      } finally {
        clearInterval(keepAlive);
      }
    })();
    return this.closing;
  }

  private record(e: SandboxEvent): void {
    this.log.record(e);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const p = this.queue.then(job, job);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private remainingMs(): number {
    return this.limits.totalMs - this.usedMs;
  }

  private budgetFailure(): CallFailure {
    return fail('budget-exhausted', `the sandbox's total time budget of ${this.limits.totalMs} ms is used up`);
  }

  private async spawn(): Promise<CallFailure | null> {
    if (this.remainingMs() <= 0) return this.budgetFailure();
    this.generation++;
    this.handles.newGeneration();
    const s = await Session.start(this.argv, this.root, MAX_MESSAGE_BYTES, this.limits.memoryMb, (e) => this.record(e));
    this.session = s;
    if (this.closing) s.kill(crashed('the sandbox was closed'));
    const t0 = performance.now();
    // Starting runs only our runner (the student's modules load with their first call): a busy machine may take as
    // long as it needs, within the clock's slowest pace. The budget is charged on the sandbox's clock, from the fork.
    const failure = await s.ready(Math.min(Math.max(this.limits.callMs, 5000), this.remainingMs()) * MAX_SLOWDOWN);
    this.usedMs += failure ? performance.now() - t0 : s.clock.charged({ wall: t0, waited: 0, cpu: 0 });
    return failure;
  }

  private async ensureSession(): Promise<CallFailure | null> {
    if (this.session && !this.session.dead) return null;
    this.record({
      kind: 'restart',
      detail: `starting sandbox process #${this.generation + 1} after the previous one ended`,
    });
    return this.spawn();
  }

  /** Cheap checks that need no process: closed, budget, argument shapes, modules that already died loading. */
  private precheck(spec: OpSpec): CallFailure | null {
    if (this.closing) return crashed('the sandbox is closed');
    if (this.remainingMs() <= 0) return this.budgetFailure();
    const problem = moduleProblem(spec) ?? this.poisoned.get(spec.module);
    if (problem) return problem;
    return (spec.op === 'exports' ? null : callProblem(spec)) ?? this.absent(spec.module);
  }

  /** absentModule (ops.ts), once per module: a call into a module that is not there needs no process. */
  private absent(module: string): CallFailure | null {
    if (!this.absentSeen.has(module)) this.absentSeen.set(module, absentModule(this.root, module));
    return this.absentSeen.get(module) ?? null;
  }

  private async runOps(specs: OpSpec[], goOn?: readonly FailureKind[]): Promise<CallOutcome[]> {
    const results = new Array<CallOutcome>(specs.length);
    let pending = specs.map((_, i) => i);
    while (pending.length > 0) {
      if (this.remainingMs() <= 0 && this.session && !this.session.dead) this.session.kill(this.budgetFailure());
      for (const i of pending) {
        const early = this.precheck(specs[i]);
        if (early) results[i] = early;
      }
      pending = beforeStop(pending, results, goOn).filter((i) => results[i] === undefined);
      if (pending.length === 0) break;
      const notStarted = await this.ensureSession();
      if (notStarted) {
        for (const i of pending) results[i] = this.remainingMs() <= 0 ? this.budgetFailure() : notStarted;
        break;
      }
      const { batch, wire } = wireBatch(specs, pending, results, this.handles, goOn);
      if (batch.length === 0) break;
      const r = await this.runBatch(specs, batch, wire, results, goOn);
      if (!r.death) break;
      const dying = batch[r.outcomes.length];
      if (dying === undefined) break;
      results[dying] = r.death.failure;
      this.poisonOnLoadDeath(r.death);
      pending = batch.slice(r.outcomes.length + 1);
      // A batch that stops at failures does not go on in a new process: what it did not run reports the death.
      if (goOn) for (const i of pending.splice(0)) results[i] = r.death.failure;
    }
    fillAfterStop(results, goOn);
    return results;
  }

  /**
   * Runs one batch in the current process, each op within the call limit or what is left of the budget, and
   * decodes the answers into `results`; the run and the decoding are charged to the budget.
   */
  private async runBatch(
    specs: OpSpec[],
    batch: number[],
    wire: WireOp[],
    results: CallOutcome[],
    goOn?: readonly FailureKind[],
  ): Promise<RunResult> {
    const { callMs } = this.limits;
    const session = this.session as Session;
    const runStart = session.clock.mark();
    const limit = (i: number) => {
      const left = this.remainingMs() - session.clock.charged(runStart);
      const ms = callMs * callsIn(specs[batch[i]] ?? specs[batch[0]]);
      return left < ms ? { ms: left, failure: this.budgetFailure() } : { ms, failure: timeoutFailure(ms, callMs) };
    };
    const r = await session.run(wire, limit, goOn);
    this.usedMs += r.elapsedMs;
    // Decoding happens in the trusted process but is the call's cost: it is timed and charged like the call.
    const decodeStart = performance.now();
    decodeBatch({ specs, batch, results, handles: this.handles }, r.outcomes, callMs, () => this.remainingMs());
    this.usedMs += performance.now() - decodeStart;
    return r;
  }

  /** A module whose loading killed the process (a loop, an exit, memory, a crash) is not loaded again. */
  private poisonOnLoadDeath(death: NonNullable<RunResult['death']>): void {
    if (death.duringLoad === null || !POISON_KINDS.has(death.failure.kind)) return;
    const m = death.duringLoad;
    this.poisoned.set(m, {
      ...death.failure,
      message: `${death.failure.message}; later calls into ${m} are not retried`,
    });
  }
}
