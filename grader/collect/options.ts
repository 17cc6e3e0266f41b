/**
 * The options of `collect`, checked before anything is fetched or written: a deadline that names
 * its time zone, a late window and a job count that are numbers in range. Bad values are one-line
 * UsageErrors that name the flag.
 */
import { UsageError } from '../shared/errors';

export const DAY_MS = 86_400_000;
export const DEFAULT_JOBS = 4;
const MAX_JOBS = 64;

// A time without a zone would be read in the grading machine's zone, which may not be the course's.
const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i;

/** The deadline in epoch milliseconds. */
export function parseDeadline(text: string): number {
  const ms = Date.parse(text);
  if (!ISO_WITH_ZONE.test(text.trim()) || Number.isNaN(ms)) {
    throw new UsageError(
      `--deadline "${text}" is not an ISO date-time with a time zone; write it like 2026-12-20T23:59:00+03:00 (or …Z for UTC)`,
    );
  }
  return ms;
}

export function checkLateWindow(days: number): number {
  if (!Number.isFinite(days) || days < 0 || days > 365) {
    throw new UsageError(
      `--late-window ${days} is not a number of days from 0 to 365; write it like 3 (0, the default, collects nothing late)`,
    );
  }
  return days;
}

export function checkJobs(jobs: number): number {
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) {
    throw new UsageError(`--jobs ${jobs} is not a whole number from 1 to ${MAX_JOBS}; write it like ${DEFAULT_JOBS}`);
  }
  return jobs;
}

/** A number flag from the command line, so that "--jobs many" names the flag and the text. */
export function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value))
    throw new UsageError(`${flag} "${text}" is not a number; write it like 3`);
  return value;
}
