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
