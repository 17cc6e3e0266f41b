/**
 * Step 4: run the public and hidden suites in Vitest, in the trusted process, against the
 * staged submission. Results come only from each check's task meta (see harness/check.ts);
 * Vitest's own failure messages are never shown to students.
 */
import { Writable } from 'node:stream';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import type { CheckRecord } from '../harness/check';
import type { GradingContext } from '../harness/context';

export interface RanCheck {
  exercise: string;
  id: string;
  record: CheckRecord | null;
  /** Why the check produced no record (a suite that failed to load, a Vitest timeout …), for the log. */
  error?: string;
}

/** The exercise a suite file belongs to is the folder it sits in (`exercises/02-…/x.test.ts`). */
function exerciseOf(moduleId: string): string {
  return path.basename(path.dirname(moduleId));
}

class CollectingReporter implements Reporter {
  readonly checks: RanCheck[] = [];
  readonly problems: string[] = [];

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    for (const mod of testModules) {
      const exercise = exerciseOf(mod.moduleId);
      for (const err of mod.errors()) this.problems.push(`${mod.moduleId}: ${err.message}`);
      for (const test of mod.children.allTests()) {
        const record = test.meta().gatelab ?? null;
        const errors = test.result().errors ?? [];
        this.checks.push({
          exercise,
          id: test.name,
          record,
          ...(record ? {} : { error: errors.map((e) => e.message).join('; ') || 'the check did not run' }),
        });
      }
    }
    for (const err of unhandledErrors) this.problems.push(err.message ?? String(err));
  }
}

const sink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

export async function runSuites(opts: { kitRoot: string; files: string[]; context: GradingContext; verbose?: boolean }): Promise<{ checks: RanCheck[]; problems: string[] }> {
  const reporter = new CollectingReporter();
  const include = opts.files.map((f) => path.relative(opts.kitRoot, f).split(path.sep).join('/'));
  // vitest/node is ESM-only: it is loaded with a real dynamic import (the CLI itself runs as CommonJS).
  const { startVitest } = await import('vitest/node');
  const vitest = await startVitest(
    'test',
    [],
    {
      config: false,
      root: opts.kitRoot,
      include,
      watch: false,
      reporters: [reporter],
      provide: { gatelab: opts.context },
      passWithNoTests: true,
      pool: 'threads',
      testTimeout: opts.context.limits.totalMs + 30_000,
    },
    { logLevel: 'silent', cacheDir: path.join(opts.kitRoot, 'node_modules', '.vite-gatelab') },
    opts.verbose ? {} : { stdout: sink(), stderr: sink() },
  );
  await vitest.close();
  // Vitest marks failed tests by setting the exit code; a failed check is a result here, not a failure.
  process.exitCode = 0;
  return { checks: reporter.checks, problems: reporter.problems };
}
