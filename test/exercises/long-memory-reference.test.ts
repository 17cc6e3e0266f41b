// Proves exercise 06's reference right without trusting it: the RNN cell against a scalar loop written here and its
// gradients (step and BPTT) against central finite differences; the three models' gradients against finite
// differences; the adding problem's invariants; and the separation itself, on a budget small enough for a test
// (the full table is the bench's: npm run bench -- long-memory).
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../solutions/lib/matrix';
import {
  rnnBackward,
  rnnForward,
  rnnStep,
  rnnStepBackward,
  initRnn,
  type RnnParams,
} from '../../solutions/06-long-memory/rnn';
import * as L from '../../solutions/06-long-memory/long-memory';
import { makeModelCase, makeSequenceCase, makeStepCase } from '../../solutions/06-long-memory/cases';
import { FD_TOL, numericGradient, relativeError } from './finite-differences';

const sumOf = (hs: Matrix[], dhs: Matrix[]): number => hs.reduce((s, h, i) => s + h.mul(dhs[i]).sum(), 0);

describe('the plain RNN cell', () => {
  it('computes h = tanh(x·Wx + hPrev·Wh + b), entry by entry', () => {
    const k = makeStepCase(11, { N: 3, D: 2, H: 4 });
    const { h } = rnnStep(k.x, k.hPrev, k.p);
    for (let n = 0; n < 3; n++) {
      for (let j = 0; j < 4; j++) {
        let a = k.p.b.get(0, j);
        for (let d = 0; d < 2; d++) a += k.x.get(n, d) * k.p.Wx.get(d, j);
        for (let i = 0; i < 4; i++) a += k.hPrev.get(n, i) * k.p.Wh.get(i, j);
        expect(h.get(n, j)).toBeCloseTo(Math.tanh(a), 14);
      }
    }
  });

  it('has step gradients equal to finite differences', () => {
    const k = makeStepCase(12, { N: 2, D: 3, H: 4 }, { scale: 0.5 });
    const grads = rnnStepBackward(k.dh, rnnStep(k.x, k.hPrev, k.p).cache);
    const loss = (x: Matrix, hPrev: Matrix, p: RnnParams) => rnnStep(x, hPrev, p).h.mul(k.dh).sum();
    expect(
      relativeError(
        grads.dx,
        numericGradient(k.x, (m) => loss(m, k.hPrev, k.p)),
      ),
    ).toBeLessThan(FD_TOL);
    expect(
      relativeError(
        grads.dhPrev,
        numericGradient(k.hPrev, (m) => loss(k.x, m, k.p)),
      ),
    ).toBeLessThan(FD_TOL);
    for (const name of ['Wx', 'Wh', 'b'] as const) {
      const d = { Wx: grads.dWx, Wh: grads.dWh, b: grads.db }[name];
      expect(
        relativeError(
          d,
          numericGradient(k.p[name], (m) => loss(k.x, k.hPrev, { ...k.p, [name]: m })),
        ),
      ).toBeLessThan(FD_TOL);
    }
  });

  it('has BPTT gradients equal to finite differences, every step summed', () => {
    const k = makeSequenceCase(13, { N: 2, D: 2, H: 3 }, 6, { scale: 0.7 });
    const g = rnnBackward(k.dhs, rnnForward(k.xs, k.h0, k.p).cache);
    const loss = (xs: Matrix[], h0: Matrix, p: RnnParams) => sumOf(rnnForward(xs, h0, p).hs, k.dhs);
    k.xs.forEach((x, t) => {
      const moved = (m: Matrix) =>
        loss(
          k.xs.map((y, s) => (s === t ? m : y)),
          k.h0,
          k.p,
        );
      expect(relativeError(g.dxs[t], numericGradient(x, moved))).toBeLessThan(FD_TOL);
    });
    expect(
      relativeError(
        g.dh0,
        numericGradient(k.h0, (m) => loss(k.xs, m, k.p)),
      ),
    ).toBeLessThan(FD_TOL);
    for (const [name, d] of [
      ['Wx', g.dWx],
      ['Wh', g.dWh],
      ['b', g.db],
    ] as const) {
      expect(
        relativeError(
          d,
          numericGradient(k.p[name], (m) => loss(k.xs, k.h0, { ...k.p, [name]: m })),
        ),
      ).toBeLessThan(FD_TOL);
    }
  });

  it('initRnn draws uniform(±1/√H) weights from the seed and a zero bias', () => {
    const p = initRnn(3, 16, 5);
    expect([p.Wx.rows, p.Wx.cols, p.Wh.rows, p.Wh.cols, p.b.cols]).toEqual([3, 16, 16, 16, 16]);
    expect(Math.max(...p.Wh.data.map(Math.abs))).toBeLessThanOrEqual(0.25);
    expect(p.b.norm()).toBe(0);
    expect(initRnn(3, 16, 5).Wh.toArray()).toEqual(p.Wh.toArray());
    expect(initRnn(3, 16, 6).Wh.toArray()).not.toEqual(p.Wh.toArray());
  });
});

