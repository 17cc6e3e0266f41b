/**
 * `gatelab return <reports> --roster <roster.csv>`: each student's feedback into their own
 * repository, as the folder feedback/ on a branch of ours, `gatelab-feedback`. An ordered list of
 * steps per student:
 *   1. find their results in the reports folder   (no results: nothing to return, said so)
 *   2. render what they may see                    (files.ts: course.json's visibility of hidden checks)
 *   3. commit it onto gatelab-feedback if changed  (git.ts: plumbing, nothing checked out)
 *   4. push that branch, fast-forward only         (skipped with --dry-run, which lists the commit instead)
 * Why a branch of our own and not a commit on their default branch: the student's branch and files
 * are never touched, so they never have to pull or merge our commit before pushing again; a later
 * `collect` never mistakes our commit for their work; and the branch holds no workflow, so it
 * starts no Actions run. Idempotent: the same reports give the same files and no commit; a
 * regrade or a TA's change gives exactly one new commit. One student's failure is their line of
 * the output, never the end of the run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../shared/catalog';
import { reportsFolder } from '../class-outputs';
import { readRoster } from '../collect/roster';
import { mapLimit } from '../shared/pool';
import { formatMilli } from '../shared/points';
import type { Results } from '../shared/results';
import { feedbackFiles } from './files';
import { FEEDBACK_BRANCH, returnFeedback } from './git';

export { FEEDBACK_BRANCH } from './git';

export interface ReturnOptions {
  reports: string;
  roster: string;
  kitRoot: string;
  dryRun?: boolean;
  /** Repositories handled at the same time (default 4). */
  jobs?: number;
  onStudent?: (outcome: ReturnOutcome) => void;
}

export interface ReturnOutcome {
  id: string;
  status: 'pushed' | 'would-push' | 'up-to-date' | 'no-feedback' | 'error';
  /** The new commit on gatelab-feedback (pushed, or the one a real run would push). */
  commit?: string;
  /** Files of feedback/ that the commit adds, changes or removes. */
  changed?: string[];
  message?: string;
}

export async function returnAll(opts: ReturnOptions): Promise<ReturnOutcome[]> {
  const reports = reportsFolder(opts.reports);
  const catalog = loadCatalog(opts.kitRoot);
  const roster = readRoster(opts.roster);
  return mapLimit(roster, opts.jobs ?? 4, async (entry) => {
    const outcome = await returnOne(path.join(reports, entry.id), entry.id, entry.repo, catalog, Boolean(opts.dryRun));
    opts.onStudent?.(outcome);
    return outcome;
  });
}

async function returnOne(
  dir: string,
  id: string,
  repo: string,
  catalog: ReturnType<typeof loadCatalog>,
  dryRun: boolean,
): Promise<ReturnOutcome> {
  const resultsFile = path.join(dir, 'results.json');
  if (!existsSync(resultsFile)) {
    const why = existsSync(path.join(dir, 'error.txt'))
      ? 'their submission could not be graded (error.txt)'
      : 'no graded submission';
    return { id, status: 'no-feedback', message: why };
  }
  try {
    const files = await feedbackFiles(dir, catalog);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
    const message = `gatelab feedback: ${formatMilli(results.final_milli)}/${formatMilli(results.max_milli)} points\n\nGraded ${results.graded_at} with kit ${results.kit_version}. This branch (${FEEDBACK_BRANCH}) holds only feedback/: your own branches are untouched.`;
    const plan = await returnFeedback({ repo, files, message, dryRun });
    if (!plan.commit) return { id, status: 'up-to-date' };
    return { id, status: dryRun ? 'would-push' : 'pushed', commit: plan.commit, changed: plan.changed };
  } catch (err) {
    return {
      id,
      status: 'error',
      message: (err instanceof Error ? err.message : String(err)).split('\n').find((l) => l.trim()) ?? 'git failed',
    };
  }
}
