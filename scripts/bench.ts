/**
 * `npm run bench`: speed figures, each as a ratio against a baseline measured in the same run
 * (so a slower or busier machine moves both sides). Prints a table and writes out/bench.json.
 * Benchmarks are not tests: nothing here asserts; the goals are printed beside the figures.
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

function format(f: Figure): string {
  const v = f.unit === '×' ? f.value.toFixed(2) : f.value.toFixed(1);
  const goal = f.goal ? `   goal ${f.goal}: ${f.met ? 'met' : 'NOT met'}` : '';
  return `${f.name.padEnd(58)} ${v.padStart(8)} ${f.unit}${goal}`;
}

async function main(): Promise<void> {
  const sections: Record<string, Figure[]> = {};
  console.log('gatelab bench (ratios are against baselines measured in this run)\n');
  sections.lstm = await lstmFigures();
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
