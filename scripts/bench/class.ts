/**
 * Bench section `class`: grade-all on generated classes, phase by phase, against the same students graded alone.
 *
 * GATELAB_BENCH_CLASS lists the class sizes (default 100; `25,100,400` for the scaling figures, about 12 minutes on
 * this 2-core machine). Each class is copies of the example class's kinds in turn, graded with the limits below.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import type { StudentSuites } from '../../grader/grade/suite-stream';
import { type Figure, time, timePaired } from './timing';
import { wallBoundMs } from '../../grader/sandbox/clock';

const LIMITS = { callMs: 2_000, totalMs: 20_000 };
const EXAMPLES = path.join(PACKAGE_ROOT, 'examples', 'class');

/** The class sizes of this run, from GATELAB_BENCH_CLASS. */
export function classSizes(text = process.env.GATELAB_BENCH_CLASS ?? '100'): number[] {
  const sizes = text.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`GATELAB_BENCH_CLASS="${text}": write class sizes such as 25,100,400`);
  return sizes;
}

/** `size` submissions, copies of the example kinds in turn, as student-001 … */
function makeClass(work: string, size: number): string {
  const kinds = readdirSync(EXAMPLES).sort();
  const submissions = path.join(work, `class-${size}`);
  for (let i = 0; i < size; i++)
    cpSync(
      path.join(EXAMPLES, kinds[i % kinds.length]),
      path.join(submissions, `student-${String(i + 1).padStart(3, '0')}`),
      { recursive: true },
    );
  return submissions;
}

