// Proves the exercise-01 reference right without trusting it: the float64 facts the statement teaches, checked
// directly; every gradient against closed forms or central finite differences written here; firstUnrepresentable
// against exact facts and an independent loop; the experiment against closed forms. Then proves the mistake
// catalogue useful: every mistake differs from the reference on the diagnostic inputs, and from every other mistake.
import { describe, expect, it } from 'vitest';
import {
  EXPERIMENT_SERIES,
  EXPERIMENT_STEPS,
  HORIZON_THRESHOLD,
  MAX_STEPS,
  MIN_NORMAL,
  cellStateGradients,
  chainGradient,
  experimentInputs,
  firstUnrepresentable,
  runExperiment,
  tanhRnnGradients,
  unroll,
  type TanhRnnParams,
} from '../../solutions/01-vanishing-gradient/vanishing';
import { DIAGNOSTIC, makeChain, makeForgetGates, makeTanhCase } from '../../solutions/01-vanishing-gradient/cases';
import { publicFixtures } from '../../solutions/01-vanishing-gradient/fixtures';
import {
  CELL_MISTAKES,
  CHAIN_MISTAKES,
  FIRST_UNREPRESENTABLE_MISTAKES,
  SERIES_MISTAKES,
  TANH_MISTAKES,
  UNROLL_MISTAKES,
} from '../../solutions/01-vanishing-gradient/mistakes';
import { PLOT_LIMITS } from '../../grader/shared/results';

const RTOL = 1e-7;
const ATOL = 1e-9;
const FD_STEP = 1e-5;
const FD_TOL = 1e-6;

const close = (a: number, r: number): boolean =>
  (Number.isNaN(a) && Number.isNaN(r)) || a === r || Math.abs(a - r) <= ATOL + RTOL * Math.abs(r);

