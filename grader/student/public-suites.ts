/**
 * The public suites of `check`, run in the checker's own process without Vitest. Starting Vitest (its Vite server,
 * module runner and worker threads) was most of a cold `check`, and the fresh workers Vitest starts for every run most
 * of a warm one.
 *
 * The suites and the harness are the very files grading runs in Vitest; only the host they register their checks with
 * differs. Before the harness is first loaded, a host of our own takes the place of grader/harness/host.ts in Node's
 * module cache (the same `test`, `afterAll` and `inject`, for what the harness uses of them). Each run then loads each
 * suite file afresh with require (the CLI's TypeScript hook), runs its checks one after another with the timeout each
 * was registered with, runs its afterAll hooks (which close its sandbox), and reads every check's record from its task
 * meta, as grade/run-suites.ts reads Vitest's. So a check's record is the one grading gives on the same cases
 * (test/student/public-suites.test.ts runs both). Student code still runs only in the sandbox the harness starts.
 */
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import type { RanCheck, SuiteRun } from '../grade/run-suites';
import type { CheckRecord } from '../harness/check-tools';
import type { GradingContext } from '../harness/context';

interface Meta {
  gatelab?: CheckRecord;
  gatelabExercise?: string;
}

type TestBody = (context: { task: { name: string; meta: Meta } }) => unknown;

interface Registered {
  name: string;
  timeoutMs: number;
  body: TestBody;
}

/** What one suite file registered while it loaded. */
interface Collected {
  tests: Registered[];
  afterAll: (() => unknown)[];
  provided: Record<string, unknown>;
}

/** Vitest's default test timeout, for a test registered without one (the harness always gives one). */
const DEFAULT_TIMEOUT_MS = 5_000;
const STATE = Symbol.for('gatelab.public-suites');

interface HostState {
  /** The suite file being loaded or run; null between files. */
  current: Collected | null;
  /** Runs one at a time: the harness keeps a file's sandbox in a module variable, one per loaded harness. */
  queue: Promise<unknown>;
}

/** The host module's exports: what the harness imports from grader/harness/host.ts, for the file at hand. */
interface Host {
  test: (name: string, opts: { timeout?: number } | TestBody, body?: TestBody) => void;
  afterAll: (hook: () => unknown) => void;
  inject: (key: string) => unknown;
  [STATE]: HostState;
}

function makeHost(): Host {
  const state: HostState = { current: null, queue: Promise.resolve() };
  const collecting = (what: string): Collected => {
    if (!state.current) throw new Error(`gatelab: ${what}() was called while no public suite was loading`);
    return state.current;
  };
  return {
    test: (name, opts, body) => {
      const fn = typeof opts === 'function' ? opts : body;
      if (!fn) throw new Error(`gatelab: test ${name} has no body`);
      const timeoutMs = typeof opts === 'object' && opts.timeout !== undefined ? opts.timeout : DEFAULT_TIMEOUT_MS;
      collecting('test').tests.push({ name, timeoutMs, body: fn });
    },
    afterAll: (hook) => void collecting('afterAll').afterAll.push(hook),
    inject: (key) => collecting('inject').provided[key],
    [STATE]: state,
  };
}

/**
 * Node's own require, with the TypeScript hook the CLI runs under (the kit's bin/load-typescript.js, tsx in the
 * repository); tsx's is registered here when there is none yet (a Checker inside Vitest, in our tests).
 */
function nodeRequire(kitRoot: string): NodeJS.Require {
  const load = createRequire(path.join(kitRoot, 'package.json'));
  if (!load.extensions['.ts']) (load('tsx/cjs/api') as { register: () => void }).register();
  return load;
}

/** Our host in the module cache at the kit's grader/harness/host.ts (once per process and harness). */
function installHost(load: NodeJS.Require, kitRoot: string): Host {
  const file = load.resolve(path.join(kitRoot, 'grader', 'harness', 'host'));
  const cached = load.cache[file] as { exports?: Partial<Host> } | undefined;
  if (cached?.exports?.[STATE]) return cached.exports as Host;
  if (cached)
    throw new Error(
      `${file} is already loaded with Vitest's test API: this process cannot run the public suites itself`,
    );
  const mod = new Module(file);
  mod.filename = file;
  mod.loaded = true;
  mod.exports = makeHost();
  load.cache[file] = mod;
  return mod.exports as Host;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Runs one check's body within its timeout; returns the error it ended with, if any. */
async function runTest(t: Registered, meta: Meta): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Test timed out in ${t.timeoutMs}ms.`)), t.timeoutMs);
  });
  try {
    await Promise.race([(async () => t.body({ task: { name: t.name, meta } }))(), timedOut]);
    return undefined;
  } catch (err) {
    return messageOf(err);
  } finally {
    clearTimeout(timer);
  }
}

/** The public suites of one kit, run in this process (see the file's header). */
export class PublicSuites {
  private constructor(
    private readonly load: NodeJS.Require,
    private readonly host: Host,
  ) {}

  /** Puts the host in place and loads the harness, so that the first run loads only the suite files. */
  static start(kitRoot: string): PublicSuites {
    const load = nodeRequire(kitRoot);
    const host = installHost(load, kitRoot);
    load(path.join(kitRoot, 'grader', 'harness'));
    return new PublicSuites(load, host);
  }

  /** Runs the suite files (absolute paths) with `context`, one file after another; one run at a time per process. */
  run(files: string[], context: GradingContext): Promise<SuiteRun> {
    const state = this.host[STATE];
    const run = state.queue.then(() => this.runFiles(files, context));
    state.queue = run.catch(() => undefined);
    return run;
  }

  private async runFiles(files: string[], context: GradingContext): Promise<SuiteRun> {
    const out: SuiteRun = { checks: [], problems: [] };
    // What Vitest would report as unhandled errors of the run: kept as problems, not the end of the process.
    const unhandled = (err: unknown) => void out.problems.push(messageOf(err));
    process.on('unhandledRejection', unhandled);
    process.on('uncaughtException', unhandled);
    try {
      for (const file of files) await this.runFile(file, context, out);
    } finally {
      process.off('unhandledRejection', unhandled);
      process.off('uncaughtException', unhandled);
    }
    return out;
  }

  private async runFile(file: string, context: GradingContext, out: SuiteRun): Promise<void> {
    const state = this.host[STATE];
    const collected: Collected = { tests: [], afterAll: [], provided: { gatelab: context } };
    state.current = collected;
    try {
      // Loaded afresh every run: a suite reads its grading context while it loads.
      const resolved = this.load.resolve(file);
      delete this.load.cache[resolved];
      try {
        this.load(resolved);
      } catch (err) {
        out.problems.push(`${file}: ${messageOf(err)}`);
        collected.tests.length = 0;
      }
      const exercise = path.basename(path.dirname(file));
      for (const t of collected.tests) {
        const meta: Meta = {};
        const error = await runTest(t, meta);
        const record = meta.gatelab ?? null;
        const ran: RanCheck = { exercise: meta.gatelabExercise ?? exercise, id: t.name, record };
        out.checks.push(record ? ran : { ...ran, error: error ?? 'the check did not run' });
      }
      // Vitest runs a file's afterAll hooks last registered first.
      for (const hook of [...collected.afterAll].reverse()) {
        try {
          await hook();
        } catch (err) {
          out.problems.push(`${file}: ${messageOf(err)}`);
        }
      }
    } finally {
      state.current = null;
    }
  }

  /** Waits for a run in flight. The harness and the host stay loaded for the process's next Checker. */
  async close(): Promise<void> {
    await this.host[STATE].queue;
  }
}
