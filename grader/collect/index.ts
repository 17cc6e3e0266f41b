/**
 * `gatelab collect`: each student's work as of the deadline, from their git repositories, into
 * `<into>/<id>/`, with `<into>/manifest.json` saying what was taken and why. The order matters:
 *   1. check the options and read the roster   (bad input stops here, before anything is written)
 *   2. lock --into and clear leftovers          (one run at a time; an interrupted run leaves no debris)
 *   3. per student, --jobs at a time: fetch → choose the commit → export   (a failure is a status)
 *   4. write the manifest                        (validated, atomic, last: it describes finished folders)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { removeLeftovers } from './atomic';
import { CACHE_FOLDER, collectStudent } from './collect-student';
import { lockFolder } from './lock';
import { writeManifest, type CollectManifest } from './manifest';
import { checkJobs, checkLateWindow, DEFAULT_JOBS, parseDeadline } from './options';
import { mapLimit } from '../shared/pool';
import { readRoster } from './roster';

export {
  isManifest,
  manifestProblem,
  type CollectManifest,
  type CollectedStudent,
  type CollectStatus,
} from './manifest';
export { numberFlag } from './options';
export type { RosterEntry } from './roster';

export interface CollectOptions {
  /** The roster CSV: id,name,repo[,extension_days]; relative repo paths are read from its folder. */
  roster: string;
  /** The course deadline, an ISO date-time with a time zone. */
  deadline: string;
  /** Where the exports, the cache (`.repos/`) and manifest.json go. */
  into: string;
  /** Days after a student's deadline in which a commit is still taken, marked late. Default 0. */
  lateWindowDays?: number;
  /** Students fetched at the same time. Default 4. */
  jobs?: number;
  /** Told about each student as soon as they are done (the CLI prints progress with it). */
  onStudent?: (student: CollectManifest['students'][number]) => void;
  /** The clock, for tests; fetch times and collectedAt come from it. */
  now?: () => Date;
}

export interface CollectResult {
  manifest: CollectManifest;
  manifestFile: string;
}

export async function collect(opts: CollectOptions): Promise<CollectResult> {
  const courseDeadlineMs = parseDeadline(opts.deadline);
  const lateWindowDays = checkLateWindow(opts.lateWindowDays ?? 0);
  const jobs = checkJobs(opts.jobs ?? DEFAULT_JOBS);
  const roster = readRoster(opts.roster);
  const now = opts.now ?? (() => new Date());
  const into = path.resolve(opts.into);

  mkdirSync(path.join(into, CACHE_FOLDER), { recursive: true });
  const unlock = lockFolder(into);
  try {
    await removeLeftovers(into);
    await removeLeftovers(path.join(into, CACHE_FOLDER));
    const collectedAt = now().toISOString();
    const students = await mapLimit(roster, jobs, async (entry) => {
      const student = await collectStudent({ entry, into, courseDeadlineMs, lateWindowDays, now });
      opts.onStudent?.(student);
      return student;
    });
    const manifest: CollectManifest = {
      schema_version: 1,
      collected_at: collectedAt,
      roster: path.resolve(opts.roster),
      deadline: new Date(courseDeadlineMs).toISOString(),
      late_window_days: lateWindowDays,
      students,
    };
    return { manifest, manifestFile: await writeManifest(into, manifest) };
  } finally {
    unlock();
  }
}