export async function classFigures(sizes = classSizes()): Promise<Figure[]> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-bench-'));
  try {
    const alone = await aloneFigures(work);
    const parts = await componentFigures(work);
    const figures: Figure[] = [...alone.figures, ...parts.figures, ...(await startFigures())];
    let smallest: number | undefined;
    for (const size of sizes) {
      const perStudent = await gradeClass(work, size, figures, alone.perStudentMs, parts.sandboxMs);
      smallest ??= perStudent;
      if (sizes.length > 1)
        figures.push({
          name: `  class of ${size}: per student / the first size's`,
          value: perStudent / smallest,
          unit: '×',
          baseline: `class of ${sizes[0]}`,
        });
    }
    return figures;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The baseline, in this run: one student of each example kind graded alone with `grade`, each in a Vitest run of its
 * own on a warm runner (so no start-up is counted), and one cold `grade` with its own Vitest, as a teacher would.
 */
async function aloneFigures(work: string): Promise<{ perStudentMs: number; figures: Figure[] }> {
  const { grade } = await import('../../grader/grade');
  const { SuiteRunner } = await import('../../grader/grade/run-suites');
  const submissions = makeClass(work, readdirSync(EXAMPLES).length);
  const ids = readdirSync(submissions).sort();
  const gradeAlone = (id: string, runner?: StudentSuites) =>
    grade({
      kitRoot: PACKAGE_ROOT,
      submission: path.join(submissions, id),
      out: path.join(work, 'alone', id),
      student: id,
      seed: id,
      limits: LIMITS,
      runner,
    });
  const coldStart = performance.now();
  await gradeAlone(ids[0]);
  const coldMs = performance.now() - coldStart;
  const runner = await SuiteRunner.start({ kitRoot: PACKAGE_ROOT, testTimeoutMs: wallBoundMs(LIMITS), maxBatch: 1 });
  const warmStart = performance.now();
  try {
    for (const id of ids) await gradeAlone(id, runner);
  } finally {
    await runner.close();
  }
  const perStudentMs = (performance.now() - warmStart) / ids.length;
  return {
    perStudentMs,
    figures: [
      {
        name: `one student alone (each of the ${ids.length} kinds in turn, warm runner)`,
        value: perStudentMs,
        unit: 'ms',
      },
      { name: 'one cold `grade` (its own Vitest start)', value: coldMs, unit: 'ms' },
    ],
  };
}

/** A class of `size` through grade-all: wall time, per student, each phase's share; returns ms per student. */
async function gradeClass(
  work: string,
  size: number,
  figures: Figure[],
  aloneMs: number,
  sandboxMs: number,
): Promise<number> {
  const { gradeAll } = await import('../../grader/grade-all');
  const { DEMO_SECRET } = await import('../../grader/demo/index');
  const submissions = makeClass(work, size);
  const out = path.join(work, `reports-${size}`);
  const stolenBefore = stolenSeconds();
  const summary = await gradeAll({
    kitRoot: PACKAGE_ROOT,
    submissions,
    out,
    secret: DEMO_SECRET,
    limits: LIMITS,
    force: true,
    progressStream: quiet(),
  });
  const wallMs = summary.seconds * 1000;
  const perStudent = wallMs / Math.max(summary.graded.length, 1);
  figures.push(
    {
      name: `class of ${size} (callMs ${LIMITS.callMs}): wall time`,
      value: summary.seconds,
      unit: 's',
      ...(size === 100 ? { goal: '≤ 45', met: summary.seconds <= 45 } : {}),
    },
    { name: `  class of ${size}: per student (wall / students)`, value: perStudent, unit: 'ms' },
    ...(stolenBefore === null
      ? []
      : [
          {
            name: `  class of ${size}: CPU taken by the host (steal)`,
            value: (stolenSeconds() ?? stolenBefore) - stolenBefore,
            unit: 's',
          },
        ]),
    {
      name: `  class of ${size}: per student / one student alone`,
      value: perStudent / aloneMs,
      unit: '×',
      baseline: 'one student alone, warm',
    },
  );
  const checksMs = summary.graded.reduce((sum, id) => sum + checkTime(path.join(out, id, 'results.json')), 0);
  const phases: Record<string, number> = {
    ...summary.phases,
    checks: checksMs,
    'sandbox-starts': sandboxMs * summary.graded.length,
  };
  for (const [phase, ms] of Object.entries(phases).sort((a, b) => b[1] - a[1])) {
    const share = `${((100 * ms) / wallMs).toFixed(0).padStart(3)} % of the wall`;
    figures.push({
      name: `  ${PHASES[phase] ?? phase}`,
      value: ms / Math.max(summary.graded.length, 1),
      unit: 'ms',
      note: phase === 'suites' ? `${share} (overlapping)` : share,
    });
  }
  return perStudent;
}

/**
 * What each phase is, as the table prints it. Per-student phases are summed over the students, and students overlap
 * (two run in the workers while the grader compiles the next and writes the reports of the last), so a phase's share
 * of the wall is the share of one thread's time it takes; shares add up to more than 100 %.
 */
const PHASES: Record<string, string> = {
  discovery: "discovery (folders, collect's manifest), per student",
  hashing: 'input hashes (who is skipped), per student',
  start: 'Vitest start, per student',
  'check-protected': 'protected files, per student',
  compile: 'compile (esbuild), per student',
  'reference-cells': 'reference cells staged, per student',
  artifacts: 'handed-in data copied, per student',
  'public-cases': 'fresh public cases, per student',
  sandbox: 'sandbox layers checked, per student',
  'sandbox-starts': 'sandbox start and close (timed alone), per student',
  suites: 'suites, waiting for a worker included, per student',
  checks: 'checks run in the workers, per student',
  answers: 'written answers read, per student',
  score: 'score and late policy, per student',
  reports: 'reports with their plots rendered, per student',
  write: 'reports and results.json written, per student',
  similarity: 'similarity, per student',
  'class-outputs': 'grade book, stats, class report, per student',
};

/**
 * CPU time the hypervisor gave to others while this virtual machine wanted it (the `steal` column of /proc/stat, in
 * USER_HZ = 1/100 s), or null where there is no /proc/stat. On this VM it is what makes a class's wall time vary.
 */
function stolenSeconds(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    return cpu[0] === 'cpu' && cpu[8] !== undefined ? Number(cpu[8]) / 100 : null;
  } catch {
    return null;
  }
}

