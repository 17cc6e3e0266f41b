/**
 * `gatelab grade`: one submission through the pipeline, an ordered list of one-job steps (grade/steps.ts). The order
 * matters:
 *   1. resolve the submission folder        (bad input stops here, before anything is written: the folder,
 *                                            and an --out that is a file, unwritable, a system or a graded folder)
 *   1b. list it, within the bounds          (grader/submission: every later step reads from this listing; a
 *                                            submission over a bound gets a results.json saying which, ungraded)
 *   2. note tampered protected files         (grading always uses the kit's own copies)
 *   3. compile into a staging folder         (student code is only transpiled here, never run)
 *   3b. stage the reference cells            (05 and 06 may run on the reference of what they build on; after
 *                                            compiling: a required exercise's compile error is inherited only
 *                                            where no reference can stand in)
 *   3c. copy the handed-in data files         (the suites read copies, never the submission itself)
 *   4. draw this student's public cases      (so copied answers to the published examples earn nothing)
 *   5. run public + hidden suites in Vitest  (student code runs only in the sandbox child, and only when every
 *                                            layer of the sandbox is in force or accepted missing: fail closed)
 *   6. score, then apply the late policy     (penalty after raw points, as the catalog says; written answers
 *                                            are read as plain text for the TA and earn no automatic points)
 *   7. write the reports, then results.json  (both from the same validated results; results.json last, so its
 *                                            presence means the student's output is complete)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog, type Catalog } from '../shared/catalog';
import type { Lang, Results } from '../shared/results';
import { ownedTempDir, removeTempDirSoon } from '../sandbox';
import { exceededText, listSubmission } from '../submission';
import { checkOutDir } from './out-dir';
import { exceededNote, graderProblemNote, writeNotGraded, type NotGradedContext } from './not-graded';
import { resolveSubmission } from './resolve-submission';
import {
  checkProtected,
  checkSandbox,
  compile,
  Grading,
  publicCases,
  readTheAnswers,
  referenceCells,
  renderTheReports,
  runTheSuites,
  scoreAndPenalise,
  takeArtifacts,
  write,
  type GradeOptions,
} from './steps';

export { readAnswers } from './answers';
export type { GradeOptions } from './steps';

/** The steps in the order of the header, each with the name its time is recorded under (results.json `timings`). */
const STEPS: readonly (readonly [string, (g: Grading) => unknown])[] = [
  ['check-protected', checkProtected],
  ['compile', compile],
  ['reference-cells', referenceCells],
  ['artifacts', takeArtifacts],
  ['public-cases', publicCases],
  ['sandbox', checkSandbox],
  ['suites', runTheSuites],
  ['answers', readTheAnswers],
  ['score', scoreAndPenalise],
  ['reports', renderTheReports],
  ['write', write],
];

export async function grade(opts: GradeOptions): Promise<Results> {
  const started = performance.now();
  const catalog = opts.catalog ?? loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? catalog.defaultLanguage;
  const exercisesDir = resolveSubmission(opts.submission, catalog);
  checkOutDir(opts.out, [{ label: 'the submission', dir: opts.submission }]);
  // From here on every input ends in a results.json: over a bound, it says which; a grader failure, that.
  const notGraded = notGradedContext(opts, catalog, lang, started);
  const listing = listSubmission(exercisesDir);
  if (listing.exceeded) return writeNotGraded(notGraded, exceededText(listing.exceeded), [exceededNote(listing)]);
  const g = new Grading(opts, catalog, lang, exercisesDir, listing, ownedTempDir('grade'));
  try {
    for (const [name, step] of STEPS) {
      const t0 = performance.now();
      await step(g);
      g.timings[name] = Math.round(performance.now() - t0);
    }
    g.results.timings.total = Math.round(performance.now() - started);
    return g.results;
  } catch (err) {
    await writeGraderProblem(notGraded, err);
    throw err;
  } finally {
    removeTempDirSoon(g.work);
  }
}

function notGradedContext(opts: GradeOptions, catalog: Catalog, lang: Lang, started: number): NotGradedContext {
  return {
    catalog,
    lang,
    out: opts.out,
    student: opts.student,
    seed: opts.seed,
    commit: opts.commit ?? null,
    submittedAt: opts.submittedAt ?? null,
    deadline: opts.deadline ?? null,
    extensionDays: opts.extensionDays ?? 0,
    started,
  };
}

/** A grader failure still leaves a results.json (zero, "not a mark against your work") and the details in the log. */
async function writeGraderProblem(ctx: NotGradedContext, err: unknown): Promise<void> {
  try {
    const note = graderProblemNote(err);
    await writeNotGraded(ctx, note.message, [note]);
    writeFileSync(
      path.join(ctx.out, 'grader-problems.log'),
      `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  } catch {
    // Nowhere to write (a bad --out): the original error says more than this one.
  }
}
