// Proves the forget-gate reference right without trusting it: the forward against plain scalar loops written here,
// every gradient against central finite differences, the scalar helpers against closed forms. Then proves the
// mistake catalogue useful: every mistake differs from the reference exactly in the outputs it claims to affect.
import { describe, expect, it } from 'vitest';
// The toolkit through the same path the reference imports it by, so TypeScript sees one Matrix class.
import { Matrix } from '../../solutions/lib/matrix';
import {
  forgetGateBackward,
  forgetGateForward,
  halfLife,
  retention,
  sigmoid,
  type ForgetGateGrads,
} from '../../solutions/02-forget-gate/forget-gate';
import { CASE_SHAPES, DIAGNOSTIC_SHAPE, makeCase, type ForgetGateCase } from '../../solutions/02-forget-gate/cases';
import { BACKWARD_MISTAKES, FORWARD_MISTAKES, type GradName } from '../../solutions/02-forget-gate/mistakes';

const RTOL = 1e-7;
const ATOL = 1e-9;
const FD_STEP = 1e-5;
const FD_TOL = 1e-6;

type Grid = number[][];

// ---- An independent forward: scalar loops over number[][], no Matrix arithmetic. ----

function scalarSigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

interface Inputs {
  x: Grid;
  hPrev: Grid;
  cPrev: Grid;
  cNew: Grid;
  Wfx: Grid;
  Wfh: Grid;
  bf: Grid;
}

function loopForward(v: Inputs): { f: Grid; c: Grid } {
  const N = v.x.length,
    D = v.Wfx.length,
    H = v.bf[0].length;
  const f: Grid = [],
    c: Grid = [];
  for (let n = 0; n < N; n++) {
    f.push([]);
    c.push([]);
    for (let j = 0; j < H; j++) {
      let a = v.bf[0][j];
      for (let d = 0; d < D; d++) a += v.x[n][d] * v.Wfx[d][j];
      for (let k = 0; k < H; k++) a += v.hPrev[n][k] * v.Wfh[k][j];
      f[n].push(scalarSigmoid(a));
      c[n].push(f[n][j] * v.cPrev[n][j] + v.cNew[n][j]);
    }
  }
  return { f, c };
}

function inputsOf(k: ForgetGateCase): Inputs {
  return {
    x: k.x.toArray(),
    hPrev: k.hPrev.toArray(),
    cPrev: k.cPrev.toArray(),
    cNew: k.cNew.toArray(),
    Wfx: k.p.Wfx.toArray(),
    Wfh: k.p.Wfh.toArray(),
    bf: k.p.bf.toArray(),
  };
}

// ---- Comparisons, also written out here. ----

function expectClose(actual: Matrix, expected: Grid, what: string): void {
  expect([actual.rows, actual.cols], `${what}: shape`).toEqual([expected.length, expected[0].length]);
  expected.forEach((row, r) =>
    row.forEach((e, c) => {
      const a = actual.get(r, c);
      expect(Number.isFinite(a), `${what}[${r}][${c}] is finite`).toBe(true);
      expect(Math.abs(a - e) <= ATOL + RTOL * Math.abs(e), `${what}[${r}][${c}]: ${a} vs ${e}`).toBe(true);
    }),
  );
}

function frobenius(g: Grid): number {
  return Math.sqrt(g.flat().reduce((s, v) => s + v * v, 0));
}

/** ‖a − b‖ / max(‖a‖, ‖b‖, 1e-12), or Infinity when the shapes differ. */
function relativeError(a: Grid, b: Grid): number {
  if (a.length !== b.length || a[0].length !== b[0].length) return Infinity;
  const diff = a.map((row, r) => row.map((v, c) => v - b[r][c]));
  return frobenius(diff) / Math.max(frobenius(a), frobenius(b), 1e-12);
}

// ---- Finite differences of L = sum(dc ⊙ c) with respect to every input. ----

const GRAD_OF: Record<GradName, keyof Inputs> = {
  dx: 'x',
  dhPrev: 'hPrev',
  dcPrev: 'cPrev',
  dcNew: 'cNew',
  dWfx: 'Wfx',
  dWfh: 'Wfh',
  dbf: 'bf',
};
const GRAD_NAMES = Object.keys(GRAD_OF) as GradName[];

