/**
 * Step 5: run the public and hidden suites in Vitest, in the trusted process, against the
 * staged submission. Results come only from each check's task meta (see harness/check.ts);
 * Vitest's own failure messages are never shown to students.
 *
 * One Vitest instance serves many submissions: starting Vitest costs about a second, running a
 * submission's suites a fraction of that, so `grade-all` keeps one SuiteRunner for the whole
 * class and only changes the provided grading context between runs.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import path from 'node:path';
import type { Reporter, TestModule, Vitest, VitestPluginContext } from 'vitest/node';
import type { CheckRecord } from '../harness/check-tools';
import type { GradingContext } from '../harness/context';
import { ownedTempDir, removeTempDir } from '../sandbox/temp';
import { wallBoundMs } from '../sandbox/clock';

export interface RanCheck {
  exercise: string;
  id: string;
  record: CheckRecord | null;
  /** Why the check produced no record (a suite that failed to load, a Vitest timeout …), for the log. */
  error?: string;
}

export interface SuiteRun {
  checks: RanCheck[];
  problems: string[];
}

/** The exercise a suite file belongs to is the folder it sits in (`exercises/02-…/x.test.ts`). */
function exerciseOf(moduleId: string): string {
  return path.basename(path.dirname(moduleId));
}

export function collect(testModules: readonly TestModule[], unhandledErrors: readonly unknown[]): SuiteRun {
  const checks: RanCheck[] = [];
  const problems: string[] = [];
  for (const mod of testModules) {
    const exercise = exerciseOf(mod.moduleId);
    for (const err of mod.errors()) problems.push(`${mod.moduleId}: ${err.message}`);
    for (const test of mod.children.allTests()) {
      const record = test.meta().gatelab ?? null;
      const errors = test.result().errors ?? [];
      checks.push({
        exercise: test.meta().gatelabExercise ?? exercise,
        id: test.name,
        record,
        ...(record ? {} : { error: errors.map((e) => e.message).join('; ') || 'the check did not run' }),
      });
    }
  }
  for (const err of unhandledErrors) problems.push(err instanceof Error ? err.message : String(err));
  return { checks, problems };
}

/** A Vitest reporter that reports nothing: results are read from the task meta (see collect). */
const SILENT_REPORTER: Reporter = {};

const sink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

export interface VitestOptions {
  kitRoot: string;
  testTimeoutMs: number;
  maxWorkers?: number;
  verbose?: boolean;
  /** The folder of the caller's wrapper files, which are written per run and kept out of the transform cache. */
  wrappers: string;
  /** Reporters of the caller's own (grade-all's stream hears each student's file end); none reports anything. */
  reporters?: Reporter[];
}

/** One Vitest instance on the kit's suites, quiet, with threads that keep what the suites import between files. */
export async function startVitest(opts: VitestOptions): Promise<Vitest> {
  // vitest/node is ESM-only: it is loaded with a real dynamic import (the CLI itself runs as CommonJS).
  const { createVitest } = await import('vitest/node');
  const exitCode = process.exitCode;
  const vitest = await createVitest(
    'test',
    {
      config: false,
      root: opts.kitRoot,
      include: ['exercises/*/*.test.ts', 'solutions/*/*.test.ts'],
      watch: false,
      // An empty list makes Vitest add its default reporter, which in a terminal (stdout a TTY) takes over
      // process.stdout and process.stderr while Vitest lives and sends what they carry to its logger: our sink.
      // So `watch`, which prints while Vitest is up, printed nothing in a terminal. A reporter of our own (that
      // reports nothing) keeps the default one out.
      reporters: [SILENT_REPORTER, ...(opts.reporters ?? [])],
      passWithNoTests: true,
      pool: 'threads',
      // Suites share nothing between files but the modules they import (harness, reference):
      // reusing workers saves loading them again for every file of every submission.
      isolate: false,
      // Transformed suites, harness and references are kept on disk (node_modules/.experimental-vitest-cache,
      // keyed by each file's path and content), so a later run skips transforming them: about 120 MB less peak
      // memory and a faster start. The per-run wrapper files opt out (see wrappersUncached), so the cache only
      // grows when the kit itself changes.
      experimental: { fsModuleCache: true },
      testTimeout: opts.testTimeoutMs,
      ...(opts.maxWorkers ? { maxWorkers: opts.maxWorkers } : {}),
    },
    {
      logLevel: 'silent',
      cacheDir: path.join(opts.kitRoot, 'node_modules', '.vite-gatelab'),
      plugins: [wrappersUncached(opts.wrappers)],
    },
    opts.verbose ? {} : { stdout: sink(), stderr: sink() },
  );
  await vitest.init();
  process.exitCode = exitCode;
  return vitest;
}

interface Request {
  files: string[];
  context: GradingContext;
  resolve: (run: SuiteRun) => void;
  reject: (err: unknown) => void;
}

/**
 * Runs suites for one submission or many. Requests that arrive while a run is in flight wait, and the next run
 * takes up to `maxBatch` of them at once: Vitest starts fresh worker threads for every run and reuses them only
 * within it, so a batch of submissions pays for loading the harness and the references once, not once each.
 * Each submission's suite files are loaded through wrapper files that select its grading context first.
 */
