/**
 * `gatelab grade-all`: a whole class through the same pipeline as `grade`, in steps:
 *   1. discover the students                 (folders, and collect's manifest when there is one)
 *   2. plan: hash each student's inputs       (a student whose hash is unchanged is skipped, unless --force)
 *   3. grade the rest                         (students go through `grade` a few at a time, their suites in one
 *                                              Vitest run for the class, grade/suite-stream.ts; each student's
 *                                              results are written the moment they are done, then a .input-hash)
 *   4. compare the class's code               (similarity, grader/similarity)
 *   5. write the class outputs                (from every results.json in the folder, graded now or earlier)
 *
 * A batch killed at any moment (Ctrl-C, kill -9) loses no finished result: the next run skips what is done and
 * completes the rest. With `shard` (--shard i/n) only that shard's students are graded, and grader/shard/ leaves
 * what `gatelab merge` needs.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync } from '../shared/atomic';
import { loadCatalog, type Catalog } from '../shared/catalog';
import { grade } from '../grade';
import { checkOutDir } from '../grade/out-dir';
import { resolveSubmission } from '../grade/resolve-submission';
import { SuiteStream, type StudentSuites } from '../grade/suite-stream';
import { formatMilli } from '../shared/points';
import { mapLimit } from '../shared/pool';
import type { Lang, Results } from '../shared/results';
import { DEFAULT_LIMITS, tempDirsRemoved, type Acceptance, type SandboxLimits } from '../sandbox';
import { wallBoundMs } from '../sandbox/clock';
import { studentSeed } from '../shared/seed';
import { writeClassOutputs, type ClassSummary } from '../class-outputs';
import { similarPairs } from '../class-outputs/similar';
import { inShard, writeShard, type ShardSpec } from '../shard';
import { inputHash, kitFingerprint } from '../submission/input-hash';
import { discoverStudents, type StudentEntry } from './discover';
import { Phases } from './phases';
import { createProgress, type Progress } from './progress';

export interface GradeAllOptions {
  submissions: string;
  out: string;
  kitRoot: string;
  secret: string;
  lang?: Lang;
  jobs?: number;
  force?: boolean;
  limits?: Partial<SandboxLimits>;
  /** Where progress goes (stderr by default). */
  progressStream?: NodeJS.WriteStream;
  /** The catalog to grade with (default: the kit's course.json); tests pass a part of it. */
  catalog?: Catalog;
  /** Sandbox layers the teacher accepts missing (--allow-weak-sandbox); none by default (fail closed). */
  allowWeak?: Acceptance;
  /** Grade only this part of the class (--shard i/n) and leave what `gatelab merge` needs (grader/shard/). */
  shard?: ShardSpec;
}

export interface GradeAllSummary extends ClassSummary {
  graded: string[];
  /** Graded, but their code did not run: a sandbox layer was missing and not accepted (fail closed). */
  notRun: string[];
  skipped: string[];
  failed: { id: string; message: string }[];
  seconds: number;
  /** Milliseconds spent in each phase (per-student steps summed over the students), for `npm run bench -- class`. */
  phases: Record<string, number>;
  /** With --shard: shard.json, and how many students the shard and the whole class have. */
  shard?: { file: string; students: number; classSize: number };
}

/** A student to grade: the seed of their cases and their input hash (null when their folder is not a submission). */
interface Todo {
  student: StudentEntry;
  hash: string | null;
  seed: string;
}

/** What grading the class shares: the options as resolved, and where the results and the timings go. */
interface Run {
  opts: GradeAllOptions;
  /** The kit's fingerprint, part of every input hash and of shard.json. */
  kit: string;
  catalog: Catalog;
  lang: Lang;
  out: string;
  limits: SandboxLimits;
  phases: Phases;
  graded: string[];
  notRun: string[];
  failed: { id: string; message: string }[];
}

const HASH_FILE = '.input-hash';

export async function gradeAll(opts: GradeAllOptions): Promise<GradeAllSummary> {
  const started = performance.now();
  const phases = new Phases();
  const catalog = opts.catalog ?? loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? catalog.defaultLanguage;
  const everyone = phases.time('discovery', () => discoverStudents(opts.submissions));
  const students = opts.shard ? inShard(everyone, opts.shard) : everyone;
  const out = checkOutDir(opts.out, [{ label: 'the submissions folder', dir: opts.submissions }]);
  mkdirSync(out, { recursive: true });
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const run: Run = {
    opts,
    kit: kitFingerprint(opts.kitRoot),
    catalog,
    lang,
    out,
    limits,
    phases,
    graded: [],
    notRun: [],
    failed: [],
  };
  const { todo, skipped } = phases.time('hashing', () => plan(run, students));
  if (todo.length > 0) await gradeStudents(run, todo);
  const similar = phases.time('similarity', () => similarPairs(opts.kitRoot, catalog, students));
  const summary = await phases.timeAsync('class-outputs', () =>
    writeClassOutputs({ out, kitRoot: opts.kitRoot, catalog, students, lang, similar }),
  );
  const settings = { lang, limits, allowWeak: opts.allowWeak ?? [] };
  const shard = opts.shard && {
    file: writeShard({
      out,
      kitRoot: opts.kitRoot,
      kit: run.kit,
      catalog,
      secret: opts.secret,
      shard: opts.shard,
      everyone,
      students,
      settings,
    }),
    students: students.length,
    classSize: everyone.length,
  };
  const seconds = (performance.now() - started) / 1000;
  const { graded, notRun, failed } = run;
  return { ...summary, graded, notRun, skipped, failed, seconds, phases: phases.totals(), shard };
}

