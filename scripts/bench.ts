/**
 * `npm run bench`: speed figures, each as a ratio against a baseline measured in the same run
 * (so a slower or busier machine moves both sides). Prints a table and writes out/bench.json.
 * Benchmarks are not tests: nothing here asserts; the goals are printed beside the figures.
 * `npm run bench -- lstm` or `-- class` runs one section.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Matrix } from '../exercises/lib/matrix';
import { initLstm, lstmBackward, lstmForward } from '../solutions/03-lstm-cell/lstm';
import { PACKAGE_ROOT } from '../grader/kit';

interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What the value is divided by, when it is a ratio. */
  baseline?: string;
  goal?: string;
  met?: boolean;
}

/** Median wall time of `fn` in milliseconds, after warm-up, over at least `minRuns` runs and ~`minMs`. */
async function time(fn: () => unknown | Promise<unknown>, minRuns = 5, minMs = 1500): Promise<number> {
  for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
    if (samples.length >= 200) break;
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function lstmFigures(): Promise<Figure[]> {
  const [N, T, D, H] = [32, 64, 8, 64];
  const p = initLstm(D, H, 1);
  const xs = Array.from({ length: T }, (_, t) => Matrix.random(N, D, 100 + t));
  const zeros = Matrix.zeros(N, H);
  const dhs = Array.from({ length: T }, (_, t) => Matrix.random(N, H, 1000 + t));
  const forwardMs = await time(() => lstmForward(xs, zeros, zeros, p));
  const { cache } = lstmForward(xs, zeros, zeros, p);
  const backwardMs = await time(() => lstmBackward(dhs, cache));

  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  const tfMs: Record<string, number> = {};
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    const layer = tf.layers.lstm({ units: H, returnSequences: true, recurrentActivation: 'sigmoid', kernelInitializer: 'glorotUniform', recurrentInitializer: 'glorotUniform' });
    const x = tf.tensor3d(Array.from({ length: N }, (_, n) => Array.from({ length: T }, (_, t) => Array.from(xs[t].data.subarray(n * D, (n + 1) * D)))));
    tfMs[backend] = await time(() => {
      const y = layer.apply(x) as import('@tensorflow/tfjs').Tensor;
      y.dataSync();
      y.dispose();
    });
    x.dispose();
  }
  const shape = `N=${N} T=${T} D=${D} H=${H}`;
  return [
    { name: `LSTM forward, reference (${shape})`, value: forwardMs, unit: 'ms' },
    { name: 'LSTM backward (BPTT), reference', value: backwardMs, unit: 'ms' },
    { name: 'LSTM forward, TensorFlow.js wasm', value: tfMs.wasm, unit: 'ms' },
    { name: 'LSTM forward, TensorFlow.js cpu', value: tfMs.cpu, unit: 'ms' },
    { name: 'reference forward / tfjs wasm forward', value: forwardMs / tfMs.wasm, unit: '×', baseline: 'tfjs wasm', goal: '≤ 2', met: forwardMs / tfMs.wasm <= 2 },
    { name: 'reference forward / tfjs cpu forward', value: forwardMs / tfMs.cpu, unit: '×', baseline: 'tfjs cpu', goal: '< 1', met: forwardMs / tfMs.cpu < 1 },
    { name: 'reference backward / reference forward', value: backwardMs / forwardMs, unit: '×', baseline: 'reference forward', goal: '≤ 2.5', met: backwardMs / forwardMs <= 2.5 },
  ];
}

/**
 * A generated class of `size` submissions, copies of the example class's kinds in turn, graded
 * with grade-all. The baseline is the same pipeline with no sharing: `grade` on one submission
 * from a cold start (its own Vitest), measured in this run.
 */
async function classFigures(size: number): Promise<Figure[]> {
  const { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const { gradeAll } = await import('../grader/grade-all');
  const { grade } = await import('../grader/grade');
  const { DEMO_SECRET } = await import('../grader/demo');
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
    const mean = (key: string) => timings.reduce((s, t) => s + (t[key] ?? 0), 0) / Math.max(timings.length, 1);
    const suites = mean('suites');
    const total = (summary.seconds * 1000) / Math.max(summary.graded.length, 1);
    const perMinute = (summary.graded.length / summary.seconds) * 60;
    return [
      { name: `class of ${size} (${kinds.length} kinds, callMs ${limits.callMs}): wall time`, value: summary.seconds, unit: 's', goal: '≤ 100 for 100', met: summary.seconds <= 100 * (size / 100) },
      { name: 'submissions per minute', value: perMinute, unit: '/min' },
      { name: 'per submission: suites (sandbox start + checks)', value: suites, unit: 'ms' },
      { name: 'per submission: everything else (wall share − suites)', value: total - suites, unit: 'ms', goal: '< 300', met: total - suites < 300 },
      { name: 'one cold `grade` (own Vitest start)', value: coldMs, unit: 'ms' },
      { name: 'grade-all per submission / cold grade', value: (summary.seconds * 1000) / summary.graded.length / coldMs, unit: '×', baseline: 'cold grade of one submission' },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function format(f: Figure): string {
  const v = f.unit === '×' ? f.value.toFixed(2) : f.value.toFixed(1);
  const goal = f.goal ? `   goal ${f.goal}: ${f.met ? 'met' : 'NOT met'}` : '';
  return `${f.name.padEnd(58)} ${v.padStart(8)} ${f.unit}${goal}`;
}

async function main(): Promise<void> {
  const sections: Record<string, Figure[]> = {};
  console.log('gatelab bench (ratios are against baselines measured in this run)\n');
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  if (want('lstm')) sections.lstm = await lstmFigures();
  if (want('class')) sections.class = await classFigures(Number(process.env.GATELAB_BENCH_CLASS ?? 100));
  for (const [name, figures] of Object.entries(sections)) {
    console.log(`[${name}]`);
    for (const f of figures) console.log(format(f));
    console.log('');
  }
  const out = path.join(PACKAGE_ROOT, 'out', 'bench.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ measured_at: new Date().toISOString(), node: process.version, sections }, null, 2) + '\n');
  console.log(`written: ${path.relative(process.cwd(), out)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
