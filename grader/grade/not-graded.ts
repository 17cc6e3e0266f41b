/**
 * What `grade` writes when it cannot grade a submission, so that every input ends in a results.json: a submission
 * over a bound (which bound, and by how much) or a grader failure. Every check is an error with that reason, the
 * points are zero, and an integrity note tells the teacher. Also the notes about files the listing found but grading
 * did not read (a 2 GB file, a link, a pipe), at most MAX_UNREAD_NOTES of them and a count of the rest.
 */
import type { Catalog } from '../shared/catalog';
import type { IntegrityNote, Lang, Localized, Results } from '../shared/results';
import { boundText, exceededText, shownPath, unreadText, type Listing } from '../submission';
import { applyLatePolicy } from './late-policy';
import type { RanCheck } from './run-suites';
import { score } from './score';
import { buildResults, writeResults } from './write-results';

export interface NotGradedContext {
  catalog: Catalog;
  lang: Lang;
  out: string;
  student: string;
  seed: string;
  commit: string | null;
  submittedAt: string | null;
  deadline: string | null;
  extensionDays: number;
  started: number;
}

/** Builds and writes the results of a submission that was not graded, with `reason` on every check. */
export async function writeNotGraded(
  ctx: NotGradedContext,
  reason: Localized,
  notes: IntegrityNote[],
): Promise<Results> {
  const diagnosis = boundText('notGraded', { reason });
  const ran: RanCheck[] = ctx.catalog.exercises.flatMap((exercise) =>
    exercise.checks.map((check) => ({
      exercise: exercise.id,
      id: check.id,
      record: { outcome: 'error' as const, diagnosis, diffs: [], duration_ms: 0 },
    })),
  );
  const scored = score(ctx.catalog, ran, 'all');
  const late = applyLatePolicy({
    policy: ctx.catalog.latePolicy,
    deadline: ctx.deadline ?? ctx.catalog.deadline,
    submittedAt: ctx.submittedAt,
    extensionDays: ctx.deadline ? 0 : ctx.extensionDays,
    rawMilli: scored.raw_milli,
  });
  const results = buildResults({
    catalog: ctx.catalog,
    scored,
    ran,
    late,
    lang: ctx.lang,
    student: ctx.student,
    seed: ctx.seed,
    commit: ctx.commit,
    submittedAt: ctx.submittedAt,
    integrity: notes,
    timings: {},
    seconds: (performance.now() - ctx.started) / 1000,
  });
  await writeResults(ctx.out, results);
  return results;
}

/** The note for a submission over a bound (kind `review`: a teacher should look at what was handed in). */
export function exceededNote(listing: Listing): IntegrityNote {
  if (!listing.exceeded) throw new Error('exceededNote: the listing exceeded no bound');
  return { kind: 'review', file: 'exercises/', message: exceededText(listing.exceeded) };
}

/** The note for a grader failure on this submission (the details go to grader-problems.log). */
export function graderProblemNote(err: unknown): IntegrityNote {
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 200);
  return { kind: 'review', message: boundText('graderProblem', { message: first }) };
}

export const MAX_UNREAD_NOTES = 10;

/** Files that were listed but never read (beyond those another step notes, which `skip` names). */
export function unreadNotes(listing: Listing, skip: (rel: string) => boolean): IntegrityNote[] {
  const notes: IntegrityNote[] = [];
  let more = 0;
  for (const entry of listing.entries) {
    if (skip(entry.rel)) continue;
    const message = unreadText(entry, listing.bounds.fileBytes);
    if (!message) continue;
    if (notes.length < MAX_UNREAD_NOTES)
      notes.push({ kind: 'sandbox', file: shownPath(`exercises/${entry.rel}`), message });
    else more++;
  }
  if (more > 0) notes.push({ kind: 'sandbox', message: boundText('moreUnread', { n: more }) });
  return notes;
}
