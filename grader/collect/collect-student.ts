/**
 * One student, start to end: fetch (or fall back on the cache), choose the commit, export its tree.
 * Whatever happens is an entry of the manifest — a missing repository, a failed fetch or a broken
 * export is that student's status, never an exception that stops the class.
 *
 * `<into>/<id>/` exists exactly when the entry says collected or late; for any other status an
 * export left by an earlier run is removed, so a folder on disk always matches the manifest. The
 * cache keeps every fetched head, so nothing an earlier run collected is lost from it.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { replaceDir, tempPathFor } from './atomic';
import { EmptyRepositoryError, exportTree, firstParentHistory, hasFetchedHead, seenTimes, syncCache } from './git';
import type { CollectedStudent } from './manifest';
import { DAY_MS } from './options';
import type { RosterEntry } from './roster';
import { chooseCommit, type CommitInfo } from './select-commit';

export interface StudentJob {
  entry: RosterEntry;
  into: string;
  /** The course deadline, epoch ms; the student's own adds their extension days. */
  courseDeadlineMs: number;
  lateWindowDays: number;
  now: () => Date;
}

export const CACHE_FOLDER = '.repos';

// What git says, in its various transports, when there is no repository at the address.
const NOT_FOUND = /not found|does not appear to be a git repository|does not exist|no such file or directory/i;

export async function collectStudent(job: StudentJob): Promise<CollectedStudent> {
  const deadlineMs = job.courseDeadlineMs + job.entry.extensionDays * DAY_MS;
  const target = path.join(job.into, job.entry.id);
  let outcome: Outcome;
  try {
    outcome = await fetchChooseExport(job, deadlineMs, target);
  } catch (err) {
    outcome = { status: 'error', message: firstLine(err) };
  }
  if (outcome.status !== 'collected' && outcome.status !== 'late') {
    try {
      await rm(target, { recursive: true, force: true });
    } catch (err) {
      outcome.message += `; the export of an earlier run could not be removed (${firstLine(err)})`;
    }
  }
  return toEntry(job.entry, deadlineMs, outcome);
}

type Outcome =
  | { status: 'collected' | 'late'; commit: CommitInfo; seenAt: string | null; lateDays: number; message?: string }
  | { status: 'missing' | 'no-commit-before-deadline' | 'error'; message: string };

async function fetchChooseExport(job: StudentJob, deadlineMs: number, target: string): Promise<Outcome> {
  const cache = path.join(job.into, CACHE_FOLDER, job.entry.id);
  const fetched = await fetchOrUseCache(job.entry, cache, job.now);
  if (fetched.kind !== 'ready') return { status: fetched.kind, message: fetched.message };

  const choice = chooseCommit(await firstParentHistory(cache), deadlineMs, job.lateWindowDays);
  if (choice.kind === 'none')
    return { status: 'no-commit-before-deadline', message: withNote(choice.reason, fetched.note) };

  const fresh = tempPathFor(job.into, job.entry.id);
  try {
    await mkdir(fresh);
    await exportTree(cache, choice.commit.sha, fresh);
    await replaceDir(fresh, target);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
  const [firstSeen] = await seenTimes(cache, choice.commit.sha);
  const seenAt = firstSeen === undefined ? null : new Date(firstSeen).toISOString();
  if (choice.kind === 'on-time')
    return { status: 'collected', commit: choice.commit, seenAt, lateDays: 0, message: fetched.note };
  const days = choice.lateDays === 1 ? '1 day' : `${choice.lateDays} days`;
  const message = `committed ${days} after this student's deadline, inside the ${job.lateWindowDays}-day late window`;
  return {
    status: 'late',
    commit: choice.commit,
    seenAt,
    lateDays: choice.lateDays,
    message: withNote(message, fetched.note),
  };
}

/** The manifest entry, its fields always in the same order (people read this file). */
function toEntry(entry: RosterEntry, deadlineMs: number, outcome: Outcome): CollectedStudent {
  const taken = outcome.status === 'collected' || outcome.status === 'late' ? outcome : null;
  return {
    id: entry.id,
    name: entry.name,
    repo: entry.repo,
    status: outcome.status,
    commit: taken?.commit.sha ?? null,
    commit_time: taken?.commit.iso ?? null,
    seen_at: taken?.seenAt ?? null,
    deadline: new Date(deadlineMs).toISOString(),
    extension_days: entry.extensionDays,
    late_days: taken?.lateDays ?? 0,
    ...(outcome.message ? { message: outcome.message } : {}),
  };
}

type Fetched =
  { kind: 'ready'; note?: string } | { kind: 'missing' | 'no-commit-before-deadline' | 'error'; message: string };

/**
 * A failed fetch with a cache from an earlier run still collects, from the cache, with a note: a
 * network hiccup or a repository deleted after the deadline must not lose work already fetched.
 */
async function fetchOrUseCache(entry: RosterEntry, cache: string, now: () => Date): Promise<Fetched> {
  if (path.isAbsolute(entry.repo) && !existsSync(entry.repo) && !existsSync(cache)) {
    return {
      kind: 'missing',
      message: `no repository at ${entry.repo}; check the repo cell on line ${entry.line} of the roster`,
    };
  }
  try {
    await syncCache(entry.repo, cache, now);
    return { kind: 'ready' };
  } catch (err) {
    const reason = firstLine(err);
    if (await hasFetchedHead(cache))
      return {
        kind: 'ready',
        note: `could not fetch (${reason}); collected from the copy of the last successful fetch`,
      };
    if (err instanceof EmptyRepositoryError) return { kind: 'no-commit-before-deadline', message: reason };
    return { kind: NOT_FOUND.test(reason) ? 'missing' : 'error', message: reason };
  }
}

function withNote(message: string, note: string | undefined): string {
  return note ? `${message}; ${note}` : message;
}

/**
 * The line of an error that says what went wrong: git's stderr also holds progress and "remote:"
 * lines, so its first fatal/error line when there is one, else its first line; without "fatal: ".
 */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const line = lines.find((l) => /^(fatal|error):/i.test(l)) ?? lines[0] ?? 'unknown error';
  return line.replace(/^(fatal|error):\s*/i, '');
}
