/** Bench section `lstm`: the reference LSTM against TensorFlow.js, in paired rounds. */
import { Matrix } from '../../exercises/lib/matrix';
import { initLstm, lstmBackward, lstmForward } from '../../solutions/03-lstm-cell/lstm';
import { type Figure, timePaired } from './timing';

export async function lstmFigures(): Promise<Figure[]> {
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
    const layer = tf.layers.lstm({
      units: H,
      returnSequences: true,
      recurrentActivation: 'sigmoid',
      kernelInitializer: 'glorotUniform',
      recurrentInitializer: 'glorotUniform',
    });
    const x = tf.tensor3d(
      Array.from({ length: N }, (_, n) =>
        Array.from({ length: T }, (_, t) => Array.from(xs[t].data.subarray(n * D, (n + 1) * D))),
      ),
    );
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
    {
      name: 'reference forward / tfjs wasm forward (paired rounds)',
      value: toWasm,
      unit: '×',
      baseline: 'tfjs wasm',
      goal: '≤ 2',
      met: toWasm <= 2,
    },
    {
      name: 'reference forward / tfjs cpu forward (paired rounds)',
      value: toCpu,
      unit: '×',
      baseline: 'tfjs cpu',
      goal: '< 1',
      met: toCpu < 1,
    },
    {
      name: 'reference backward / reference forward (paired rounds)',
      value: backward,
      unit: '×',
      baseline: 'reference forward',
      goal: '≤ 2.5',
      met: backward <= 2.5,
    },
  ];
}