/** Who needs grading: every student with a folder whose inputs changed since their results were written. */
function plan(run: Run, students: StudentEntry[]): { todo: Todo[]; skipped: string[] } {
  const todo: Todo[] = [];
  const skipped: string[] = [];
  for (const student of students) {
    if (!student.dir) continue;
    const seed = studentSeed(run.opts.secret, student.id);
    const { commit, submittedAt, extensionDays, deadline } = student;
    const settings = {
      seed,
      lang: run.lang,
      commit,
      submittedAt,
      extensionDays,
      deadline,
      limits: run.limits,
      allowWeak: run.opts.allowWeak ?? [],
    };
    const hash = studentHash(run.kit, student, run.catalog, settings);
    if (!run.opts.force && hash !== null && upToDate(path.join(run.out, student.id), hash)) skipped.push(student.id);
    else todo.push({ student, hash, seed });
  }
  return { todo, skipped };
}

/**
 * The student's input hash, inside their own error boundary: a folder that is not a submission (no exercises, a
 * link in place of exercises/) gives null, and grading that student then records why, never stopping the class.
 */
function studentHash(
  kit: string,
  student: StudentEntry,
  catalog: Catalog,
  settings: Record<string, unknown>,
): string | null {
  try {
    return inputHash(kit, resolveSubmission(student.dir as string, catalog), settings);
  } catch {
    return null;
  }
}

function upToDate(dir: string, hash: string): boolean {
  const hashFile = path.join(dir, HASH_FILE);
  return (
    existsSync(path.join(dir, 'results.json')) && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash
  );
}

/**
 * Students in flight at once, per worker: one running, one compiled and waiting so the worker never waits for the
 * grader, and one whose reports are being written. Measured on a class of 100 (npm run bench -- class).
 */
const IN_FLIGHT_PER_WORKER = 3;

async function gradeStudents(run: Run, todo: Todo[]): Promise<void> {
  const workers = run.opts.jobs ?? Math.max(os.availableParallelism(), 1);
  const progress = createProgress(todo.length, run.opts.progressStream);
  const stream = await run.phases.timeAsync('start', () =>
    SuiteStream.start({
      kitRoot: run.opts.kitRoot,
      testTimeoutMs: wallBoundMs(run.limits),
      maxWorkers: workers,
      students: todo.length,
    }),
  );
  try {
    await mapLimit(todo, workers * IN_FLIGHT_PER_WORKER + 1, async (item) => {
      const suites = stream.student();
      try {
        await gradeOne(run, item, suites, progress);
      } finally {
        suites.release();
      }
    });
  } finally {
    progress.finish();
    await stream.close();
    await tempDirsRemoved();
  }
}

/** One student, inside their own error boundary: a submission the pipeline cannot take is a row, not the end. */
async function gradeOne(
  run: Run,
  { student, hash, seed }: Todo,
  suites: StudentSuites,
  progress: Progress,
): Promise<void> {
  const dir = path.join(run.out, student.id);
  try {
    const results = await grade({
      kitRoot: run.opts.kitRoot,
      catalog: run.catalog,
      submission: student.dir as string,
      out: dir,
      student: student.id,
      lang: run.lang,
      seed,
      submittedAt: student.submittedAt,
      timeSource: student.submittedAt ? 'commit' : null,
      seenAt: student.seenAt,
      commit: student.commit,
      extensionDays: student.extensionDays,
      deadline: student.deadline,
      limits: run.limits,
      runner: suites,
      allowWeak: run.opts.allowWeak,
    });
    // A student whose code did not run (a sandbox layer was missing) is graded again by the next run.
    if (hash !== null && results.sandbox?.ran !== false) writeFileAtomicSync(path.join(dir, HASH_FILE), hash + '\n');
    run.graded.push(student.id);
    if (results.sandbox?.ran === false) run.notRun.push(student.id);
    run.phases.addSteps(results.timings);
    progress.done(student.id, doneLine(results));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    run.failed.push({ id: student.id, message });
    try {
      mkdirSync(dir, { recursive: true });
      writeFileAtomicSync(path.join(dir, 'error.txt'), message + '\n');
    } catch {
      // The failure is in the summary already; a folder that cannot take error.txt must not stop the class.
    }
    progress.done(student.id, `error: ${message.split('\n')[0].slice(0, 60)}`);
  }
}

function doneLine(results: Results): string {
  const notRun =
    results.sandbox?.ran === false ? ` NOT RUN: the sandbox lacks ${results.sandbox.refused.join(', ')}` : '';
  return `${formatMilli(results.final_milli)}/${formatMilli(results.max_milli)}${notRun}`;
}
