/**
 * What `run_autograder` runs on Gradescope, once per submission:
 *   1. lock the teacher-only parts of the bundle  (the secret and the reference become unreadable to
 *                                                  the sandbox's uid, should the permission model slip)
 *   2. read the bundle's settings and the catalog
 *   3. read who submitted and when                (submission_metadata.json: the seed and the late policy)
 *   4. find the exercises in the upload
 *   5. grade with the hidden suites               (the same `grade` as on the teacher's machine)
 *   6. write results.json in Gradescope's format  (validated against its schema first)
 * Whatever fails, a results.json is written: score 0 and an output saying what went wrong and who
 * can fix it. Details for the teacher go to stdout (Gradescope keeps it as the autograder output).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync } from '../../shared/atomic';
import { loadCatalog, type Catalog } from '../../shared/catalog';
import { UsageError } from '../../shared/errors';
import { grade } from '../../grade';
import { formatMilli } from '../../shared/points';
import { LANGS, type Lang } from '../../shared/results';
import { probeIsolation } from '../../sandbox';
import { readSecret, studentSeed } from '../../shared/seed';
import { failureResults, gradescopeProblem, toGradescope, type GradescopeResults } from './format';
import { parseAcceptance, type Acceptance } from '../../sandbox';
import {
  autograderLayout,
  CONFIG_FILE,
  DEFAULT_ROOT,
  ROOT_ENV,
  SECRET_FILE,
  STUDENT_ID_FIELDS,
  type AutograderConfig,
  type AutograderLayout,
  type StudentIdField,
} from './layout';
import { text } from '../../shared/messages';
import { chooseDeadline, type DeadlineChoice } from './deadline';
import { AutograderProblem, locateExercises, readMetadata, type SubmissionMetadata } from './submission';

export interface RunAutograderOptions {
  /** Default: $GATELAB_AUTOGRADER_ROOT, else /autograder. */
  root?: string;
  log?: (line: string) => void;
}

