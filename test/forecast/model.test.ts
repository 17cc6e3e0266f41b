// The model and its training, proved without trusting the reference: the loss and every parameter gradient against
// central finite differences (float64, h = 1e-5, norm-relative error ≤ 1e-6) on a tiny model; Adam against a scalar
// re-derivation of its formulas; clipping against a hand-computed norm; early stopping on a small synthetic problem
// that overfits, so the best epoch is not the last; and a short run on the real data that lowers the loss.
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../solutions/lib/matrix';
import {
  DEFAULT_TRAIN_OPTIONS,
  PARAM_NAMES,
  SPLIT,
  adamInit,
  adamStep,
  clipGlobalNorm,
  fitStandardizer,
  forecasterBackward,
  forecasterForward,
  initForecaster,
  makeWindows,
  mseLoss,
  standardize,
  train,
  type ForecasterParams,
  type Windows,
} from '../../solutions/05-weather-forecaster/forecaster';
import { loadSeattle } from '../../datasets/weather';
import { FD_TOL, numericGradient, relativeError } from '../exercises/finite-differences';

/** A small random problem: N windows of T steps with D features, and targets. */
function randomWindows(N: number, T: number, D: number, seed: number): Windows {
  return {
    xs: Array.from({ length: T }, (_, t) => Matrix.random(N, D, seed + t, -1.5, 1.5)),
    y: Matrix.random(N, 1, seed + 100, -1, 1),
    dates: Array.from({ length: N }, (_, n) => `2014-01-${String(n + 1).padStart(2, '0')}`),
  };
}

describe('loss and gradients against finite differences', () => {
  it('mseLoss: L = mean of squares, dL/dpred by central differences', () => {
    const pred = Matrix.random(5, 1, 1);
    const y = Matrix.random(5, 1, 2);
    const { loss, dPred } = mseLoss(pred, y);
    let expected = 0;
    for (let n = 0; n < 5; n++) expected += (pred.get(n, 0) - y.get(n, 0)) ** 2 / 5;
    expect(Math.abs(loss - expected)).toBeLessThan(1e-15);
    expect(
      relativeError(
        dPred,
        numericGradient(pred, (p) => mseLoss(p, y).loss),
      ),
    ).toBeLessThanOrEqual(FD_TOL);
  });

  for (const [N, T, D, H] of [
    [3, 4, 3, 2],
    [1, 1, 2, 3],
    [4, 6, 6, 5],
  ]) {
    it(`forecasterBackward: every parameter (N=${N} T=${T} D=${D} H=${H})`, () => {
      const base = initForecaster(D, H, 7 + T);
      // Non-trivial head and biases, so no gradient is zero by accident.
      const p: ForecasterParams = { ...base, b: Matrix.random(1, 4 * H, 11, -0.5, 0.5), by: Matrix.from([[0.3]]) };
      const { xs, y } = randomWindows(N, T, D, 20);
      const lossWith = (q: ForecasterParams) => mseLoss(forecasterForward(q, xs).pred, y).loss;
      const { pred, cache } = forecasterForward(p, xs);
      const grads = forecasterBackward(mseLoss(pred, y).dPred, cache);
      for (const name of PARAM_NAMES) {
        const numeric = numericGradient(p[name], (moved) => lossWith({ ...p, [name]: moved }));
        // With one step from h_0 = 0, Wh multiplies zeros: its gradient is exactly 0, and so are the differences.
        if (!(name === 'Wh' && T === 1)) expect(grads[name].norm(), name).toBeGreaterThan(1e-8);
        expect(relativeError(grads[name], numeric), name).toBeLessThanOrEqual(FD_TOL);
      }
    });
  }

  it('the forward is h_T·Wy + by with zero initial state, and nothing is mutated', () => {
    const p = initForecaster(2, 3, 5);
    const { xs } = randomWindows(2, 3, 2, 40);
    const before = xs.map((x) => Array.from(x.data));
    const { pred } = forecasterForward({ ...p, Wy: Matrix.zeros(3, 1), by: Matrix.from([[1.25]]) }, xs);
    expect(pred.toArray()).toEqual([[1.25], [1.25]]);
    expect(xs.map((x) => Array.from(x.data))).toEqual(before);
  });

  it('initForecaster: seeded, Wy within ±1/√H, by = 0, LSTM forget bias 1', () => {
    const a = initForecaster(6, 16, 3);
    expect(initForecaster(6, 16, 3).Wy.toArray()).toEqual(a.Wy.toArray());
    expect(initForecaster(6, 16, 4).Wy.toArray()).not.toEqual(a.Wy.toArray());
    expect(Math.max(...Array.from(a.Wy.data, Math.abs))).toBeLessThanOrEqual(0.25);
    expect(a.by.toArray()).toEqual([[0]]);
    expect(
      a.b
        .sliceCols(16, 32)
        .toArray()[0]
        .every((v) => v === 1),
    ).toBe(true);
  });
});

