/**
 * Step 5: run the public and hidden suites in Vitest, in the trusted process, against the
 * staged submission. Results come only from each check's task meta (see harness/check.ts);
 * Vitest's own failure messages are never shown to students.
 *
 * One Vitest instance serves many submissions: starting Vitest costs about a second, running a
 * submission's suites a fraction of that, so `grade-all` keeps one SuiteRunner for the whole
 * class and only changes the provided grading context between runs.
 */
import { Writable } from 'node:stream';
import path from 'node:path';
import type { TestModule, Vitest } from 'vitest/node';
import type { CheckRecord } from '../harness/check';
import type { GradingContext } from '../harness/context';

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

function collect(testModules: readonly TestModule[], unhandledErrors: readonly unknown[]): SuiteRun {
  const checks: RanCheck[] = [];
  const problems: string[] = [];
  for (const mod of testModules) {
    const exercise = exerciseOf(mod.moduleId);
    for (const err of mod.errors()) problems.push(`${mod.moduleId}: ${err.message}`);
    for (const test of mod.children.allTests()) {
      const record = test.meta().gatelab ?? null;
      const errors = test.result().errors ?? [];
      checks.push({
        exercise,
        id: test.name,
        record,
        ...(record ? {} : { error: errors.map((e) => e.message).join('; ') || 'the check did not run' }),
      });
    }
  }
  for (const err of unhandledErrors) problems.push(err instanceof Error ? err.message : String(err));
  return { checks, problems };
}

const sink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

export class SuiteRunner {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly vitest: Vitest,
    private readonly kitRoot: string,
  ) {}

  static async start(opts: { kitRoot: string; testTimeoutMs: number; maxWorkers?: number; verbose?: boolean }): Promise<SuiteRunner> {
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
        reporters: [],
        passWithNoTests: true,
        pool: 'threads',
        // Suites share nothing between files but the modules they import (harness, reference):
        // reusing workers saves loading them again for every file of every submission.
        isolate: false,
        testTimeout: opts.testTimeoutMs,
        ...(opts.maxWorkers ? { maxWorkers: opts.maxWorkers } : {}),
      },
      { logLevel: 'silent', cacheDir: path.join(opts.kitRoot, 'node_modules', '.vite-gatelab') },
      opts.verbose ? {} : { stdout: sink(), stderr: sink() },
    );
    await vitest.init();
    process.exitCode = exitCode;
    return new SuiteRunner(vitest, opts.kitRoot);
  }

  /** Runs `files` with `context`; runs are queued, since the provided context is global to the instance. */
  run(files: string[], context: GradingContext): Promise<SuiteRun> {
    const result = this.queue.then(async () => {
      const project = this.vitest.getRootProject();
      project.provide('gatelab', context);
      const specs = files.map((f) => project.createSpecification(path.resolve(this.kitRoot, f)));
      const exitCode = process.exitCode;
      const { testModules, unhandledErrors } = await this.vitest.runTestSpecifications(specs);
      // Vitest marks failed tests by setting the exit code; a failed check is a result here, not a failure.
      process.exitCode = exitCode;
      return collect(testModules, unhandledErrors);
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.vitest.close();
  }
}

/** One run on a runner of its own, for a single `grade` or `check`. */
export async function runSuites(opts: { kitRoot: string; files: string[]; context: GradingContext; verbose?: boolean }): Promise<SuiteRun> {
  const runner = await SuiteRunner.start({ kitRoot: opts.kitRoot, testTimeoutMs: opts.context.limits.totalMs + 30_000, verbose: opts.verbose });
  try {
    return await runner.run(opts.files, opts.context);
  } finally {
    await runner.close();
  }
}