/** The time a student's checks ran, in the workers (each check's own duration; the sandbox's start in the first). */
function checkTime(file: string): number {
  const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
  return results.tests.reduce((sum, test) => sum + test.gatelab.duration_ms, 0);
}

/** Two parts of a student's cost timed on their own: a sandbox's start and close, and a full-marks report. */
async function componentFigures(work: string): Promise<{ sandboxMs: number; figures: Figure[] }> {
  const { Sandbox } = await import('../../grader/sandbox');
  const { compileKitRuntime, compileSubmission } = await import('../../grader/grade/compile');
  const { loadCatalog } = await import('../../grader/shared/catalog');
  const { writeFeedback } = await import('../../grader/feedback/render');
  const staging = path.join(work, 'sandbox-staging');
  await compileKitRuntime(PACKAGE_ROOT, path.join(work, 'runtime'));
  await compileSubmission({
    exercisesDir: path.join(EXAMPLES, 's01-perfect', 'exercises'),
    staging,
    runtimeDir: path.join(work, 'runtime'),
    catalog: loadCatalog(PACKAGE_ROOT),
  });
  const sandboxMs = await time(async () => (await Sandbox.start({ root: staging, limits: LIMITS })).close(), 5, 1000);
  // The alone class's first student is the first kind in order: s01-perfect.
  const perfect = path.join(work, 'alone', 'student-001', 'results.json');
  const results = JSON.parse(readFileSync(perfect, 'utf8')) as Results;
  const reportMs = await time(() => writeFeedback(path.join(work, 'report-bench'), results, 'ru'), 3, 1000);
  return {
    sandboxMs,
    figures: [
      { name: 'sandbox start and close (one per student)', value: sandboxMs, unit: 'ms' },
      {
        name: `report of the perfect student (${results.final_milli === results.max_milli ? 'full marks' : 'not full marks'}: md, html, plots)`,
        value: reportMs,
        unit: 'ms',
      },
    ],
  };
}

/**
 * What starting a sandbox process costs the grader, in this process as it is after grading a class alone: spawned
 * by the grader itself (Node forks the whole caller first), against through the launcher's small helper
 * (grader/sandbox/launcher.ts). Each time is until the process is handed over; each process then runs to its end.
 */
async function startFigures(): Promise<Figure[]> {
  const { spawn } = await import('node:child_process');
  const { startProcess } = await import('../../grader/sandbox/launcher');
  const argv = [process.execPath, '-e', '0'];
  type Started = { on(event: 'exit', listener: () => void): unknown };
  const starts: number[][] = [[], []];
  const run = (i: number, start: () => Started | Promise<Started>) => async () => {
    const t0 = performance.now();
    const p = await start();
    starts[i].push(performance.now() - t0);
    await new Promise<void>((r) => p.on('exit', r));
  };
  await timePaired(
    [run(0, () => spawn(argv[0], argv.slice(1), { stdio: 'ignore' })), run(1, () => startProcess(argv, os.tmpdir()))],
    15,
    2000,
  );
  const [direct, helper] = starts.map((xs) => xs.slice(2)); // the first two rounds warm up
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  return [
    { name: `a process spawned by the grader itself (grader ${rss} MB)`, value: median(direct), unit: 'ms' },
    { name: 'a process started through the launcher', value: median(helper), unit: 'ms' },
    {
      name: '  launcher / spawned by the grader',
      value: median(helper.map((v, r) => v / direct[r])),
      unit: '×',
      baseline: 'spawned by the grader, same rounds',
    },
  ];
}

/** A progress stream that drops what it is given: the bench prints its own table. */
function quiet(): NodeJS.WriteStream {
  return { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
}
