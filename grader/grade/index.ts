/**
 * `gatelab grade`: one submission through the pipeline. The order matters:
 *   1. resolve the submission folder        (bad input stops here, before anything is written: the folder,
 *                                            and an --out that is a file, unwritable, a system or a graded folder)
 *   1b. list it, within the bounds          (grader/submission: every later step reads from this listing; a
 *                                            submission over a bound gets a results.json saying which, ungraded)
 *   2. note tampered protected files         (grading always uses the kit's own copies)
 *   3. compile into a staging folder         (student code is only transpiled here, never run)
 *   4. draw this student's public cases      (so copied answers to the published examples earn nothing)
 *   5. run public + hidden suites in Vitest  (student code runs only in the sandbox child, and only when every
 *                                            layer of the sandbox is in force or accepted missing: fail closed)
 *   6. score, then apply the late policy     (penalty after raw points, as the catalog says; written answers
 *                                            are read as plain text for the TA and earn no automatic points)
 *   7. write results.json, then the reports  (results first: the reports are rendered from it)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog, type Catalog } from '../shared/catalog';
import { stringifyFixture } from '../harness/codec';
import { caseSeed, type GradingContext } from '../harness/context';
import type { IntegrityNote, Lang, Results, SubmissionTimeSource } from '../shared/results';
import { DEFAULT_LIMITS, isolationDetails, ownedTempDir, removeTempDir, stagingLayers, type Acceptance, type SandboxLimits } from '../sandbox';
import { resolveSubmission } from './resolve-submission';
import { checkOutDir } from './out-dir';
import { findTampering } from './check-protected';
import { loadManifest } from '../shared/manifest';
import { compileKitRuntime, compileSubmission } from './compile';
import { copyArtifacts, readSubmittedFile } from './artifacts';
import { exceededNote, graderProblemNote, unreadNotes, writeNotGraded, type NotGradedContext } from './not-graded';
import { BOUNDS, exceededText, isSourcePath, listSubmission } from '../submission';
import { runSuites, type SuiteRunner } from './run-suites';
import { score, type Answers } from './score';
import { commitTimeOf } from './submission-time';
import { prepareReferenceCells } from './reference-cells';
import { applyLatePolicy } from './late-policy';
import { buildResults, writeResults } from './write-results';
import { refusedChecks, sandboxIntegrity, sandboxRecord } from './sandbox-notes';
import { suiteFiles, publicFixtureMaker } from './suites';
import { placeThrows } from '../student/source-lines';

export interface GradeOptions {
  submission: string;
  out: string;
  student: string;
  lang?: Lang;
  kitRoot: string;
  seed: string;
  /** ISO time the work was submitted, for the late policy; unknown means on time. */
  submittedAt?: string | null;
  /** What submittedAt is (a commit's date, a time the teacher gave …), and when collect first fetched the commit. */
  timeSource?: SubmissionTimeSource | null;
  seenAt?: string | null;
  commit?: string | null;
  extensionDays?: number;
  /** The student's own deadline, extension included (from collect); overrides the catalog's and extensionDays. */
  deadline?: string | null;
  limits?: Partial<SandboxLimits>;
  catalog?: Catalog;
  verbose?: boolean;
  /** A Vitest instance shared across submissions (grade-all); without one, grade starts its own. */
  runner?: SuiteRunner;
  /** Sandbox layers the teacher accepts missing (--allow-weak-sandbox); by default none, and a missing one stops the code. */
  allowWeak?: Acceptance;
}

const runtimeCache = new Map<string, Promise<string>>();

/** The compiled toolkit and sandbox runner, once per kit and process (its folder goes when the process exits). */
function kitRuntime(kitRoot: string): Promise<string> {
  let dir = runtimeCache.get(kitRoot);
  if (!dir) {
    const target = ownedTempDir('runtime');
    dir = compileKitRuntime(kitRoot, target).then(() => target);
    runtimeCache.set(kitRoot, dir);
  }
  return dir;
}

