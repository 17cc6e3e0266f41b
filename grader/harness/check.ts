/**
 * A graded check is a Vitest test that records, in its task meta, how it went: the outcome,
 * cases passed, the numeric diffs and a diagnosis in every language. The grader reads only
 * that record (never assertion messages, which could carry expected values) and turns it
 * into points with the catalog.
 */
import { afterAll, test } from './host';
import { wallBoundMs } from '../sandbox/clock';
import { closeFileSandbox, fileSandbox } from './file-sandbox';
import type { Localized } from '../shared/results';
import { failedCheck, outcomeOfFailure } from './check-outcome';
import { CheckTools, type CheckRecord } from './check-tools';
import { gradingContext } from './inject';
import { failureText } from './messages';
import { StudentFailure, StudentModule } from './student';

declare module 'vitest' {
  interface TaskMeta {
    gatelab?: CheckRecord;
    /** The exercise the check belongs to (a file may hold the suites of several). */
    gatelabExercise?: string;
  }
}

let registered = 0;

/** Checks registered in this thread so far (grade-all's slots count them to prove their suites loaded afresh). */
export function registeredChecks(): number {
  return registered;
}

export interface CheckOptions {
  /** Hint shown when the check fails without a more specific one. */
  hint?: Localized;
}

/**
 * Registers check `id` of `exercise`. The body compares the student's results through `t`;
 * a StudentFailure (stub, crash, timeout …) ends the check with the matching outcome.
 */
export function check(
  exercise: string,
  id: string,
  body: (t: CheckTools) => Promise<void>,
  opts: CheckOptions = {},
): void {
  const ctx = gradingContext();
  registered++;
  // Hooks must be registered while Vitest collects the file; closing twice is harmless.
  afterAll(closeFileSandbox);
  test(id, { timeout: wallBoundMs(ctx.limits) }, async ({ task }) => {
    const started = performance.now();
    const compileError = ctx.compileErrors[exercise];
    let record: CheckRecord;
    if (compileError) {
      record = {
        outcome: 'error',
        diagnosis: failureText('compile-error', { ...compileError }),
        diffs: [],
        duration_ms: 0,
      };
    } else {
      const sb = await fileSandbox(ctx);
      sb.budgetFrom(exercise);
      const seenEvents = sb.events.length;
      const t = new CheckTools(
        exercise,
        id,
        (name, other = exercise) => new StudentModule(sb, `${other}/${name}`),
        ctx,
      );
      try {
        await body(t);
        if (opts.hint) t.hint(opts.hint);
        record = t.record(performance.now() - started);
      } catch (err) {
        if (!(err instanceof StudentFailure)) throw err;
        record = {
          outcome: outcomeOfFailure(err.kind),
          diagnosis: failureText(err.kind, { fn: err.fn, message: err.message.slice(0, 300) }),
          diffs: t.diffs,
          duration_ms: Math.round(performance.now() - started),
          ...(t.recordedPlot ? { plot: t.recordedPlot } : {}),
          ...t.extras,
        };
      }
      const events = sb.events.slice(seenEvents);
      if (events.length > 0) record.events = events;
    }
    task.meta.gatelab = record;
    task.meta.gatelabExercise = exercise;
    if (record.outcome !== 'passed') throw failedCheck(`check ${exercise}/${id}: ${record.outcome}`);
  });
}
