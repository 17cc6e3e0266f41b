/**
 * The grading context as the suites see it inside Vitest (provided by grade/run-suites.ts).
 *
 * A run grades one submission (`gatelab`) or a batch of several (`gatelabBatch`, keyed by submission): in a batch,
 * each suite file is loaded once per submission through a small wrapper file that first selects its submission's
 * key. Suites read the context while Vitest collects them (check() keeps it for its test), so the selection only
 * has to hold while a file is being collected. grade-all's stream (grade/suite-stream.ts) hands each slot its
 * student's context over a channel instead, since the students are not known when its one run starts.
 */
import { inject } from './host';
import type { GradingContext } from './context';

declare module 'vitest' {
  export interface ProvidedContext {
    gatelab: GradingContext;
    gatelabBatch: Record<string, GradingContext>;
  }
}

let selected: string | null = null;
let streamed: GradingContext | null = null;

/** Called by a batch wrapper file before it loads its suite: the submission the suite is collected for. */
export function selectSubmission(key: string): void {
  selected = key;
  streamed = null;
}

/** Called by a stream slot (harness/stream.ts) before it loads a student's suites: that student's context. */
export function selectContext(context: GradingContext): void {
  streamed = context;
  selected = null;
}

export function gradingContext(): GradingContext {
  if (streamed !== null) return streamed;
  if (selected === null) return inject('gatelab');
  const ctx = inject('gatelabBatch')[selected];
  if (!ctx) throw new Error(`gatelab: no grading context for batch entry ${selected}`);
  return ctx;
}