export class SuiteRunner {
  private pending: Request[] = [];
  private busy: Promise<void> | null = null;
  private batches = 0;
  private readonly wrappers: string;

  private constructor(
    private readonly vitest: Vitest,
    private readonly kitRoot: string,
    private readonly maxBatch: number,
    wrappers: string,
  ) {
    this.wrappers = wrappers;
  }

  static async start(opts: Omit<VitestOptions, 'wrappers'> & { maxBatch?: number }): Promise<SuiteRunner> {
    const wrappers = ownedTempDir('suites');
    const vitest = await startVitest({ ...opts, wrappers });
    return new SuiteRunner(vitest, opts.kitRoot, Math.max(1, opts.maxBatch ?? 1), wrappers);
  }

  /** Runs `files` (kit-relative suite paths) with `context`; concurrent calls are batched (see the class). */
  run(files: string[], context: GradingContext): Promise<SuiteRun> {
    return new Promise<SuiteRun>((resolve, reject) => {
      this.pending.push({ files, context, resolve, reject });
      this.busy ??= this.pump();
    });
  }

  private async pump(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const runs = await this.runBatch(batch);
        batch.forEach((r, i) => r.resolve(runs[i]));
      } catch (err) {
        for (const r of batch) r.reject(err);
      }
    }
    this.busy = null;
  }

  private async runBatch(batch: Request[]): Promise<SuiteRun[]> {
    const dir = path.join(this.wrappers, String(++this.batches));
    const project = this.vitest.getRootProject();
    const contexts: Record<string, GradingContext> = {};
    const specs = batch.flatMap((request, i) => {
      const key = `s${i}`;
      contexts[key] = request.context;
      // In a batch, one wrapper per submission: all its suites run in one file and share one sandbox (each exercise
      // with a time budget of its own). Alone, one wrapper per exercise, so the workers share the submission's work.
      const suites = request.files.map((file) => path.resolve(this.kitRoot, file));
      const groups = new Map<string, string[]>();
      for (const suite of suites) {
        const exercise = path.basename(path.dirname(suite));
        const group = batch.length === 1 ? exercise : 'all';
        groups.set(group, [...(groups.get(group) ?? []), suite]);
      }
      return [...groups].map(([group, files]) =>
        project.createSpecification(writeWrapper(dir, key, group, files, this.kitRoot)),
      );
    });
    project.provide('gatelabBatch', contexts);
    const exitCode = process.exitCode;
    try {
      const { testModules, unhandledErrors } = await this.vitest.runTestSpecifications(specs);
      // Vitest marks failed tests by setting the exit code; a failed check is a result here, not a failure.
      process.exitCode = exitCode;
      return batch.map((_, i) =>
        collect(
          testModules.filter((m) => keyOf(m.moduleId) === `s${i}`),
          batch.length === 1 ? unhandledErrors : [],
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    await this.busy;
    await this.vitest.close();
    removeTempDir(this.wrappers);
  }
}

/**
 * A Vite plugin that keeps this runner's wrapper files (fresh paths in every run) out of Vitest's module cache on
 * disk: cached, each run would add entries that no later run reads.
 */
function wrappersUncached(wrappers: string): { name: string; configureVitest: (context: VitestPluginContext) => void } {
  return {
    name: 'gatelab:wrappers-uncached',
    configureVitest({ experimental_defineCacheKeyGenerator }) {
      experimental_defineCacheKeyGenerator(({ id }) => (id.startsWith(wrappers) ? false : undefined));
    },
  };
}

/**
 * `<dir>/<key>/<exercise or all>/suites.test.ts`: selects the submission `key`, then loads its suites in order under
 * a query of their own, so the same suites run once per submission in one worker while their imports stay shared.
 * Their checks run in this one file, on one sandbox (harness/check.ts keeps it per file).
 */
function writeWrapper(dir: string, key: string, exercise: string, suites: string[], kitRoot: string): string {
  const file = path.join(dir, key, exercise, 'suites.test.ts');
  mkdirSync(path.dirname(file), { recursive: true });
  const inject = path.join(kitRoot, 'grader', 'harness', 'inject.ts');
  writeFileSync(
    file,
    [
      `import { selectSubmission } from ${JSON.stringify(inject)};`,
      `selectSubmission(${JSON.stringify(key)});`,
      ...suites.map((suite) => `await import(${JSON.stringify(`${suite}?gatelab=${key}`)});`),
      '',
    ].join('\n'),
  );
  return file;
}

/** The batch key of a wrapper file: the folder above its exercise folder. */
function keyOf(moduleId: string): string {
  return path.basename(path.dirname(path.dirname(moduleId)));
}

/** One run on a runner of its own, for a single `grade` or `check`. */
export async function runSuites(opts: {
  kitRoot: string;
  files: string[];
  context: GradingContext;
  verbose?: boolean;
}): Promise<SuiteRun> {
  const runner = await SuiteRunner.start({
    kitRoot: opts.kitRoot,
    testTimeoutMs: wallBoundMs(opts.context.limits),
    verbose: opts.verbose,
  });
  try {
    return await runner.run(opts.files, opts.context);
  } finally {
    await runner.close();
  }
}
