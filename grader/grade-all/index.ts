/**
 * `gatelab grade-all`: a whole class through the same pipeline as `grade`, sharing one Vitest
 * instance (whose test files run in parallel on every core) and a sandbox per suite file.
 *
 * Each student's results are written atomically as they finish, then a `.input-hash` beside
 * them; a rerun skips students whose hash is unchanged, so a batch killed at any moment (Ctrl-C,
 * kill -9) loses no finished result and the next run completes the rest. Class outputs are
 * rebuilt at the end from every results.json in the folder, finished now or earlier. With `shard`
 * (--shard i/n) only that shard's students are graded, and grader/shard/ leaves what `gatelab merge` needs.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync } from '../shared/atomic';
import { loadCatalog, type Catalog } from '../shared/catalog';
import { grade } from '../grade';
import { checkOutDir } from '../grade/out-dir';
import { resolveSubmission } from '../grade/resolve-submission';
import { SuiteRunner } from '../grade/run-suites';
import { formatMilli } from '../shared/points';
import type { Lang } from '../shared/results';
import { DEFAULT_LIMITS, type Acceptance, type SandboxLimits } from '../sandbox';
import { wallBoundMs } from '../sandbox/clock';
import { studentSeed } from '../shared/seed';
import { writeClassOutputs, type ClassSummary } from '../class-outputs';
import { inShard, writeShard, type ShardSpec } from '../shard';
import { discoverStudents, type StudentEntry } from './discover';
import { inputHash, kitFingerprint } from './input-hash';
import { createProgress } from './progress';

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
  skipped: string[];
  failed: { id: string; message: string }[];
  seconds: number;
  /** With --shard: shard.json, and how many students the shard and the whole class have. */
  shard?: { file: string; students: number; classSize: number };
}

const HASH_FILE = '.input-hash';

/**
 * The student's input hash, inside their own error boundary: a folder that is not a submission (no exercises, a
 * link in place of exercises/) gives null, and grading that student then records why, never stopping the class.
 */
function studentHash(kit: string, student: StudentEntry, catalog: Catalog, settings: Record<string, unknown>): string | null {
  try {
    return inputHash(kit, resolveSubmission(student.dir as string, catalog), settings);
  } catch {
    return null;
  }
}

function upToDate(dir: string, hash: string): boolean {
  const hashFile = path.join(dir, HASH_FILE);
  return existsSync(path.join(dir, 'results.json')) && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash;
}

/** How many students share one Vitest run (and so one set of warm workers). */
const BATCH = 12;
/** Students compiled and waiting while a batch runs, so the next batch is ready when the runner is free. */
const AHEAD = 12;

export async function gradeAll(opts: GradeAllOptions): Promise<GradeAllSummary> {
  const started = performance.now();
  const catalog = opts.catalog ?? loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? catalog.defaultLanguage;
  const everyone = discoverStudents(opts.submissions);
  const students = opts.shard ? inShard(everyone, opts.shard) : everyone;
  const out = checkOutDir(opts.out, [{ label: 'the submissions folder', dir: opts.submissions }]);
  mkdirSync(out, { recursive: true });
  const kit = kitFingerprint(opts.kitRoot);
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };

  // A student's hash is null when their folder cannot be read as a submission: grading then says why, in their row.
  const todo: { student: StudentEntry; hash: string | null; seed: string }[] = [];
  const skipped: string[] = [];
  for (const student of students) {
    if (!student.dir) continue;
    const seed = studentSeed(opts.secret, student.id);
    const hash = studentHash(kit, student, catalog, { seed, lang, commit: student.commit, submittedAt: student.submittedAt, extensionDays: student.extensionDays, deadline: student.deadline, limits, allowWeak: opts.allowWeak ?? [] });
    if (!opts.force && hash !== null && upToDate(path.join(out, student.id), hash)) skipped.push(student.id);
    else todo.push({ student, hash, seed });
  }

  const graded: string[] = [];
  const failed: { id: string; message: string }[] = [];
  if (todo.length > 0) {
    const progress = createProgress(todo.length, opts.progressStream);
    const runner = await SuiteRunner.start({
      kitRoot: opts.kitRoot,
      testTimeoutMs: wallBoundMs(limits),
      maxWorkers: opts.jobs ?? Math.max(os.availableParallelism(), 1),
      maxBatch: BATCH,
    });
    // A batch and AHEAD more students are in the pipeline at once: while one batch's suites run, the next students
    // compile and wait, so the runner takes a full batch as soon as it is free (see SuiteRunner). Measured on a class
    // of 100 (npm run bench -- class): batches of 6 with 0 waiting 134 s, with 6 waiting 105 s; 8 with 8: 98 s;
    // 12 with 6: 98 s; 12 with 12: 91 s. Each result is still written the moment it is done.
    const queue = [...todo];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) await gradeOne(next);
    };
    const gradeOne = async ({ student, hash, seed }: (typeof todo)[number]): Promise<void> => {
      const dir = path.join(out, student.id);
      try {
        const results = await grade({
          kitRoot: opts.kitRoot,
          catalog,
          submission: student.dir as string,
          out: dir,
          student: student.id,
          lang,
          seed,
          submittedAt: student.submittedAt,
          timeSource: student.submittedAt ? 'commit' : null,
          seenAt: student.seenAt,
          commit: student.commit,
          extensionDays: student.extensionDays,
          deadline: student.deadline,
          limits,
          runner,
          allowWeak: opts.allowWeak,
        });
        // A student whose code did not run (a sandbox layer was missing) is graded again by the next run.
        if (hash !== null && results.sandbox?.ran !== false) writeFileAtomicSync(path.join(dir, HASH_FILE), hash + '\n');
        graded.push(student.id);
        const notRun = results.sandbox?.ran === false ? ` NOT RUN: the sandbox lacks ${results.sandbox.refused.join(', ')}` : '';
        progress.done(student.id, `${formatMilli(results.final_milli)}/${formatMilli(results.max_milli)}${notRun}`);
      } catch (err) {
        // A submission the pipeline cannot take (no exercises folder …) is a row in the report, not the end of the batch.
        const message = err instanceof Error ? err.message : String(err);
        failed.push({ id: student.id, message });
        try {
          mkdirSync(dir, { recursive: true });
          writeFileAtomicSync(path.join(dir, 'error.txt'), message + '\n');
        } catch {
          // The failure is in the summary already; a folder that cannot take error.txt must not stop the class.
        }
        progress.done(student.id, `error: ${message.split('\n')[0].slice(0, 60)}`);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(BATCH + AHEAD, todo.length) }, worker));
    } finally {
      progress.finish();
      await runner.close();
    }
  }
  const summary = await writeClassOutputs({ out, kitRoot: opts.kitRoot, catalog, students, lang });
  const shard = opts.shard && {
    file: writeShard({ out, kitRoot: opts.kitRoot, kit, catalog, secret: opts.secret, shard: opts.shard, everyone, students, settings: { lang, limits, allowWeak: opts.allowWeak ?? [] } }),
    students: students.length,
    classSize: everyone.length,
  };
  return { ...summary, graded, skipped, failed, seconds: (performance.now() - started) / 1000, shard };
}
