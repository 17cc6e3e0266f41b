/**
 * `npm run bench`: speed figures, each as a ratio against a baseline measured in the same run
 * (so a slower or busier machine moves both sides). Prints a table and writes out/bench.json.
 * Benchmarks are not tests: nothing here asserts; the goals are printed beside the figures.
 * `npm run bench -- lstm`, `-- forecast`, `-- class` or `-- check` runs one section.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  /** Decimals to print (default: 2 for ratios, 1 otherwise). */
  digits?: number;
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

/**
 * Paired timing: `fns` run in turn, round after round, so every one of them sees the same machine. On this VM a
 * pure arithmetic loop runs 1.5× slower for stretches of a second or more (measured: 41 ms vs 65 ms), which made
 * two medians taken a few seconds apart disagree by that much. Returns each fn's median and, per later fn, the
 * median of its round-by-round ratio to fns[0].
 */
async function timePaired(fns: (() => unknown | Promise<unknown>)[], minRounds = 15, minMs = 4000): Promise<{ medians: number[]; ratios: number[] }> {
  for (let i = 0; i < 2; i++) for (const fn of fns) await fn();
  const samples: number[][] = fns.map(() => []);
  const start = performance.now();
  while (samples[0].length < minRounds || performance.now() - start < minMs) {
    for (const [i, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      samples[i].push(performance.now() - t0);
    }
    if (samples[0].length >= 200) break;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    medians: samples.map(median),
    ratios: samples.map((xs) => median(xs.map((v, r) => v / samples[0][r]))),
  };
}

async function lstmFigures(): Promise<Figure[]> {
  const [N, T, D, H] = [32, 64, 8, 64];
  const p = initLstm(D, H, 1);
  const xs = Array.from({ length: T }, (_, t) => Matrix.random(N, D, 100 + t));
  const zeros = Matrix.zeros(N, H);
  const dhs = Array.from({ length: T }, (_, t) => Matrix.random(N, H, 1000 + t));
  const { cache } = lstmForward(xs, zeros, zeros, p);

  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  const tfForward = async (backend: string) => {
    await tf.setBackend(backend);
    await tf.ready();
    const layer = tf.layers.lstm({ units: H, returnSequences: true, recurrentActivation: 'sigmoid', kernelInitializer: 'glorotUniform', recurrentInitializer: 'glorotUniform' });
    const x = tf.tensor3d(Array.from({ length: N }, (_, n) => Array.from({ length: T }, (_, t) => Array.from(xs[t].data.subarray(n * D, (n + 1) * D)))));
    return () => {
      const y = layer.apply(x) as import('@tensorflow/tfjs').Tensor;
      y.dataSync();
      y.dispose();
    };
  };
  // The cpu backend takes about a second a run and is far from the goal: it is timed on its own, with the forward
  // paired beside it. The wasm backend, the close one, is paired run by run with our forward and backward.
  const cpu = await tfForward('cpu');
  const cpuPair = await timePaired([() => lstmForward(xs, zeros, zeros, p), cpu], 5, 3000);
  const wasm = await tfForward('wasm');
  const paired = await timePaired([() => lstmForward(xs, zeros, zeros, p), wasm, () => lstmBackward(dhs, cache)]);
  const [forwardMs, wasmMs, backwardMs] = paired.medians;
  const toWasm = 1 / paired.ratios[1];
  const toCpu = 1 / cpuPair.ratios[1];
  const backward = paired.ratios[2];
  const shape = `N=${N} T=${T} D=${D} H=${H}`;
  return [
    { name: `LSTM forward, reference (${shape})`, value: forwardMs, unit: 'ms' },
    { name: 'LSTM backward (BPTT), reference', value: backwardMs, unit: 'ms' },
    { name: 'LSTM forward, TensorFlow.js wasm', value: wasmMs, unit: 'ms' },
    { name: 'LSTM forward, TensorFlow.js cpu', value: cpuPair.medians[1], unit: 'ms' },
    { name: 'reference forward / tfjs wasm forward (paired rounds)', value: toWasm, unit: '×', baseline: 'tfjs wasm', goal: '≤ 2', met: toWasm <= 2 },
    { name: 'reference forward / tfjs cpu forward (paired rounds)', value: toCpu, unit: '×', baseline: 'tfjs cpu', goal: '< 1', met: toCpu < 1 },
    { name: 'reference backward / reference forward (paired rounds)', value: backward, unit: '×', baseline: 'reference forward', goal: '≤ 2.5', met: backward <= 2.5 },
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
    const mean = (keys: string[]) => timings.reduce((s, t) => s + keys.reduce((k, key) => k + (t[key] ?? 0), 0), 0) / Math.max(timings.length, 1);
    // Students are graded BATCH at a time in one Vitest run, so a student's `suites` time is the whole batch's wall
    // time. What each student costs beyond the suites is the pipeline's own steps: restore, compile, fresh public
    // cases and answers (writing the results is timed after results.json is written, so it is not in the file).
    const own = mean(['check-protected', 'compile', 'public-cases', 'answers']);
    const perSubmission = (summary.seconds * 1000) / Math.max(summary.graded.length, 1);
    // Two parts of a submission's cost timed on their own, after the class: starting its sandbox (one per student in
    // a batch), and rendering a full report (feedback.md, feedback.html and the plots) of a student with every plot.
    const { Sandbox } = await import('../grader/sandbox');
    const { compileKitRuntime, compileSubmission } = await import('../grader/grade/compile');
    const { loadCatalog } = await import('../grader/catalog');
    const staging = path.join(work, 'sandbox-staging');
    await compileKitRuntime(PACKAGE_ROOT, path.join(work, 'runtime'));
    await compileSubmission({ exercisesDir: path.join(examples, 's01-perfect', 'exercises'), staging, runtimeDir: path.join(work, 'runtime'), catalog: loadCatalog(PACKAGE_ROOT) });
    const sandboxMs = await time(async () => (await Sandbox.start({ root: staging, limits })).close(), 5, 1000);
    const { writeFeedback } = await import('../grader/report/render');
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

/**
 * `check 02` from command to verdict. Cold: a new process, as a student's `npx gatelab check 02`, both
 * through the repository's CLI (every verb loaded) and the kit's (student verbs only). Warm: a rerun in a
 * process that already checked once, as `watch` does after a save (one Checker: toolkit, Vitest and the
 * sandbox probe kept). The baseline is a bare `node -e 0` start, measured in this run.
 */
async function checkFigures(): Promise<Figure[]> {
  const { spawnSync } = await import('node:child_process');
  const { Checker } = await import('../grader/check');
  const spawnMs = (args: string[], runs: number): number => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, encoding: 'utf8' });
      samples.push(performance.now() - t0);
      if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  };
  const nodeMs = spawnMs(['-e', '0'], 7);
  const kitCli = "require('tsx/cjs/api').register(); require('./grader/student/cli.ts').main(['node', 'gatelab', 'check', '02']).then((c) => { process.exitCode = c; })";
  const coldRepoMs = spawnMs(['bin/gatelab.js', 'check', '02'], 3);
  const coldKitMs = spawnMs(['-e', kitCli], 3);
  const checker = await Checker.start({ kitRoot: PACKAGE_ROOT });
  let warmMs: number;
  try {
    warmMs = await time(() => checker.run({ exercise: '02' }), 5, 3000);
  } finally {
    await checker.close();
  }
  return [
    { name: 'node -e 0 (baseline)', value: nodeMs, unit: 'ms' },
    { name: 'check 02 cold, repository CLI (bin/gatelab.js)', value: coldRepoMs, unit: 'ms' },
    { name: "check 02 cold, the kit's CLI (student verbs only)", value: coldKitMs, unit: 'ms' },
    { name: 'check 02 warm (a rerun, as in watch)', value: warmMs, unit: 'ms', goal: '< 1500', met: warmMs < 1500 },
    { name: 'kit cold / node start', value: coldKitMs / nodeMs, unit: '×', baseline: 'node -e 0' },
    { name: 'warm / node start', value: warmMs / nodeMs, unit: '×', baseline: 'node -e 0' },
  ];
}