function numericGradient(v: Inputs, dc: Grid, name: keyof Inputs): Grid {
  const loss = (w: Inputs) => loopForward(w).c.reduce((s, row, r) => row.reduce((t, c, j) => t + dc[r][j] * c, s), 0);
  return v[name].map((row, r) =>
    row.map((_, c) => {
      const at = (delta: number): number => {
        const moved = v[name].map((rw) => rw.slice());
        moved[r][c] += delta;
        return loss({ ...v, [name]: moved });
      };
      return (at(FD_STEP) - at(-FD_STEP)) / (2 * FD_STEP);
    }),
  );
}

function snapshot(k: ForgetGateCase): Float64Array[] {
  return [k.x, k.hPrev, k.cPrev, k.cNew, k.p.Wfx, k.p.Wfh, k.p.bf, k.dc].map((m) => m.data.slice());
}

// ---- The reference. ----

describe('forget-gate reference: forward', () => {
  const variants = [
    { label: 'non-saturated', opts: {} },
    { label: 'saturated', opts: { scale: 30 } },
    { label: 'zero state', opts: { zeroState: true } },
  ];
  for (const shape of CASE_SHAPES) {
    for (const { label, opts } of variants) {
      it(`matches scalar loops: ${shape.name} (${shape.N}×${shape.D}→${shape.H}), ${label}`, () => {
        for (const seed of [1, 2, 3]) {
          const k = makeCase(seed, shape, opts);
          const expected = loopForward(inputsOf(k));
          const out = forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
          expectClose(out.f, expected.f, 'f');
          expectClose(out.c, expected.c, 'c');
        }
      });
    }
  }

  it('saturates the gate when the pre-activations are large', () => {
    const k = makeCase(7, CASE_SHAPES[4], { scale: 30 });
    const f = forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p).f.toArray().flat();
    const saturated = f.filter((v) => v < 1e-6 || v > 1 - 1e-6).length;
    expect(saturated / f.length).toBeGreaterThan(0.5);
  });
});

describe('forget-gate reference: backward', () => {
  for (const shape of CASE_SHAPES) {
    it(`every gradient matches finite differences: ${shape.name} (${shape.N}×${shape.D}→${shape.H})`, () => {
      for (const seed of [11, 12]) {
        const k = makeCase(seed, shape);
        const grads = forgetGateBackward(k.dc, forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p).cache);
        const v = inputsOf(k);
        for (const g of GRAD_NAMES) {
          const numeric = numericGradient(v, k.dc.toArray(), GRAD_OF[g]);
          const analytic = grads[g].toArray();
          expect(relativeError(analytic, numeric), `${g}, seed ${seed}`).toBeLessThanOrEqual(FD_TOL);
        }
      }
    });
  }

  it('gives zero gate gradients and an ungated dcNew when the states are zero', () => {
    const k = makeCase(5, CASE_SHAPES[1], { zeroState: true });
    const out = forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
    const grads = forgetGateBackward(k.dc, out.cache);
    for (const g of ['dx', 'dhPrev', 'dWfx', 'dWfh', 'dbf'] as const) expect(grads[g].norm(), g).toBe(0);
    expectClose(grads.dcNew, k.dc.toArray(), 'dcNew');
    expectClose(grads.dcPrev, k.dc.mul(out.f).toArray(), 'dcPrev');
  });

  it('mutates no input, and returns the same result twice', () => {
    const k = makeCase(3, CASE_SHAPES[3]);
    const before = snapshot(k);
    const run = () => {
      const out = forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
      return { out, grads: forgetGateBackward(k.dc, out.cache) };
    };
    const first = run(),
      second = run();
    snapshot(k).forEach((after, i) => expect(Array.from(after)).toEqual(Array.from(before[i])));
    expect(second.out.c.toArray()).toEqual(first.out.c.toArray());
    for (const g of GRAD_NAMES) expect(second.grads[g].toArray()).toEqual(first.grads[g].toArray());
  });
});

