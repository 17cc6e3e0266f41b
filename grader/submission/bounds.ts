/**
 * Every bound on what the trusted side reads from a submission, in one place. Each is checked while reading (a walk
 * stops, a read stops at the bound), so a hostile folder costs at most what these numbers allow. README.md
 * ("Security" → "Bounds") lists them with what a student and a teacher see when one is exceeded.
 */

export interface Bounds {
  /** Files (and links and other non-folders) listed in one submission's exercises folder. */
  files: number;
  /** Bytes read from any one file; a larger file is listed but never read. */
  fileBytes: number;
  /** Bytes of one source file compiled and compared (a larger one is not graded). */
  sourceBytes: number;
  /** Bytes of all readable files of one submission together. */
  totalBytes: number;
  /**
   * Bytes of one student's graded sources of one exercise that similarity compares (the reference of the largest
   * exercise is about 25 kB); above it that exercise of that student is left out of the comparison.
   */
  comparedBytes: number;
  /** Folders below the exercises folder (exercises/02-forget-gate is depth 1). */
  depth: number;
  /** Bytes of a written answer (answer.md) kept for the TA; the rest is cut. */
  answerBytes: number;
  /** Nesting of arrays and objects in a JSON file handed in (model.json needs 4). */
  jsonDepth: number;
  /**
   * Once a bound is exceeded the walk goes on only to say by how much, counting names (no file is read) up to this
   * many entries; beyond it the result says "more than".
   */
  census: number;
}

export const BOUNDS: Readonly<Bounds> = Object.freeze({
  files: 2_000,
  // Above course.json's largest artifact (model.json, 4 000 000 bytes), so the artifact's own limit speaks first.
  fileBytes: 4 * 1024 * 1024,
  sourceBytes: 512 * 1024,
  totalBytes: 16 * 1024 * 1024,
  comparedBytes: 1024 * 1024,
  depth: 8,
  answerBytes: 4096,
  jsonDepth: 32,
  census: 100_000,
});

/** For trees the teacher owns (the kit itself): the same rules for links, no limits. */
export const UNBOUNDED: Readonly<Bounds> = Object.freeze({
  files: Infinity,
  fileBytes: Infinity,
  sourceBytes: Infinity,
  totalBytes: Infinity,
  comparedBytes: Infinity,
  depth: Infinity,
  answerBytes: Infinity,
  jsonDepth: Infinity,
  census: 0,
});