/**
 * Exercise 05: the reference forecaster trained for seeds 1…5 on the Seattle data, each timed in CPU time
 * (process.cpuUsage, so other processes on the machine do not count) and scored on the 2015 test. The baseline of
 * the ratios is persistence's MAE on the same windows, computed in this run.
 */
async function forecastFigures(): Promise<Figure[]> {
  const { loadSeattle } = await import('../datasets/weather');
  const F = await import('../solutions/05-weather-forecaster/forecaster');
  const { ridgeBaseline } = await import('../solutions/05-weather-forecaster/ridge');
  const days = loadSeattle();
  const trainW = F.makeWindows(days, days[0].date, F.SPLIT.trainTo);
  const valW = F.makeWindows(days, F.SPLIT.valFrom, F.SPLIT.valTo);
  const testW = F.makeWindows(days, F.SPLIT.testFrom, F.SPLIT.testTo);
  const s = F.fitStandardizer(trainW);
  const persistence = F.mae(F.persistence(testW), testW.y);
  const climatology = F.mae(F.climatology(days.filter((d) => d.date <= F.SPLIT.trainTo), testW.dates), testW.y);
  const ridge = F.mae(ridgeBaseline(trainW, valW, testW, s).pred, testW.y);
  const data = { train: F.standardize(trainW, s), val: F.standardize(valW, s) };
  const figures: Figure[] = [
    { name: 'persistence, 2015 test MAE', value: persistence, unit: '°C', digits: 3 },
    { name: 'climatology, 2015 test MAE', value: climatology, unit: '°C', digits: 3 },
    { name: 'ridge regression, 2015 test MAE', value: ridge, unit: '°C', digits: 3 },
  ];
  const maes: number[] = [];
  for (const seed of [1, 2, 3, 4, 5]) {
    const before = process.cpuUsage();
    const result = F.train(data, { ...F.DEFAULT_TRAIN_OPTIONS, seed });
    const used = process.cpuUsage(before);
    const seconds = (used.user + used.system) / 1e6;
    const testMae = F.mae(F.predict(result.params, s, testW), testW.y);
    maes.push(testMae);
    figures.push(
      { name: `seed ${seed}: training CPU time (${result.history.val.length} epochs)`, value: seconds, unit: 's', digits: 2, goal: '< 10', met: seconds < 10 },
      { name: `seed ${seed}: 2015 test MAE / persistence`, value: testMae / persistence, unit: '×', digits: 3, baseline: 'persistence', goal: '≤ 0.95', met: testMae / persistence <= 0.95 },
    );
    figures.push({ name: `seed ${seed}: 2015 test MAE`, value: testMae, unit: '°C', digits: 3 });
  }
  const mean = maes.reduce((a, b) => a + b, 0) / maes.length;
  figures.push(
    { name: 'LSTM, mean 2015 test MAE over seeds 1-5', value: mean, unit: '°C', digits: 3 },
    { name: 'LSTM mean MAE / persistence', value: mean / persistence, unit: '×', digits: 3, baseline: 'persistence', goal: '≤ 0.92', met: mean / persistence <= 0.92 },
    { name: 'LSTM improvement over persistence (mean)', value: 100 * (1 - mean / persistence), unit: '%', digits: 1, goal: '≥ 8', met: 1 - mean / persistence >= 0.08 },
  );
  return figures;
}

