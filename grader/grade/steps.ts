/**
 * The steps of `grade` (grade/index.ts lists them in order, with the ordering rules). Each does one job on the
 * Grading it is handed: it reads what earlier steps left there and leaves its own result for the later ones.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import { serializeFixture } from '../harness/codec';
import { caseSeed, type GradingContext } from '../harness/context';
import type { IntegrityNote, Lang, Results, SandboxRecord, SubmissionTimeSource } from '../shared/results';
import {
  DEFAULT_LIMITS,
  isolationDetails,
  ownedTempDir,
  stagingLayers,
  type Acceptance,
  type SandboxLimits,
} from '../sandbox';
import { loadManifest, type KitManifest } from '../shared/manifest';
import { isSourcePath, type Listing } from '../submission';
import { placeThrows } from './source-lines';
import { readAnswers } from './answers';
import { copyArtifacts, type Artifacts } from './artifacts';
import { findTampering } from './check-protected';
import { compileKitRuntime, compileSubmission, type CompileResult } from './compile';
import { applyLatePolicy } from './late-policy';
import { unreadNotes } from './not-graded';
import { prepareReferenceCells, type ReferenceStaging } from './reference-cells';
import { runSuites, type SuiteRun } from './run-suites';
import type { StudentSuites } from './suite-stream';
import { refusedChecks, sandboxIntegrity, sandboxRecord } from './sandbox-notes';
import { score, type Answers, type Scored } from './score';
import { commitTimeOf } from './submission-time';
import { publicFixtureMaker, suiteFiles } from './suites';
import { buildResults, renderResults, writeRendered } from './write-results';
import type { Reports } from '../feedback/render';

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
  /** Runs the suites in a Vitest shared across submissions (grade-all's stream); without one, grade starts its own. */
  runner?: StudentSuites;
  /** Sandbox layers the teacher accepts missing (--allow-weak-sandbox); by default none, and a missing one stops the code. */
  allowWeak?: Acceptance;
}

/** One student's grading as it goes: the input, then what each step has found so far. */
export class Grading {
  readonly started = performance.now();
  readonly timings: Record<string, number> = {};
  readonly integrity: IntegrityNote[] = [];
  readonly staging: string;
  manifest!: KitManifest;
  compiled!: CompileResult;
  referenceStaging!: ReferenceStaging;
  artifacts!: Artifacts;
  freshFixtures!: Record<string, string>;
  sandbox!: SandboxRecord;
  context!: GradingContext;
  ran!: SuiteRun;
  answers!: Answers;
  scored!: Scored;
  results!: Results;
  reports!: Reports;

