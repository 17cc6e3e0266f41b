/** Bench section `class`: grade-all on a generated class, against one cold `grade`. */
import path from 'node:path';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { type Figure, time } from './timing';

/**
 * A generated class of `size` submissions, copies of the example class's kinds in turn, graded
 * with grade-all. The baseline is the same pipeline with no sharing: `grade` on one submission
 * from a cold start (its own Vitest), measured in this run.
 */
export async function classFigures(size: number): Promise<Figure[]> {
  const { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const { gradeAll } = await import('../../grader/grade-all');
  const { grade } = await import('../../grader/grade');
  const { DEMO_SECRET } = await import('../../grader/demo/index');
  const examples = path.join(PACKAGE_ROOT, 'examples', 'class');
  const kinds = readdirSync(examples).sort();
  const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-bench-'));
  try {
    const submissions = path.join(work, 'class');
    for (let i = 0; i < size; i++) cpSync(path.join(examples, kinds[i % kinds.length]), path.join(submissions, `student-${String(i + 1).padStart(3, '0')}`), { recursive: true });
    const limits = { callMs: 2_000, totalMs: 20_000 };
    const coldStart = performance.now();
    await grade({ kitRoot: PACKAGE_ROOT, submission: path.join(submissions, 'student-001'), out: path.join(work, 'cold'), student: 'cold', seed: 'cold', limits });
    const coldMs = performance.now() - coldStart;
    const summary = await gradeAll({ kitRoot: PACKAGE_ROOT, submissions, out: path.join(work, 'reports'), secret: DEMO_SECRET, limits, force: true });
    const timings = summary.graded.map((id) => (JSON.parse(readFileSync(path.join(work, 'reports', id, 'results.json'), 'utf8')) as { timings: Record<string, number> }).timings);
    const mean = (keys: string[]) => timings.reduce((s, t) => s + keys.reduce((k, key) => k + (t[key] ?? 0), 0), 0) / Math.max(timings.length, 1);
    // Students are graded BATCH at a time in one Vitest run, so a student's `suites` time is the whole batch's wall
    // time. What each student costs beyond the suites is the pipeline's own steps: restore, compile, fresh public
    // cases and answers (writing the results is timed after results.json is written, so it is not in the file).
    const own = mean(['check-protected', 'compile', 'public-cases', 'answers']);
    const perSubmission = (summary.seconds * 1000) / Math.max(summary.graded.length, 1);
    // Two parts of a submission's cost timed on their own, after the class: starting its sandbox (one per student in
    // a batch), and rendering a full report (feedback.md, feedback.html and the plots) of a student with every plot.
    const { Sandbox } = await import('../../grader/sandbox');
    const { compileKitRuntime, compileSubmission } = await import('../../grader/grade/compile');
    const { loadCatalog } = await import('../../grader/shared/catalog');
    const staging = path.join(work, 'sandbox-staging');
    await compileKitRuntime(PACKAGE_ROOT, path.join(work, 'runtime'));
    await compileSubmission({ exercisesDir: path.join(examples, 's01-perfect', 'exercises'), staging, runtimeDir: path.join(work, 'runtime'), catalog: loadCatalog(PACKAGE_ROOT) });
    const sandboxMs = await time(async () => (await Sandbox.start({ root: staging, limits })).close(), 5, 1000);
    const { writeFeedback } = await import('../../grader/feedback/render');
    const perfect = summary.graded.find((id) => (JSON.parse(readFileSync(path.join(work, 'reports', id, 'results.json'), 'utf8')) as { final_milli: number; max_milli: number }).final_milli === 100_000);
    const reportMs = perfect
      ? await time(() => writeFeedback(path.join(work, 'report-bench'), JSON.parse(readFileSync(path.join(work, 'reports', perfect, 'results.json'), 'utf8')) as Parameters<typeof writeFeedback>[1], 'ru'), 3, 1000)
      : NaN;
    const perMinute = (summary.graded.length / summary.seconds) * 60;
    return [
      { name: `class of ${size} (${kinds.length} kinds, callMs ${limits.callMs}): wall time`, value: summary.seconds, unit: 's', goal: '≤ 100 for 100', met: summary.seconds <= 100 * (size / 100) },
      { name: 'submissions per minute', value: perMinute, unit: '/min' },
      { name: 'per submission: wall share (2 cores)', value: perSubmission, unit: 'ms' },
      { name: 'per submission: suites, one batch of students (wall)', value: mean(['suites']), unit: 'ms' },
      { name: 'per submission: own steps beyond the suites', value: own, unit: 'ms', goal: '< 300', met: own < 300 },
      { name: 'sandbox start and close (one per student in a batch)', value: sandboxMs, unit: 'ms' },
      { name: 'report of a full-marks student (md, html, 3 plots)', value: reportMs, unit: 'ms' },
      { name: 'one cold `grade` (own Vitest start)', value: coldMs, unit: 'ms' },
      { name: 'grade-all per submission / cold grade', value: perSubmission / coldMs, unit: '×', baseline: 'cold grade of one submission' },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