function format(f: Figure): string {
  const v = f.value.toFixed(f.digits ?? (f.unit === '×' ? 2 : 1));
  const goal = f.goal ? `   goal ${f.goal}: ${f.met ? 'met' : 'NOT met'}` : '';
  return `${f.name.padEnd(58)} ${v.padStart(8)} ${f.unit}${goal}`;
}

async function main(): Promise<void> {
  const sections: Record<string, Figure[]> = {};
  console.log('gatelab bench (ratios are against baselines measured in this run)\n');
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  if (want('lstm')) sections.lstm = await lstmFigures();
  if (want('forecast')) sections.forecast = await forecastFigures();
  if (want('class')) sections.class = await classFigures(Number(process.env.GATELAB_BENCH_CLASS ?? 100));
  if (want('check')) sections.check = await checkFigures();
  for (const [name, figures] of Object.entries(sections)) {
    console.log(`[${name}]`);
    for (const f of figures) console.log(format(f));
    console.log('');
  }
  const out = path.join(PACKAGE_ROOT, 'out', 'bench.json');
  mkdirSync(path.dirname(out), { recursive: true });
  // A run of some sections keeps the others' last figures, each with the time it was measured.
  const now = new Date().toISOString();
  let previous: Record<string, { measured_at?: string; figures?: Figure[] }> = {};
  try {
    previous = (JSON.parse(readFileSync(out, 'utf8')) as { sections?: typeof previous }).sections ?? {};
  } catch {
    previous = {};
  }
  const merged = { ...previous, ...Object.fromEntries(Object.entries(sections).map(([k, figures]) => [k, { measured_at: now, figures }])) };
  writeFileSync(out, JSON.stringify({ measured_at: now, node: process.version, sections: merged }, null, 2) + '\n');
  console.log(`written: ${path.relative(process.cwd(), out)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