describe('the adding problem', () => {
  it('marks exactly one step in each half, and the target is the sum of the two marked values', () => {
    for (const T of [2, 3, 7, 30]) {
      const { xs, y } = L.addingProblem(50, T, T);
      expect(xs).toHaveLength(T);
      const half = Math.floor(T / 2);
      for (let s = 0; s < 50; s++) {
        const marked = xs.map((x, t) => (x.get(s, 1) === 1 ? t : -1)).filter((t) => t >= 0);
        expect(marked).toHaveLength(2);
        expect(marked[0]).toBeLessThan(half);
        expect(marked[1]).toBeGreaterThanOrEqual(half);
        expect(y.get(s, 0)).toBe(xs[marked[0]].get(s, 0) + xs[marked[1]].get(s, 0));
        for (const x of xs)
          expect(x.get(s, 0) >= 0 && x.get(s, 0) < 1 && (x.get(s, 1) === 0 || x.get(s, 1) === 1)).toBe(true);
      }
    }
  });

  it('is a function of its seed, and marks every position of each half over many draws', () => {
    expect(L.addingProblem(4, 9, 1).y.toArray()).toEqual(L.addingProblem(4, 9, 1).y.toArray());
    expect(L.addingProblem(4, 9, 1).y.toArray()).not.toEqual(L.addingProblem(4, 9, 2).y.toArray());
    const { xs } = L.addingProblem(400, 6, 3);
    for (let t = 0; t < 6; t++) expect(xs[t].sliceCols(1, 2).sum()).toBeGreaterThan(0);
    expect(() => L.addingProblem(1, 1, 1)).toThrow(/T must be an integer ≥ 2/);
  });
});

describe('the three models', () => {
  it.each(L.CELLS)('%s: modelBackward equals finite differences of modelForward', (cell) => {
    const k = makeModelCase(21, cell, 2, 3, 2);
    const grads = L.modelBackward(k.dPred, L.modelForward(cell, k.p, k.xs).cache);
    for (const name of ['Wx', 'Wh', 'b', 'Wy', 'by'] as const) {
      const numeric = numericGradient(k.p[name], (m) =>
        L.modelForward(cell, { ...k.p, [name]: m }, k.xs)
          .pred.mul(k.dPred)
          .sum(),
      );
      expect(relativeError(grads[name], numeric)).toBeLessThan(FD_TOL);
    }
  });

  it('the GRU model carries b = [bx | bh] from initGru', () => {
    const p = L.initModel('gru', 2, 3, 4);
    expect([p.b.rows, p.b.cols, p.Wx.cols, p.Wy.rows]).toEqual([1, 18, 9, 3]);
  });
});

describe('the separation, on a budget small enough for a test', () => {
  // T = 16, 600 steps of 16 sequences (about 5 s of CPU): the LSTM and the GRU learn the task, the plain RNN does not.
  it('the LSTM and the GRU solve T = 16 where the plain RNN does not (seed 1)', () => {
    const o = { ...L.DEFAULT_EXPERIMENT, hidden: 8, steps: 600, batch: 16, lr: 0.03, lengths: [16], seeds: [1] };
    const { runs, table } = L.runExperiment(o);
    const rate = (cell: L.CellName) => runs.find((r) => r.cell === cell)?.successRate ?? NaN;
    expect(runs.map((r) => r.cell)).toEqual(['rnn', 'lstm', 'gru']);
    expect(table.map((r) => r.solved)).toEqual([0, 1, 1]);
    expect(rate('rnn')).toBeLessThan(0.15);
    expect(rate('lstm')).toBeGreaterThan(0.4);
    expect(rate('gru')).toBeGreaterThan(0.6);
  }, 300_000);
});
