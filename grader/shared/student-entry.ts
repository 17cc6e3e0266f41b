/**
 * One student of a class folder, as grade-all's discovery finds it (grader/grade-all/discover.ts): the folder, and
 * what collect's manifest says of the student. Declared here, below every part that reads it (grade-all, the class
 * outputs and what builds on them).
 */
export interface StudentEntry {
  id: string;
  name: string;
  /** The submission folder; null when collect found no submission. */
  dir: string | null;
  commit: string | null;
  submittedAt: string | null;
  /** When collect first fetched the commit (proof it existed then). */
  seenAt: string | null;
  extensionDays: number;
  /** The student's own deadline (extension included) when collect recorded one; else the course's applies. */
  deadline: string | null;
  /** From collect: collected, late, missing, … (`collected` when there is no manifest). */
  status: string;
}