describe('optimizer pieces', () => {
  it('adamStep follows Adam’s formulas entry by entry over three steps and leaves its arguments alone', () => {
    const params = initForecaster(2, 2, 9);
    const o = { lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6 };
    // Scalar re-derivation: one (θ, m, v) per entry, updated by the textbook formulas.
    const scalar = PARAM_NAMES.map((name) => Array.from(params[name].data, (theta) => ({ theta, m: 0, v: 0 })));
    let p = params;
    let state = adamInit(params);
    for (let t = 1; t <= 3; t++) {
      const grads = { ...params };
      PARAM_NAMES.forEach((name, k) => {
        grads[name] = Matrix.random(params[name].rows, params[name].cols, 100 * t + k, -2, 2);
      });
      const pBefore = PARAM_NAMES.map((name) => Array.from(p[name].data));
      const out = adamStep(p, grads, state, o);
      expect(PARAM_NAMES.map((name) => Array.from(p[name].data))).toEqual(pBefore);
      expect(out.state.t).toBe(t);
      PARAM_NAMES.forEach((name, k) => {
        grads[name].data.forEach((g, i) => {
          const s = scalar[k][i];
          s.m = o.beta1 * s.m + (1 - o.beta1) * g;
          s.v = o.beta2 * s.v + (1 - o.beta2) * g * g;
          const mHat = s.m / (1 - o.beta1 ** t);
          const vHat = s.v / (1 - o.beta2 ** t);
          s.theta -= (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
          expect(Math.abs(out.params[name].data[i] - s.theta)).toBeLessThanOrEqual(1e-14 + 1e-12 * Math.abs(s.theta));
          expect(Math.abs(out.state.m[name].data[i] - s.m)).toBeLessThanOrEqual(1e-14);
        });
      });
      p = out.params;
      state = out.state;
    }
  });

  it('clipGlobalNorm scales every gradient by maxNorm/‖g‖ only when ‖g‖ is above maxNorm', () => {
    const zero = initForecaster(2, 2, 1);
    const grads = { ...zero };
    for (const name of PARAM_NAMES) grads[name] = Matrix.zeros(zero[name].rows, zero[name].cols);
    grads.Wx = grads.Wx.map((_, r, c) => (r === 1 && c === 3 ? 3 : 0));
    grads.by = Matrix.from([[-4]]); // ‖g‖ = √(3² + 4²) = 5
    const clipped = clipGlobalNorm(grads, 1);
    expect(clipped.norm).toBe(5);
    expect(clipped.grads.Wx.get(1, 3)).toBeCloseTo(0.6, 15);
    expect(clipped.grads.by.get(0, 0)).toBeCloseTo(-0.8, 15);
    expect(grads.by.get(0, 0)).toBe(-4);
    const kept = clipGlobalNorm(grads, 10);
    expect(kept.norm).toBe(5);
    expect(kept.grads.by.get(0, 0)).toBe(-4);
  });
});

describe('training', () => {
  it('early stopping: stops `patience` epochs after the best validation loss and returns that epoch’s weights', () => {
    // Few training windows, random targets and a large step: the model memorises them and validation gets worse.
    const data = { train: randomWindows(12, 3, 2, 1), val: randomWindows(12, 3, 2, 500) };
    const options = {
      ...DEFAULT_TRAIN_OPTIONS,
      hidden: 8,
      epochs: 300,
      batchSize: 4,
      lr: 0.05,
      clip: 5,
      patience: 5,
      seed: 3,
    };
    const reports: number[] = [];
    const result = train(data, options, (r) => reports.push(r.valLoss));
    const { val } = result.history;
    expect(val.length).toBeLessThan(300);
    expect(val.length).toBe(result.bestEpoch + options.patience);
    expect(reports).toEqual(val);
    const best = Math.min(...val);
    expect(val[result.bestEpoch - 1]).toBe(best);
    expect(val[val.length - 1]).toBeGreaterThan(best);
    // The returned weights are the best epoch's: their validation loss is that minimum, not the last epoch's.
    expect(mseLoss(forecasterForward(result.params, data.val.xs).pred, data.val.y).loss).toBe(best);
    // Seeded: the same options give the same history.
    expect(train(data, options).history).toEqual(result.history);
  });

  it('a short run on the Seattle data lowers the training and validation losses', () => {
    const days = loadSeattle();
    const trainW = makeWindows(days, days[0].date, SPLIT.trainTo);
    const valW = makeWindows(days, SPLIT.valFrom, SPLIT.valTo);
    const s = fitStandardizer(trainW);
    const result = train(
      { train: standardize(trainW, s), val: standardize(valW, s) },
      { ...DEFAULT_TRAIN_OPTIONS, epochs: 4, seed: 1 },
    );
    const { train: tr, val } = result.history;
    expect(tr).toHaveLength(4);
    expect(tr[3]).toBeLessThan(tr[0]);
    expect(val[3]).toBeLessThan(val[0]);
    expect(val[3]).toBeLessThan(0.5); // the standardised target has variance 1 on training: far below predicting the mean
  });
});
