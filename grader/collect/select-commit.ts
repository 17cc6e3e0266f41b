/**
 * Which commit is the submission, from the history of the default branch and the deadlines.
 * Only the committer date is looked at: it is the date of the commit as it stands on the branch
 * (a rebase or an amend renews it; the author date does not change), though the student's machine
 * wrote it and it can be forged — see `seen_at` in the manifest for what can be proven.
 */
import { DAY_MS } from './options';

export interface CommitInfo {
  sha: string;
  /** Committer date, epoch milliseconds. */
  time: number;
  /** Committer date as git prints it (%cI), with the committer's own UTC offset. */
  iso: string;
}

export type Choice =
  | { kind: 'on-time'; commit: CommitInfo }
  | { kind: 'late'; commit: CommitInfo; lateDays: number }
  | { kind: 'none'; reason: string };

/**
 * `history` is the default branch's first-parent history, newest first. The submission is the
 * first commit (walking back from the tip) dated at or before the deadline; failing that, the
 * first one dated at or before the end of the late window, with its late days rounded up.
 *
 * Walking back from the tip, rather than sorting by date, keeps the answer a state the branch
 * actually had: with first parents only, a commit made on a side branch before the deadline but
 * merged after it is not taken for the branch's state at the deadline.
 */
export function chooseCommit(history: CommitInfo[], deadlineMs: number, lateWindowDays: number): Choice {
  if (history.length === 0) return { kind: 'none', reason: 'the default branch has no commits' };
  const onTime = history.find((c) => c.time <= deadlineMs);
  if (onTime) return { kind: 'on-time', commit: onTime };
  const windowEnd = deadlineMs + lateWindowDays * DAY_MS;
  const late = history.find((c) => c.time <= windowEnd);
  if (late) return { kind: 'late', commit: late, lateDays: Math.ceil((late.time - deadlineMs) / DAY_MS) };
  const oldest = history[history.length - 1];
  const limit =
    lateWindowDays > 0
      ? `the end of the ${lateWindowDays}-day late window (${new Date(windowEnd).toISOString()})`
      : `the deadline (${new Date(deadlineMs).toISOString()})`;
  return {
    kind: 'none',
    reason: `every commit on the default branch is dated after ${limit}; the oldest is ${oldest.sha.slice(0, 7)}, dated ${oldest.iso}`,
  };
}
