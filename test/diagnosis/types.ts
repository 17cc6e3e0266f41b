/**
 * The diagnosis catalogue: realistic mistakes, each a small edit of the perfect submission
 * (examples/class/s01-perfect), with where it must lose points and the words a true explanation contains.
 * One file per exercise in this folder exports `MISTAKES: CatalogueMistake[]`; the catalogue test grades
 * each one and `npm run bench -- diagnosis` prints caught / explained / misleading per exercise.
 * Expected numbers never appear here: only places, words and exercises.
 */

export interface CatalogueMistake {
  /** Unique over the whole catalogue, kebab-case, e.g. `lstm-forget-bias-dropped`. */
  id: string;
  /** The exercise whose code is edited (the mistake is counted under it), e.g. `03-lstm-cell`. */
  exercise: string;
  /** The edited file, relative to the submission's exercises/ folder, e.g. `03-lstm-cell/lstm.ts`. */
  file: string;
  /** Exact text that occurs once in that file, and what replaces it. */
  find: string;
  replace: string;
  /** Exercises where the mistake must lose points; every other exercise must keep full marks. */
  losesIn: string[];
  /**
   * The words (case-insensitive substrings) that a true explanation of the mistake contains, per language: every
   * word of at least one inner list must appear in the diagnosis of a failing check of `losesIn`.
   */
  explains: { en: string[][]; ru: string[][] };
  /** The checks whose failure is the point (optional): where the explanation must stand. */
  checks?: string[];
}

/*
 * How the runner (run.ts) judges one mistake, graded as a copy of s01-perfect with the edit applied. Words are matched
 * case-insensitively after normalising (− to -, ′ and ’ to ', ё to е, runs of space to one).
 *
 * - caught: every exercise of `losesIn` scores below its maximum.
 * - nowhere else: every other exercise keeps full marks.
 * - explained, per language: some failing check of a `losesIn` exercise (of `checks`, when given) has a diagnosis
 *   that contains every word of at least one inner list of `explains[lang]`. A mistake is explained when both are.
 * - misleading: a failing check of a `losesIn` exercise says something untrue about where the mistake is, i.e.
 *   (a) its diagnosis, in either language, carries the words of a different catalogued mistake of the same exercise
 *       (every word of one of that entry's inner lists) and none of this mistake's own lists: the student is sent to
 *       another mistake; or
 *   (b) its diagnosis tells the student to fix a function of the edited file that the edit leaves right: "fix X" or
 *       "исправьте X", where X is a function declared in the edited file that neither contains the edit nor calls,
 *       directly or through others, one that does (as written in the perfect file).
 * - no integrity note: a catalogued mistake is honest work, so its results.json `integrity` is empty (as are the
 *   perfect submission's and the untouched kit's, graded in the same run); catalogue.test.ts asserts it apart from
 *   the goal above.
 */
export type MisleadingKind = 'another-mistake' | 'right-function-blamed';