  constructor(
    readonly opts: GradeOptions,
    readonly catalog: Catalog,
    readonly lang: Lang,
    readonly exercisesDir: string,
    readonly listing: Listing,
    /** The grader's own folder for this student (removed when grading ends). */
    readonly work: string,
  ) {
    this.staging = path.join(work, 'staging');
  }
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

/** 2. Changed protected files are noted (grading always uses the kit's own copies). */
export function checkProtected(g: Grading): void {
  g.manifest = loadManifest(g.opts.kitRoot);
  g.integrity.push(...findTampering(g.exercisesDir, g.manifest, g.listing));
}

/** 3. The submission compiled into the staging folder (transpiled only, never run). */
export async function compile(g: Grading): Promise<void> {
  const { kitRoot } = g.opts;
  g.compiled = await compileSubmission({
    exercisesDir: g.exercisesDir,
    staging: g.staging,
    runtimeDir: await kitRuntime(kitRoot),
    catalog: g.catalog,
    listing: g.listing,
    kitExercisesDir: path.join(kitRoot, 'exercises'),
  });
  g.integrity.push(
    ...g.compiled.notes,
    ...unreadNotes(g.listing, (rel) => isSourcePath(rel) || rel in g.manifest.protected),
  );
}

/** 3b. Where a dependent exercise's code runs on the reference of what it requires, if it can. */
export async function referenceCells(g: Grading): Promise<void> {
  g.referenceStaging = await prepareReferenceCells({
    kitRoot: g.opts.kitRoot,
    catalog: g.catalog,
    staging: g.staging,
    into: path.join(g.work, 'reference-cells'),
  });
  // A dependent exercise inherits a required one's compile error only where no reference can stand in for it.
  const errors = g.compiled.compileErrors;
  for (const exercise of g.catalog.exercises) {
    const inherited = (exercise.requires ?? []).some((id) => errors[id] && errors[exercise.id] === errors[id]);
    if (inherited && g.referenceStaging[exercise.id]) delete errors[exercise.id];
  }
}

/** 3c. The data files handed in besides code, copied out of the submission (the suites read them as data). */
export function takeArtifacts(g: Grading): void {
  g.artifacts = copyArtifacts(g.exercisesDir, g.catalog, path.join(g.work, 'artifacts'), g.listing);
}

/**
 * 4. The public checks run on fresh cases drawn from the student's seed: copied answers earn nothing. An exercise
 * with nothing handed in has no answers to copy and no code to run (its checks end at their first call, on the
 * missing module): its public checks read the published cases, and no fresh ones are made for it.
 */
export async function publicCases(g: Grading): Promise<void> {
  const dir = path.join(g.work, 'fixtures');
  g.freshFixtures = {};
  mkdirSync(dir, { recursive: true });
  for (const exercise of g.catalog.exercises) {
    if (!g.listing.entries.some((e) => e.rel.startsWith(`${exercise.id}/`))) continue;
    const make = await publicFixtureMaker(g.opts.kitRoot, exercise.id);
    if (!make) continue;
    const file = path.join(dir, `${exercise.id}.v8`);
    writeFileSync(file, serializeFixture(await make(caseSeed(g.opts.seed, exercise.id, 'public'))));
    g.freshFixtures[exercise.id] = file;
  }
}

/** 5a. Whether the student's code may run (every layer in force or accepted missing), and the suites' context. */
export async function checkSandbox(g: Grading): Promise<void> {
  // Probed once here: Vitest starts new worker threads for every run, and each would probe again (about 0.5 s).
  const isolation = await isolationDetails();
  const layers = stagingLayers(g.staging, isolation);
  g.sandbox = sandboxRecord(layers, g.opts.allowWeak ?? []);
  g.integrity.push(...sandboxIntegrity(g.sandbox, layers));
  g.context = {
    mode: 'grade',
    staging: g.staging,
    seed: g.opts.seed,
    limits: { ...DEFAULT_LIMITS, ...g.opts.limits },
    compileErrors: g.compiled.compileErrors,
    freshFixtures: g.freshFixtures,
    artifacts: g.artifacts,
    referenceStaging: g.referenceStaging,
    isolation,
    acceptWeak: g.opts.allowWeak ?? [],
  };
}

/** 5b. The public and hidden suites, in the runner given (grade-all's) or in a Vitest of grade's own. */
export async function runTheSuites(g: Grading): Promise<void> {
  const { kitRoot, runner } = g.opts;
  if (!g.sandbox.ran) {
    g.ran = { checks: refusedChecks(g.catalog, g.sandbox), problems: [] };
    return;
  }
  const files = suiteFiles(kitRoot, g.catalog, 'all');
  g.ran = await (runner
    ? runner.run(files, g.context)
    : runSuites({ kitRoot, files, context: g.context, verbose: g.opts.verbose }));
}

/** 6a. The written answers, as plain text for the TA (grade/answers.ts). */
export function readTheAnswers(g: Grading): void {
  g.answers = readAnswers(g.opts.kitRoot, g.exercisesDir, g.catalog, g.listing);
}

/** 6b. Points from the records, then the late policy on the raw points; a throw shown at the student's line. */
export function scoreAndPenalise(g: Grading): void {
  const { opts } = g;
  g.scored = score(g.catalog, g.ran.checks, 'all', g.answers);
  placeThrows(g.scored, g.staging, g.exercisesDir); // needs the staging's source maps
  const late = applyLatePolicy({
    policy: g.catalog.latePolicy,
    deadline: opts.deadline ?? g.catalog.deadline,
    submittedAt: opts.submittedAt ?? null,
    extensionDays: opts.deadline ? 0 : opts.extensionDays,
    rawMilli: g.scored.raw_milli,
  });
  const results = buildResults({
    catalog: g.catalog,
    scored: g.scored,
    ran: g.ran.checks,
    late,
    lang: g.lang,
    student: opts.student,
    seed: opts.seed,
    commit: opts.commit ?? null,
    ...shownTime(opts),
    seenAt: opts.seenAt ?? null,
    integrity: g.integrity,
    timings: g.timings,
    seconds: (performance.now() - g.started) / 1000,
  });
  g.results = { ...results, sandbox: g.sandbox };
}

/** 7a. The reports and their plots, rendered from the results as validated for writing. */
export async function renderTheReports(g: Grading): Promise<void> {
  g.reports = await renderResults(g.opts.out, g.results);
}

/** 7b. The reports, then results.json; what the grader could not account for goes to grader-problems.log. */
export async function write(g: Grading): Promise<void> {
  await writeRendered(g.opts.out, g.results, g.reports);
  const missing = g.scored.missing.map((m) => `${m.exercise}/${m.id}: ${m.error ?? 'no record'}`);
  if (g.ran.problems.length > 0 || missing.length > 0) {
    mkdirSync(g.opts.out, { recursive: true });
    writeFileSync(path.join(g.opts.out, 'grader-problems.log'), [...g.ran.problems, ...missing].join('\n') + '\n');
  }
}

/**
 * The submission time the reports show: the one given (it also decides the late policy), else the date of the commit a
 * git submission folder is at, shown for what it is but not used for the late policy, which needs a time the teacher
 * vouches for (--submitted-at, or collect's manifest).
 */
function shownTime(opts: GradeOptions): { submittedAt: string | null; timeSource: GradeOptions['timeSource'] } {
  if (opts.submittedAt) return { submittedAt: opts.submittedAt, timeSource: opts.timeSource ?? 'given' };
  const commitTime = commitTimeOf(opts.submission);
  return { submittedAt: commitTime, timeSource: commitTime ? 'commit' : null };
}