describe('forget-gate reference: sigmoid, retention, halfLife', () => {
  it('sigmoid is finite and exact at ±1000 and symmetric', () => {
    const s = sigmoid(Matrix.from([[-1000, -40, 0, 40, 1000]])).toArray()[0];
    expect(s[0]).toBe(0);
    expect(s[2]).toBe(0.5);
    expect(s[4]).toBe(1);
    expect(s.every(Number.isFinite)).toBe(true);
    expect(Math.abs(s[1] - Math.exp(-40))).toBeLessThanOrEqual(1e-30);
  });

  it('retention is σ(bf)^steps', () => {
    for (const bf of [-3, -0.5, 0, 1, 2.5, 6]) {
      for (const steps of [0, 1, 2, 7, 100]) {
        const expected = Math.pow(1 / (1 + Math.exp(-bf)), steps);
        expect(Math.abs(retention(bf, steps) - expected)).toBeLessThanOrEqual(ATOL + RTOL * expected);
      }
    }
    expect(retention(0, 1)).toBe(0.5);
    expect(retention(-1000, 3)).toBe(0);
    expect(retention(1000, 3)).toBe(1);
  });

  it('halfLife solves σ(bf)^t = 1/2 and grows with bf', () => {
    expect(halfLife(0)).toBe(1);
    let previous = 0;
    for (const bf of [-8, -2, -0.3, 0.4, 1, 3, 9]) {
      const t = halfLife(bf);
      const expected = Math.log(0.5) / Math.log(1 / (1 + Math.exp(-bf)));
      expect(Math.abs(t - expected)).toBeLessThanOrEqual(RTOL * expected);
      expect(Math.abs(retention(bf, t) - 0.5)).toBeLessThanOrEqual(1e-12);
      expect(t).toBeGreaterThan(previous);
      previous = t;
    }
  });

  it('halfLife stays accurate where σ(bf) rounds to 1, and handles the edges', () => {
    expect(1 / (1 + Math.exp(-40))).toBe(1); // why the textbook ln 0.5 / ln σ(bf) fails here
    expect(Math.abs(halfLife(40) / (Math.LN2 * Math.exp(40)) - 1)).toBeLessThanOrEqual(1e-12);
    expect(halfLife(800)).toBe(Infinity);
    expect(halfLife(Infinity)).toBe(Infinity);
    expect(halfLife(-Infinity)).toBe(0);
    expect(halfLife(NaN)).toBeNaN();
  });
});

// ---- The mistake catalogue. ----

describe('mistake catalogue', () => {
  const cases = [2024, 7, 99].map((seed) => {
    const k = makeCase(seed, DIAGNOSTIC_SHAPE);
    const reference = forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
    return { seed, k, reference, referenceGrads: forgetGateBackward(k.dc, reference.cache) };
  });

  it('has unique ids, enough entries and bilingual texts without numbers', () => {
    const all = [...FORWARD_MISTAKES, ...BACKWARD_MISTAKES];
    expect(FORWARD_MISTAKES.length).toBeGreaterThanOrEqual(6);
    expect(BACKWARD_MISTAKES.length).toBeGreaterThanOrEqual(6);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    for (const m of all) {
      expect(m.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const text of [m.diagnosis, m.hint]) {
        expect(text.en).toMatch(/[a-z]/);
        expect(text.en).not.toMatch(/[а-яё]/i);
        expect(text.ru).toMatch(/[а-яё]{3}/i);
        for (const t of [text.en, text.ru]) expect(t, `${m.id} must not contain values`).not.toMatch(/\d[.,]\d/);
      }
    }
  });

  for (const m of FORWARD_MISTAKES) {
    it(`forward mistake ${m.id} differs from the reference exactly in ${m.affects.join(', ')}`, () => {
      for (const { seed, k, reference } of cases) {
        const before = snapshot(k);
        const out = m.forward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
        for (const name of ['f', 'c'] as const) {
          const err = relativeError(out[name].toArray(), reference[name].toArray());
          if (m.affects.includes(name)) expect(err, `${name}, seed ${seed}`).toBeGreaterThan(1e-6);
          else expect(err, `${name}, seed ${seed}`).toBeLessThanOrEqual(1e-12);
        }
        snapshot(k).forEach((after, i) => expect(Array.from(after)).toEqual(Array.from(before[i])));
      }
    });
  }

  for (const m of BACKWARD_MISTAKES) {
    it(`backward mistake ${m.id} differs from the reference exactly in ${m.affects.join(', ')}`, () => {
      for (const { seed, k, reference, referenceGrads } of cases) {
        const before = snapshot(k);
        const grads: ForgetGateGrads = m.backward(k.dc, reference.cache);
        for (const g of GRAD_NAMES) {
          const err = relativeError(grads[g].toArray(), referenceGrads[g].toArray());
          if (m.affects.includes(g)) expect(err, `${g}, seed ${seed}`).toBeGreaterThan(1e-6);
          else expect(err, `${g}, seed ${seed}`).toBeLessThanOrEqual(1e-12);
        }
        snapshot(k).forEach((after, i) => expect(Array.from(after)).toEqual(Array.from(before[i])));
      }
    });
  }
});