export async function runAutograder(
  opts: RunAutograderOptions = {},
): Promise<{ results: GradescopeResults; file: string }> {
  const started = performance.now();
  const log = opts.log ?? ((line: string) => console.log(line));
  const layout = autograderLayout(opts.root ?? process.env[ROOT_ENV] ?? DEFAULT_ROOT);
  let catalog: Catalog | null = null;
  let config: AutograderConfig | null = null;
  let results: GradescopeResults;
  const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-autograder-'));
  try {
    lockTeacherFiles(layout, log);
    catalog = loadCatalog(layout.source);
    config = readConfig(layout.source, catalog);
    results = await gradeSubmission(layout, catalog, config, work, log);
  } catch (err) {
    results = failure(err, catalog, config, (performance.now() - started) / 1000, log);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  let problem: string | null;
  try {
    problem = gradescopeProblem(results);
  } catch (err) {
    problem = `cannot be checked (${(err as Error).message})`;
  }
  if (problem) {
    log(`gatelab: the results do not match Gradescope's format (${problem}); writing a failure instead`);
    results = failure(new Error(`results.json ${problem}`), catalog, config, (performance.now() - started) / 1000, log);
  }
  mkdirSync(layout.resultsDir, { recursive: true });
  writeFileAtomicSync(layout.resultsFile, JSON.stringify(results, null, 2) + '\n');
  log(`gatelab: wrote ${layout.resultsFile} (score ${results.score})`);
  return { results, file: layout.resultsFile };
}

async function gradeSubmission(
  layout: AutograderLayout,
  catalog: Catalog,
  config: AutograderConfig,
  work: string,
  log: (line: string) => void,
): Promise<GradescopeResults> {
  const meta = readMetadata(layout.metadata, config.studentId);
  logSubmitter(meta, config.studentId, log);
  const due = chooseDeadline(meta.dates, meta.createdAt, catalog);
  log(`gatelab: the late policy uses ${deadlineLine(due)}`);
  const secret = readBundleSecret(layout);
  const exercisesDir = locateExercises(layout.submission, layout.source, catalog, work);
  const seed = studentSeed(secret, meta.student);
  log(
    `gatelab: grading ${path.relative(layout.root, exercisesDir) || '.'} for ${meta.student} (seed ${seed}), submitted ${meta.createdAt ?? 'at an unknown time'}`,
  );
  await logSandboxLayers(log);
  const out = path.join(work, 'out');
  const graded = await grade({
    kitRoot: layout.source,
    catalog: due.catalog,
    deadline: due.deadline,
    submission: exercisesDir,
    out,
    student: meta.student,
    lang: config.lang,
    seed,
    submittedAt: meta.createdAt,
    allowWeak: config.allowWeak ?? [],
    timeSource: 'upload',
  });
  const problems = path.join(out, 'grader-problems.log');
  if (existsSync(problems)) log(`gatelab: problems while grading:\n${readFileSync(problems, 'utf8')}`);
  log(
    `gatelab: ${meta.student}: ${formatMilli(graded.final_milli)}/${formatMilli(graded.max_milli)} (raw ${formatMilli(graded.raw_milli)}, late penalty ${formatMilli(graded.submission.penalty_milli)})`,
  );
  return toGradescope(graded, catalog, {
    note: due.note,
    deadline: due.deadline,
    cutoff: due.cutoff,
    source: due.source,
  });
}

/** Whose id grading uses when the configured field is empty, and that a group is graded as its first member. */
function logSubmitter(meta: SubmissionMetadata, studentId: StudentIdField, log: (line: string) => void): void {
  if (meta.idField !== studentId)
    log(`gatelab: users[0].${studentId} is empty; the student id is users[0].${meta.idField}`);
  if (meta.groupSize > 1)
    log(
      `gatelab: a group submission of ${meta.groupSize}; the hidden cases are drawn for the first member, ${meta.student}`,
    );
}

/** Which deadline the late policy uses, and the cut-off when there is one, for the teacher's log. */
function deadlineLine(due: DeadlineChoice): string {
  const source =
    due.source === 'course'
      ? "course.json's deadline"
      : due.source === 'extension'
        ? "the student's own Gradescope due date (an extension)"
        : "Gradescope's due date";
  return `${source} ${due.deadline}${due.cutoff ? `, cut-off (late due date) ${due.cutoff}` : ''}`;
}

/** The course secret from the bundle; without it no seed can be drawn, which is the grader's problem. */
function readBundleSecret(layout: AutograderLayout): string {
  try {
    return readSecret({ secretFile: path.join(layout.source, SECRET_FILE) });
  } catch (err) {
    throw new AutograderProblem('grader', text('teacher.gradescope.noSecret', { message: (err as Error).message }));
  }
}

/** Which sandbox layers this machine gives, for the teacher's log. */
async function logSandboxLayers(log: (line: string) => void): Promise<void> {
  const isolation = await probeIsolation();
  log(
    `gatelab: sandbox layers: ${Object.entries(isolation)
      .map(([k, v]) => `${k} ${v ? 'on' : 'off'}`)
      .join(', ')}`,
  );
}

/**
 * Student code runs as uid 65534 under the sandbox when the grader is root (as on Gradescope). The
 * secret and the reference are made unreadable to that uid as well: a second lock behind Node's
 * permission model. Harmless when not root: the owner keeps access.
 */
function lockTeacherFiles(layout: AutograderLayout, log: (line: string) => void): void {
  for (const [name, mode] of [
    [SECRET_FILE, 0o600],
    ['solutions', 0o700],
    ['datasets', 0o700],
  ] as const) {
    const file = path.join(layout.source, name);
    if (!existsSync(file)) continue;
    try {
      chmodSync(file, mode);
    } catch (err) {
      log(`gatelab: could not restrict ${file}: ${(err as Error).message}`);
    }
  }
}

function readConfig(source: string, catalog: Catalog): AutograderConfig {
  const file = path.join(source, CONFIG_FILE);
  let data: Partial<AutograderConfig> = {};
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Partial<AutograderConfig>;
  } catch {
    throw new AutograderProblem('grader', text('teacher.gradescope.noConfig', { file: CONFIG_FILE }));
  }
  const lang = data.lang && LANGS.includes(data.lang) ? data.lang : catalog.defaultLanguage;
  const studentId = data.studentId && STUDENT_ID_FIELDS.includes(data.studentId) ? data.studentId : 'email';
  // The bundle is the teacher's own file, but a malformed acceptance must not widen it: anything unreadable is none.
  let allowWeak: Acceptance = [];
  try {
    if (data.allowWeak !== undefined)
      allowWeak = parseAcceptance(data.allowWeak === 'all' ? 'all' : data.allowWeak.join(','));
  } catch {
    allowWeak = [];
  }
  return { lang, studentId, allowWeak };
}

function failure(
  err: unknown,
  catalog: Catalog | null,
  config: AutograderConfig | null,
  seconds: number,
  log: (line: string) => void,
): GradescopeResults {
  const first: Lang = config?.lang ?? catalog?.defaultLanguage ?? 'ru';
  const langs = [first, ...(catalog?.languages ?? LANGS).filter((l) => l !== first)];
  const visibility = catalog ? { results: catalog.visibility.results, stdout: catalog.visibility.stdout } : undefined;
  if (err instanceof AutograderProblem) {
    log(`gatelab: ${err.kind === 'submission' ? 'cannot grade this submission' : 'grader problem'}: ${err.detail.en}`);
    return failureResults({ kind: err.kind, detail: err.detail, langs, visibility, seconds });
  }
  // Anything else is the grader's problem; the student gets a short line, the teacher the stack.
  log(`gatelab: grader failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  const line = err instanceof UsageError ? err.message : text('teacher.gradescope.unexpected');
  return failureResults({
    kind: 'grader',
    detail: text('teacher.gradescope.reason', { line }),
    langs,
    visibility,
    seconds,
  });
}

/** The entry point `run_autograder` calls: 0 once results.json is written. */
export async function main(): Promise<number> {
  await runAutograder();
  return 0;
}
