/**
 * The worker side of grade-all's stream (grade/suite-stream.ts): the class is graded in one Vitest run whose files
 * are slots, and each slot, when a worker reaches it, asks the grader for the next student ready to run. It then
 * selects that student's grading context, starts their sandbox while their suites load, and loads the suites.
 *
 * Suites are loaded under a query (`?gatelab=…`) so that each student gets module instances of their own: a suite
 * registers its checks with the selected context when it is evaluated. A worker runs one file at a time, so when a
 * slot starts, the previous student's tests have all run, and their instances are dropped from the worker's module
 * cache; the next student loads the suites afresh under the same query, and Vite's transform of each suite, made
 * once, serves the whole class. Where that cache cannot be reached, each slot takes a query of its own (slower: a
 * transform per student, same results).
 */
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import type { GradingContext } from './context';
import { registeredChecks } from './check';
import { startEarly } from './file-sandbox';
import { selectContext } from './inject';

/** A slot asking for its student, and the grader's answer: the student's suites and context, or none left. */
export interface SlotRequest {
  want: number;
}
export type SlotAnswer = { slot: number; files: string[]; context: GradingContext } | { slot: number; files: null };

/** The query every student of a worker loads the suites under (see the header). */
const SHARED_QUERY = '?gatelab=student';

/** Runs as a slot's whole file: the next student's suites, or nothing when every student has been run. */
export async function runSlot(channel: string, slot: number): Promise<void> {
  const next = await take(channel, slot);
  if (next.files === null) return;
  selectContext(next.context);
  startEarly(
    next.context,
    next.files.map((file) => path.basename(path.dirname(file))),
  );
  const query = dropPreviousStudent() ? SHARED_QUERY : `?gatelab=slot${slot}`;
  const before = registeredChecks();
  for (const suite of next.files) await import(`${suite}${query}`);
  // A suite found already evaluated would register nothing, and the student would silently get no checks.
  if (next.files.length > 0 && registeredChecks() === before)
    throw new Error(`gatelab: slot ${slot} loaded suites that registered no check`);
}

function take(name: string, slot: number): Promise<SlotAnswer> {
  const channel = new BroadcastChannel(name);
  return new Promise((resolve) => {
    channel.onmessage = (message) => {
      const answer = (message as { data?: SlotAnswer }).data;
      if (answer?.slot !== slot) return;
      channel.close();
      resolve(answer);
    };
    channel.postMessage({ want: slot } satisfies SlotRequest);
  });
}

interface ModuleNode {
  evaluated: boolean;
  promise?: unknown;
  exports?: unknown;
  importers: Set<string>;
}

/**
 * Makes the module instances loaded under SHARED_QUERY load afresh on their next import, in this worker's module
 * cache (Vitest's own): as `vi.resetModules()` does, their code is kept and evaluated again, not fetched again from
 * the grader. False when there is no such cache to reach.
 */
function dropPreviousStudent(): boolean {
  // Vitest's worker state is internal: the members used are checked, and the registration count proves the result.
  const state = (globalThis as { __vitest_worker__?: { evaluatedModules?: { idToModuleMap?: unknown } } })
    .__vitest_worker__;
  const modules = state?.evaluatedModules?.idToModuleMap;
  if (!(modules instanceof Map)) return false;
  for (const [id, node] of modules as Map<string, ModuleNode>) {
    if (!id.endsWith(SHARED_QUERY)) continue;
    node.promise = undefined;
    node.exports = undefined;
    node.evaluated = false;
    node.importers.clear();
  }
  return true;
}