export async function grade(opts: GradeOptions): Promise<Results> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };

  const catalog = opts.catalog ?? loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? catalog.defaultLanguage;
  const exercisesDir = resolveSubmission(opts.submission, catalog);
  checkOutDir(opts.out, [{ label: 'the submission', dir: opts.submission }]);
  // From here on every input ends in a results.json: over a bound, it says which; a grader failure, that.
  const notGraded = notGradedContext(opts, catalog, lang, started);
  const listing = listSubmission(exercisesDir);
  if (listing.exceeded) return writeNotGraded(notGraded, exceededText(listing.exceeded), [exceededNote(listing)]);
  const work = ownedTempDir('grade');
  try {
    const manifest = loadManifest(opts.kitRoot);
    const integrity: IntegrityNote[] = await step('check-protected', () => findTampering(exercisesDir, manifest, listing));
    const staging = path.join(work, 'staging');
    const compiled = await step('compile', async () =>
      compileSubmission({ exercisesDir, staging, runtimeDir: await kitRuntime(opts.kitRoot), catalog, listing, kitExercisesDir: path.join(opts.kitRoot, 'exercises') }),
    );
    integrity.push(...compiled.notes, ...unreadNotes(listing, (rel) => isSourcePath(rel) || rel in manifest.protected));
    const referenceStaging = await step('reference-cells', () =>
      prepareReferenceCells({ kitRoot: opts.kitRoot, catalog, staging, into: path.join(work, 'reference-cells') }),
    );
    // A dependent exercise inherits a required one's compile error only where no reference can stand in for it.
    for (const exercise of catalog.exercises) {
      const inherited = (exercise.requires ?? []).some((id) => compiled.compileErrors[id] && compiled.compileErrors[exercise.id] === compiled.compileErrors[id]);
      if (inherited && referenceStaging[exercise.id]) delete compiled.compileErrors[exercise.id];
    }
    const artifacts = copyArtifacts(exercisesDir, catalog, path.join(work, 'artifacts'), listing);
    const freshFixtures = await step('public-cases', () => writeFreshFixtures(opts.kitRoot, catalog, opts.seed, path.join(work, 'fixtures')));
    const isolation = await isolationDetails();
    const layers = stagingLayers(staging, isolation);
    const sandbox = sandboxRecord(layers, opts.allowWeak ?? []);
    integrity.push(...sandboxIntegrity(sandbox, layers));
    const context: GradingContext = {
      mode: 'grade',
      staging,
      seed: opts.seed,
      limits: { ...DEFAULT_LIMITS, ...opts.limits },
      compileErrors: compiled.compileErrors,
      freshFixtures,
      artifacts,
      referenceStaging,
      // Probed once here: Vitest starts new worker threads for every run, and each would probe again (about 0.5 s).
      isolation,
      acceptWeak: opts.allowWeak ?? [],
    };
    const files = suiteFiles(opts.kitRoot, catalog, 'all');
    const ran = await step('suites', async () => {
      if (!sandbox.ran) return { checks: refusedChecks(catalog, sandbox), problems: [] };
      return opts.runner ? opts.runner.run(files, context) : runSuites({ kitRoot: opts.kitRoot, files, context, verbose: opts.verbose });
    });
    const answers = await step('answers', () => readAnswers(opts.kitRoot, exercisesDir, catalog, listing));
    const scored = score(catalog, ran.checks, 'all', answers);
    placeThrows(scored, staging, exercisesDir); // a throw in student code, at the student's line (needs staging's maps)
    const late = applyLatePolicy({
      policy: catalog.latePolicy,
      deadline: opts.deadline ?? catalog.deadline,
      submittedAt: opts.submittedAt ?? null,
      extensionDays: opts.deadline ? 0 : opts.extensionDays,
      rawMilli: scored.raw_milli,
    });
    const results: Results = {
      ...buildResults({
        catalog,
        scored,
        ran: ran.checks,
        late,
        lang,
        student: opts.student,
        seed: opts.seed,
        commit: opts.commit ?? null,
        ...shownTime(opts),
        seenAt: opts.seenAt ?? null,
        integrity,
        timings,
        seconds: (performance.now() - started) / 1000,
      }),
      sandbox,
    };
    await step('write', () => writeResults(opts.out, results));
    results.timings.total = Math.round(performance.now() - started);
    if (ran.problems.length > 0 || scored.missing.length > 0) {
      const log = [...ran.problems, ...scored.missing.map((m) => `${m.exercise}/${m.id}: ${m.error ?? 'no record'}`)];
      mkdirSync(opts.out, { recursive: true });
      writeFileSync(path.join(opts.out, 'grader-problems.log'), log.join('\n') + '\n');
    }
    return results;
  } catch (err) {
    await writeGraderProblem(notGraded, err);
    throw err;
  } finally {
    removeTempDir(work);
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
    await writeNotGraded(ctx, graderProblemNote(err).message, [graderProblemNote(err)]);
    writeFileSync(path.join(ctx.out, 'grader-problems.log'), `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  } catch {
    // Nowhere to write (a bad --out): the original error says more than this one.
  }
}

/**
 * The submission time the reports show: the one given (it also decides the late policy), else the date of the commit a
 * git submission folder is at, shown for what it is but not used for the late policy, which needs a time the teacher
 * vouches for (--submitted-at, or collect's manifest).
 */
function shownTime(opts: GradeOptions): { submittedAt: string | null; timeSource: SubmissionTimeSource | null } {
  if (opts.submittedAt) return { submittedAt: opts.submittedAt, timeSource: opts.timeSource ?? 'given' };
  const commitTime = commitTimeOf(opts.submission);
  return { submittedAt: commitTime, timeSource: commitTime ? 'commit' : null };
}

/**
 * The public checks run on fresh cases of the published kinds when grading, drawn from the
 * student's seed: answers copied from the public fixtures earn nothing.
 */
async function writeFreshFixtures(kitRoot: string, catalog: Catalog, seed: string, dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  mkdirSync(dir, { recursive: true });
  for (const exercise of catalog.exercises) {
    const make = await publicFixtureMaker(kitRoot, exercise.id);
    if (!make) continue;
    const file = path.join(dir, `${exercise.id}.json`);
    writeFileSync(file, stringifyFixture(await make(caseSeed(seed, exercise.id, 'public'))));
    out[exercise.id] = file;
  }
  return out;
}

/** An answer longer than this is cut: it is a two-sentence answer, not an essay, and the report must stay small. */
const ANSWER_BYTES = BOUNDS.answerBytes;

/**
 * The free-text answers course.json asks for, as plain text for the TA. They are only read, never run: regular
 * files only, no symbolic link followed, at most ANSWER_BYTES. Lines of the kit's own template (the question, the
 * instructions) are dropped, so an untouched template reads as no answer.
 */
export function readAnswers(kitRoot: string, exercisesDir: string, catalog: Catalog, listing = listSubmission(exercisesDir)): Answers {
  const answers: Answers = {};
  for (const exercise of catalog.exercises) {
    if (!exercise.answers?.length) continue;
    answers[exercise.id] = exercise.answers.map((a) => {
      const template = readPlainText(path.join(kitRoot, 'exercises', exercise.id), a.file) ?? '';
      // Only what the listing lists as a readable file (a file over the per-file bound is noted, never read).
      const readable = listing.byRel.get(`${exercise.id}/${a.file}`)?.kind === 'file';
      const text = (readable ? readPlainText(path.join(exercisesDir, exercise.id), a.file) : null) ?? '';
      return { question: a.question, text: withoutTemplate(text, template) };
    });
  }
  return answers;
}

function readPlainText(dir: string, file: string): string | null {
  const read = readSubmittedFile(dir, file, ANSWER_BYTES);
  if ('problem' in read) return null;
  // A cut can split a UTF-8 character; the decoder turns the fragment into U+FFFD, which is dropped.
  let text = new TextDecoder('utf-8').decode(read.bytes);
  if (read.truncated) text = `${text.replace(/\uFFFD+$/, '')} […]`;
  // Control characters (other than tab and newline) have no place in an answer and could upset a terminal.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

function withoutTemplate(text: string, template: string): string {
  const templateLines = new Set(template.split('\n').map((l) => l.trim()).filter((l) => l !== ''));
  return text
    .split('\n')
    .filter((line) => !templateLines.has(line.trim()))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