function expectCloseArrays(actual: number[], expected: number[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  expected.forEach((e, k) => expect(close(actual[k], e), `${what}[${k}]: ${actual[k]} vs ${e}`).toBe(true));
}

/** Same bits, counting NaN = NaN: where the statement is about exactly what float64 does. */
function expectSameBits(actual: number[], expected: number[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  expected.forEach((e, k) => expect(Object.is(actual[k], e), `${what}[${k}]: ${actual[k]} vs ${e}`).toBe(true));
}

describe('the float64 facts of the statement', () => {
  it('2^1000 fits in float64, 2^1023 is the last power of two that does, 2^1024 is Infinity', () => {
    const y = unroll(2, 1, 1024);
    expect(y[1000]).toBe(1.0715086071862673e301);
    expect(Number.isFinite(y[1023])).toBe(true);
    expect(y[1023]).toBe(8.98846567431158e307);
    expect(y[1024]).toBe(Infinity);
  });

  it('0.5^1022 is the smallest normal number, 0.5^1074 the smallest subnormal, and 0.5^1075 is exactly 0', () => {
    const y = unroll(0.5, 1, 1075);
    expect(y[1022]).toBe(MIN_NORMAL);
    expect(MIN_NORMAL).toBe(2.2250738585072014e-308);
    expect(y[1023]).toBeLessThan(MIN_NORMAL);
    expect(y[1023]).toBeGreaterThan(0);
    expect(y[1074]).toBe(Number.MIN_VALUE);
    expect(y[1075]).toBe(0);
  });

  it('a loop y *= 0.9 never reaches 0: it sticks at a subnormal value where ·0.9 rounds back to itself', () => {
    let y = 1;
    for (let n = 0; n < 10_000; n++) y *= 0.9;
    const stuck = y;
    for (let n = 0; n < 10_000; n++) y *= 0.9;
    expect(y).toBe(stuck);
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan(MIN_NORMAL);
    expect(stuck * 0.9).toBe(stuck);
    expect(unroll(0.9, 1, 20_000)[20_000]).toBe(stuck);
  });

  it("w^1000 for w = 2 and 0.5 is the lesson's 2^1000 and 0.5^1000, exactly", () => {
    expect(unroll(2, 1, 1000)[1000]).toBe(2 ** 1000);
    expect(unroll(0.5, 1, 1000)[1000]).toBe(2 ** -1000);
  });
});

describe('unroll', () => {
  /** The recurrence, written out again. */
  function loop(w: number, y0: number, steps: number): number[] {
    const out: number[] = [];
    let y = y0;
    for (let k = 0; k <= steps; k++) {
      out.push(y);
      y = y * w;
    }
    return out;
  }

  it.each([
    [0.9, 1.5, 40],
    [-1.3, 0.7, 25],
    [1e200, 1e-200, 4],
    [1e-200, 1e200, 4],
    [0.5, 1, 1080],
    [0, Infinity, 3],
    [NaN, 1, 2],
    [0.7, 2, 0],
  ])('w = %s, y0 = %s, steps = %s: the same bits as the recurrence', (w, y0, steps) => {
    expectSameBits(unroll(w, y0, steps), loop(w, y0, steps), 'y');
  });

  it('does not take the Math.pow shortcut, which overflows where the recurrence does not', () => {
    const { w, y0, steps } = DIAGNOSTIC.unroll;
    expect(unroll(w, y0, steps)[2]).toBe(1e200);
    expect(y0 * Math.pow(w, 2)).toBe(Infinity);
  });
});

describe('chainGradient', () => {
  /** g[k] as the product of the last k factors, multiplied afresh for every k, in backpropagation's order. */
  function products(lg: number[]): number[] {
    const T = lg.length;
    return Array.from({ length: T + 1 }, (_, k) => {
      let p = 1;
      for (let j = T - 1; j >= T - k; j--) p *= lg[j];
      return p;
    });
  }

  it.each([0, 1, 2, 7, 50, 3000])('T = %i: g[k] is the product of the last k local derivatives', (T) => {
    const lg = makeChain(1000 + T, T);
    expectCloseArrays(chainGradient(lg), products(lg), 'g');
  });

  it('g[0] = 1, the order matters, and NaN and ∞ are carried', () => {
    expect(chainGradient([])).toEqual([1]);
    expectSameBits(chainGradient([2, 3, 5]), [1, 5, 15, 30], 'g');
    expectSameBits(chainGradient([0.5, Infinity, 2, NaN, -1.5]), [1, -1.5, NaN, NaN, NaN, NaN], 'g');
    expectSameBits(chainGradient([Infinity, 0]), [1, 0, NaN], 'g');
  });

  it('leaves its argument alone', () => {
    const lg = makeChain(7, 9);
    const copy = [...lg];
    chainGradient(lg);
    expect(lg).toEqual(copy);
  });
});

describe('tanhRnnGradients', () => {
  /** h_T after running the neuron from state h over xs. */
  function finalState(p: TanhRnnParams, xs: number[], h: number): number {
    for (const x of xs) h = Math.tanh(p.w * h + p.u * x + p.b);
    return h;
  }

  /** ∂h_T/∂h_{T−k} by central differences: nudge the state after step T − k and run the last k steps. */
  function numeric(p: TanhRnnParams, xs: number[], h0: number): number[] {
    const T = xs.length;
    const states = [h0];
    for (const x of xs) states.push(Math.tanh(p.w * states[states.length - 1] + p.u * x + p.b));
    return Array.from({ length: T + 1 }, (_, k) => {
      const tail = xs.slice(T - k);
      const h = states[T - k];
      return (finalState(p, tail, h + FD_STEP) - finalState(p, tail, h - FD_STEP)) / (2 * FD_STEP);
    });
  }

  function relativeError(a: number[], n: number[]): number {
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    return norm(a.map((x, i) => x - n[i])) / Math.max(norm(a), norm(n), 1e-12);
  }

  it.each([1, 2, 5, 12, 40])('T = %i: every gradient agrees with central finite differences', (T) => {
    for (const [i, opts] of [{}, { zeroState: true }].entries()) {
      const c = makeTanhCase(500 + 10 * T + i, T, opts);
      const g = tanhRnnGradients(c.p, c.xs, c.h0);
      expect(g).toHaveLength(T + 1);
      expect(relativeError(g, numeric(c.p, c.xs, c.h0))).toBeLessThanOrEqual(FD_TOL);
    }
  });

  it("the experiment's tanh neurons agree with finite differences too", () => {
    for (const spec of EXPERIMENT_SERIES) {
      if (spec.family !== 'tanh') continue;
      const xs = experimentInputs(30);
      expect(relativeError(tanhRnnGradients(spec.p, xs, 0), numeric(spec.p, xs, 0))).toBeLessThanOrEqual(FD_TOL);
    }
  });

  it('a neuron saturated to exactly ±1 passes back exactly 0, and so does w = 0', () => {
    expect(Math.tanh(25)).toBe(1);
    expectSameBits(tanhRnnGradients({ w: 1, u: 1, b: 25 }, [0.5, -0.2, 0.3], 0), [1, 0, 0, 0], 'g');
    expectSameBits(tanhRnnGradients({ w: 0, u: 1, b: 0 }, [0.5, -0.2], 0.5), [1, 0, 0], 'g');
  });

  it('a sequence of thousands of steps takes little time', () => {
    const c = makeTanhCase(3, 20_000);
    const started = performance.now();
    expect(tanhRnnGradients(c.p, c.xs, c.h0)).toHaveLength(20_001);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('cellStateGradients', () => {
  it('is the product of the last k forget gates', () => {
    const f = makeForgetGates(11, 30);
    const g = cellStateGradients(f);
    for (let k = 0; k <= 30; k++) {
      const last = f.slice(30 - k).reduce((p, x) => p * x, 1);
      expect(close(g[k], last), `g[${k}]`).toBe(true);
    }
  });

  it('gates of exactly 1 keep the gradient exactly 1 over any distance; a gate of 0 cuts it', () => {
    expect(cellStateGradients(new Array<number>(5000).fill(1)).every((v) => v === 1)).toBe(true);
    expectSameBits(cellStateGradients([0.5, 0, 0.5]), [1, 0.5, 0, 0], 'g');
  });
});

describe('firstUnrepresentable', () => {
  /** The definition, looped here with the normal range written as two comparisons. */
  function independent(w: number): number {
    let v = 1;
    for (let n = 1; n <= MAX_STEPS; n++) {
      v = v * w;
      const normal = Math.abs(v) >= 2 ** -1022 && Math.abs(v) <= 1.7976931348623157e308;
      if (!normal) return n;
    }
    return Infinity;
  }

  it.each([
    [2, 1024],
    [-2, 1024],
    [0.5, 1023],
    [-0.5, 1023],
    [0.25, 512],
    [4, 512],
    [0, 1],
    [1e300, 2],
    [1e-310, 1],
    [NaN, 1],
    [Infinity, 1],
    [1, Infinity],
    [-1, Infinity],
  ])('w = %s gives %s', (w, n) => {
    expect(firstUnrepresentable(w)).toBe(n);
  });

  it.each([0.9, -0.9, 0.999, 1.1, 3, 0.3])('w = %s agrees with the definition looped independently', (w) => {
    expect(firstUnrepresentable(w)).toBe(independent(w));
  });

  it('near 1 the count follows ln(limit) / ln|w|, until it would pass MAX_STEPS', () => {
    const w = 1 + 5e-5;
    const n = firstUnrepresentable(w);
    expect(Math.abs(n - Math.log(Number.MAX_VALUE) / Math.log(w))).toBeLessThan(100);
    expect(n).toBeLessThanOrEqual(MAX_STEPS);
    expect(Math.log(MIN_NORMAL) / Math.log(1 - 3e-5)).toBeGreaterThan(MAX_STEPS);
    expect(firstUnrepresentable(1 - 3e-5)).toBe(Infinity);
  });

  it('ends quickly for every w, even the closest to 1', () => {
    for (const w of [1 - 2 ** -53, 1 + 2 ** -52, -(1 - 2 ** -53)]) {
      const started = performance.now();
      expect(firstUnrepresentable(w)).toBe(Infinity);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });
});

describe('runExperiment', () => {
  const result = runExperiment();
  const T = EXPERIMENT_STEPS;
  const horizonOf = (g: (k: number) => number): number => {
    let h = 0;
    for (let k = 0; k <= T; k++) if (Math.abs(g(k)) >= HORIZON_THRESHOLD) h = k;
    return h;
  };

  it("has one series per entry of EXPERIMENT_SERIES, with its id, family and label, within the report's plot limits", () => {
    expect(result.series.map((s) => [s.id, s.family, s.label])).toEqual(
      EXPERIMENT_SERIES.map((s) => [s.id, s.family, s.label]),
    );
    expect(new Set(result.series.map((s) => s.id)).size).toBe(result.series.length);
    expect(result.series.length * 2).toBeLessThanOrEqual(PLOT_LIMITS.series);
    for (const s of result.series) expect(s.points.length).toBeLessThanOrEqual(PLOT_LIMITS.points);
    expect(EXPERIMENT_SERIES.filter((s) => s.family === 'linear').map((s) => s.w)).toEqual([0.5, 0.9, 1.0, 1.1, 2.0]);
    expect(EXPERIMENT_SERIES.filter((s) => s.family === 'cell').map((s) => s.f)).toEqual([0.5, 0.9, 0.99, 0.999]);
  });

  it('linear and cell curves are k·log10|w| for k = 0..200, with the horizon of |w|^k ≥ 10⁻³', () => {
    for (const [i, s] of result.series.entries()) {
      const spec = EXPERIMENT_SERIES[i];
      if (spec.family === 'tanh') continue;
      const w = spec.family === 'linear' ? spec.w : spec.f;
      expect(s.points.map((p) => p[0])).toEqual(Array.from({ length: T + 1 }, (_, k) => k));
      s.points.forEach(([k, v]) =>
        expect(Math.abs(v - k * Math.log10(Math.abs(w))), `${s.id} at ${k}`).toBeLessThan(1e-9),
      );
      expect(s.horizon, s.id).toBe(horizonOf((k) => w ** k));
    }
    const horizon = (id: string) => result.series.find((s) => s.id === id)?.horizon;
    expect([horizon('linear-0.5'), horizon('linear-0.9'), horizon('linear-2.0'), horizon('cell-0.99')]).toEqual([
      9,
      65,
      T,
      T,
    ]);
  });

  it('tanh curves are log10 of the gradients of a neuron run over experimentInputs() from h0 = 0', () => {
    const xs = experimentInputs();
    expect(xs).toHaveLength(T);
    expect(xs[T - 1]).toBeCloseTo(Math.sin(T / 5), 12);
    for (const [i, s] of result.series.entries()) {
      const spec = EXPERIMENT_SERIES[i];
      if (spec.family !== 'tanh') continue;
      // Forward and backward written out again here.
      const hs = [0];
      for (const x of xs) hs.push(Math.tanh(spec.p.w * hs[hs.length - 1] + spec.p.u * x + spec.p.b));
      const g = (k: number) => {
        let p = 1;
        for (let t = T; t > T - k; t--) p *= spec.p.w * (1 - hs[t] * hs[t]);
        return p;
      };
      const normal = (v: number) => Math.abs(v) >= MIN_NORMAL && Math.abs(v) <= Number.MAX_VALUE;
      const expected: [number, number][] = [];
      for (let k = 0; k <= T && normal(g(k)); k++) expected.push([k, Math.log10(Math.abs(g(k)))]);
      expect(s.points.length, s.id).toBe(expected.length);
      s.points.forEach(([k, v], j) => {
        expect(k).toBe(expected[j][0]);
        expect(close(v, expected[j][1]), `${s.id} at ${k}`).toBe(true);
      });
      expect(s.horizon, s.id).toBe(horizonOf(g));
    }
  });

  it('every curve runs over all of k = 0..200: nothing in the experiment leaves the normal range that soon', () => {
    for (const s of result.series) {
      expect(
        s.points.map((p) => p[0]),
        s.id,
      ).toEqual(Array.from({ length: T + 1 }, (_, k) => k));
      expect(
        s.points.every((p) => Number.isFinite(p[1]) && p[1] >= Math.log10(MIN_NORMAL)),
        s.id,
      ).toBe(true);
    }
  });
});

describe('the mistake catalogue', () => {
  /** The hidden suite's notion of "the same": rtol 1e-6, atol 1e-9, and the same log₂ (exponent) within those. */
  function same(a: number[], b: number[]): boolean {
    const near = (x: number[], y: number[]) =>
      x.every((v, i) => close(v, y[i]) || Math.abs(v - y[i]) <= 1e-9 + 1e-6 * Math.abs(y[i]));
    const exps = (x: number[]) => x.map((v) => Math.log2(Math.abs(v)));
    return a.length === b.length && near(a, b) && near(exps(a), exps(b));
  }

  const groups: [string, { id: string; out: number[] }[], number[]][] = [
    [
      'unroll',
      UNROLL_MISTAKES.map((m) => ({
        id: m.id,
        out: m.apply(DIAGNOSTIC.unroll.w, DIAGNOSTIC.unroll.y0, DIAGNOSTIC.unroll.steps),
      })),
      unroll(DIAGNOSTIC.unroll.w, DIAGNOSTIC.unroll.y0, DIAGNOSTIC.unroll.steps),
    ],
    [
      'chainGradient',
      CHAIN_MISTAKES.map((m) => ({ id: m.id, out: m.apply(DIAGNOSTIC.chain) })),
      chainGradient(DIAGNOSTIC.chain),
    ],
    [
      'tanhRnnGradients',
      TANH_MISTAKES.map((m) => ({ id: m.id, out: m.apply(DIAGNOSTIC.tanh.p, DIAGNOSTIC.tanh.xs, DIAGNOSTIC.tanh.h0) })),
      tanhRnnGradients(DIAGNOSTIC.tanh.p, DIAGNOSTIC.tanh.xs, DIAGNOSTIC.tanh.h0),
    ],
    [
      'cellStateGradients',
      CELL_MISTAKES.map((m) => ({ id: m.id, out: m.apply(DIAGNOSTIC.cell) })),
      cellStateGradients(DIAGNOSTIC.cell),
    ],
    [
      'firstUnrepresentable',
      FIRST_UNREPRESENTABLE_MISTAKES.map((m) => ({ id: m.id, out: DIAGNOSTIC.firstUnrepresentable.map(m.apply) })),
      DIAGNOSTIC.firstUnrepresentable.map(firstUnrepresentable),
    ],
  ];

  describe.each(groups)('%s', (_fn, mistakes, reference) => {
    it.each(mistakes.map((m) => [m.id, m.out] as const))(
      '%s differs from the reference on the diagnostic input',
      (_id, out) => {
        expect(same(out, reference)).toBe(false);
      },
    );

    it('every mistake differs from every other one, so recognition can name it', () => {
      for (const a of mistakes)
        for (const b of mistakes) if (a.id !== b.id) expect(same(a.out, b.out), `${a.id} vs ${b.id}`).toBe(false);
    });
  });

  it('the Math.pow mistake agrees with the reference in the normal range and differs only at the edges', () => {
    const pow = UNROLL_MISTAKES.find((m) => m.id === 'unroll-math-pow')!;
    expectCloseArrays(pow.apply(0.93, 1.2, 60), unroll(0.93, 1.2, 60), 'y');
    expect(same(pow.apply(0.9, 1, 7200), unroll(0.9, 1, 7200))).toBe(false);
  });

  it('counting subnormals as normal loops forever on w = 0.9 (the catalogue stops it at MAX_STEPS)', () => {
    const m = FIRST_UNREPRESENTABLE_MISTAKES.find((x) => x.id === 'first-unrepresentable-counts-subnormals')!;
    expect(m.apply(0.9)).toBe(Infinity);
    expect(firstUnrepresentable(0.9)).toBeLessThan(10_000);
  });

  it.each(SERIES_MISTAKES.map((m) => [m.id, m] as const))(
    '%s changes every curve that falls below the horizon threshold',
    (_id, m) => {
      for (const [i, s] of runExperiment().series.entries()) {
        const spec = EXPERIMENT_SERIES[i];
        if (s.horizon === EXPERIMENT_STEPS) continue;
        const g =
          spec.family === 'tanh'
            ? tanhRnnGradients(spec.p, experimentInputs(), 0)
            : chainGradient(new Array<number>(EXPERIMENT_STEPS).fill(spec.family === 'linear' ? spec.w : spec.f));
        const wrong = m.apply(g);
        const pointsSame =
          wrong.points.length === s.points.length && wrong.points.every((p, j) => close(p[1], s.points[j][1]));
        expect(pointsSame && wrong.horizon === s.horizon, s.id).toBe(false);
      }
    },
  );
});

describe('public fixtures', () => {
  it("are reproducible from their seed and hold the reference's answers, the empty chain included", () => {
    const a = publicFixtures(42);
    expect(publicFixtures(42)).toEqual(a);
    expect(publicFixtures(43)).not.toEqual(a);
    for (const e of a.unroll) expectSameBits(e.y, unroll(e.w, e.y0, e.steps), e.name);
    for (const e of a.chains) expectSameBits(e.g, chainGradient(e.localGrads), e.name);
    expect(a.chains.find((e) => e.localGrads.length === 0)?.g).toEqual([1]);
    expect(a.tanh.every((e) => e.g.length === e.xs.length + 1)).toBe(true);
    expect(a.cell.every((e) => e.forget.every((f) => f >= 0.5 && f < 1))).toBe(true);
  });
});
