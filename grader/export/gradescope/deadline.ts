/**
 * Which deadline the late policy uses on Gradescope. Gradescope's submission_metadata.json carries
 * the assignment's `due_date` and `late_due_date` (documented at gradescope-autograders.readthedocs.io,
 * "Submission Metadata"), and each user's own dates as `users[i].assignment` (`release_date`,
 * `due_date`, `late_due_date`: the assignment's, moved by an extension). That per-user object is not
 * on the documentation page; it is in the files Gradescope writes, and autograders in the wild read
 * it for exactly this. Gradescope's dates win over
 * course.json's, so the teacher keeps one deadline, where students see it:
 *   deadline  the user's due date, else the assignment's, else course.json's
 *   cut-off   the user's late due date, else the assignment's: submitted after it, nothing is earned
 *             (course.json's own cut-off still applies before it)
 * The report says which one was used (strings under teacher.gradescope).
 */
import type { Catalog } from '../../shared/catalog';
import { text } from '../../shared/messages';
import type { Localized } from '../../shared/results';

export interface GradescopeDates {
  dueDate: string | null;
  lateDueDate: string | null;
  /** True when the dates are the user's own (an extension), not the assignment's. */
  extension: boolean;
}

export interface DeadlineChoice {
  deadline: string;
  cutoff: string | null;
  source: 'extension' | 'gradescope' | 'course';
  /** The catalog to grade with: after the cut-off, a policy that takes every point. */
  catalog: Catalog;
  /** One sentence for the student's report, in each language. */
  note: Localized;
}

const date = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Date.parse(v)) ? v.trim() : null;

/** Gradescope's dates for the first user: their own when set, else the assignment's. */
export function gradescopeDates(meta: { assignment?: unknown; users?: unknown }): GradescopeDates {
  const assignment = (meta.assignment ?? {}) as { due_date?: unknown; late_due_date?: unknown };
  const users = Array.isArray(meta.users)
    ? (meta.users as { assignment?: { due_date?: unknown; late_due_date?: unknown } }[])
    : [];
  const own = users[0]?.assignment ?? {};
  const ownDue = date(own.due_date);
  const ownLate = date(own.late_due_date);
  const due = date(assignment.due_date);
  return {
    dueDate: ownDue ?? due,
    lateDueDate: ownLate ?? date(assignment.late_due_date),
    // An extension moves the user's dates away from the assignment's.
    extension: (ownDue !== null && ownDue !== due) || (ownLate !== null && ownLate !== date(assignment.late_due_date)),
  };
}

export function chooseDeadline(dates: GradescopeDates, submittedAt: string | null, catalog: Catalog): DeadlineChoice {
  const source = dates.dueDate ? (dates.extension ? 'extension' : 'gradescope') : 'course';
  const deadline = dates.dueDate ?? catalog.deadline;
  const cutoff = dates.lateDueDate;
  const afterCutoff = cutoff !== null && submittedAt !== null && Date.parse(submittedAt) > Date.parse(cutoff);
  const parts = [text(`teacher.gradescope.${source}`, { deadline })];
  if (cutoff)
    parts.push(text(afterCutoff ? 'teacher.gradescope.afterCutoff' : 'teacher.gradescope.cutoff', { cutoff }));
  const note: Localized = { en: parts.map((p) => p.en).join(' '), ru: parts.map((p) => p.ru).join(' ') };
  // Past the cut-off every point is taken: no grace, and a cut-off of zero late units.
  const graded = afterCutoff
    ? { ...catalog, latePolicy: { ...catalog.latePolicy, graceMinutes: 0, cutoff: 0 } }
    : catalog;
  return { deadline, cutoff, source, catalog: graded, note };
}
