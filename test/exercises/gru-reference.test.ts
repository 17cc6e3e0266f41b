// Proves the GRU reference right without trusting it: the forward (step and sequence) against plain scalar loops over
// units and batch rows written here, every gradient of the step and of BPTT against central finite differences of the
// forward, initGru against its documented recipe. Then proves the diagnosis useful: every catalogued mistake differs
// from the reference on the diagnostic case exactly where it claims to, and the gate probes name the wrong line.
import { describe, expect, it } from 'vitest';
// The toolkit through the same path the reference imports it by, so TypeScript sees one Matrix class.
import { Matrix } from '../../solutions/lib/matrix';
import {
  gruBackward,
  gruForward,
  gruStep,
  gruStepBackward,
  initGru,
  type GruParams,
} from '../../solutions/04-gru-cell/gru';
import {
  CASE_SHAPES,
  DIAGNOSTIC_SHAPE,
  DIAGNOSTIC_STEPS,
  makeSequenceCase,
  makeStepCase,
  SEQUENCE_LENGTHS,
  type GruSequenceCase,
  type GruStepCase,
} from '../../solutions/04-gru-cell/cases';
import {
  BPTT_MISTAKES,
  SEQUENCE_FORWARD_MISTAKES,
  STEP_BACKWARD_MISTAKES,
  STEP_FORWARD_MISTAKES,
  type SequenceGradName,
  type StepGradName,
} from '../../solutions/04-gru-cell/mistakes';
import {
  explainGradients,
  explainProbes,
  flatten,
  PROBE_NAMES,
  probeParams,
  type ProbeName,
} from '../../solutions/04-gru-cell/diagnosis';
import { checkInit } from '../../solutions/04-gru-cell/init-and-hygiene';
import type { StudentModule } from '../../grader/harness';

const RTOL = 1e-7;
const ATOL = 1e-9;
const FD_STEP = 1e-5;
const FD_TOL = 1e-6;

type Grid = number[][];
interface GridParams {
  Wx: Grid;
  Wh: Grid;
  bx: Grid;
  bh: Grid;
}

// ---- An independent forward: scalar loops over rows and units on number[][], no Matrix arithmetic. ----

const sigma = (a: number) => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)));

function loopStep(x: Grid, hPrev: Grid, P: GridParams): Grid {
  const D = P.Wx.length,
    H = P.Wh.length;
  return x.map((xRow, n) => {
    // Column c of x·Wx + bx and of hPrev·Wh + bh, for this row.
    const inputSide = (c: number) => xRow.reduce((a, xd, d) => a + xd * P.Wx[d][c], P.bx[0][c]);
    const stateSide = (c: number) => hPrev[n].reduce((a, hk, k) => a + hk * P.Wh[k][c], P.bh[0][c]);
    const h: number[] = [];
    for (let j = 0; j < H; j++) {
      const z = sigma(inputSide(j) + stateSide(j));
      const r = sigma(inputSide(H + j) + stateSide(H + j));
      const cand = Math.tanh(inputSide(2 * H + j) + r * stateSide(2 * H + j));
      h.push(z * hPrev[n][j] + (1 - z) * cand);
    }
    expect(xRow.length).toBe(D);
    return h;
  });
}

function loopSequence(xs: Grid[], h0: Grid, P: GridParams): Grid[] {
  const hs: Grid[] = [];
  let h = h0;
  for (const x of xs) hs.push((h = loopStep(x, h, P)));
  return hs;
}

const grid = (p: GruParams): GridParams => ({
  Wx: p.Wx.toArray(),
  Wh: p.Wh.toArray(),
  bx: p.bx.toArray(),
  bh: p.bh.toArray(),
});

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

/** ‖a − b‖ / max(‖a‖, ‖b‖, 1e-12) over matrices taken as one vector, or Infinity when shapes differ. */
function relativeError(a: Matrix[], b: Matrix[]): number {
  if (a.length !== b.length || a.some((m, i) => m.rows !== b[i].rows || m.cols !== b[i].cols)) return Infinity;
  let diff = 0,
    na = 0,
    nb = 0;
  a.forEach((m, i) =>
    m.data.forEach((v, k) => {
      diff += (v - b[i].data[k]) ** 2;
      na += v * v;
      nb += b[i].data[k] ** 2;
    }),
  );
  return Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nb), 1e-12);
}

/** Central differences of `loss` with respect to every entry of `m`, where `rebuild(m')` gives the loss at m'. */
function numeric(m: Matrix, loss: (moved: Matrix) => number): Matrix {
  return m.map((_, r, c) => {
    const at = (delta: number) => {
      const data = Float64Array.from(m.data);
      data[r * m.cols + c] += delta;
      return loss(new Matrix(m.rows, m.cols, data));
    };
    return (at(FD_STEP) - at(-FD_STEP)) / (2 * FD_STEP);
  });
}

const stepLoss = (k: GruStepCase, x: Matrix, hPrev: Matrix, p: GruParams) => gruStep(x, hPrev, p).h.mul(k.dh).sum();
const sequenceLoss = (k: GruSequenceCase, xs: Matrix[], h0: Matrix, p: GruParams) =>
  gruForward(xs, h0, p).hs.reduce((s, h, t) => s + h.mul(k.dhs[t]).sum(), 0);

function snapshot(ms: Matrix[]): Float64Array[] {
  return ms.map((m) => m.data.slice());
}

describe('GRU reference: forward', () => {
  const variants = [
    { label: 'non-saturated', opts: {} },
    { label: 'saturated', opts: { scale: 30 } },
    { label: 'zero state', opts: { zeroState: true } },
  ];
  for (const shape of CASE_SHAPES) {
    for (const { label, opts } of variants) {
      it(`gruStep matches scalar loops: ${shape.name} (${shape.N}×${shape.D}→${shape.H}), ${label}`, () => {
        for (const seed of [1, 2, 3]) {
          const k = makeStepCase(seed, shape, opts);
          expectClose(gruStep(k.x, k.hPrev, k.p).h, loopStep(k.x.toArray(), k.hPrev.toArray(), grid(k.p)), 'h');
        }
      });
      it(`gruForward matches scalar loops over T ∈ {${SEQUENCE_LENGTHS.join(', ')}}: ${shape.name}, ${label}`, () => {
        for (const T of SEQUENCE_LENGTHS) {
          const k = makeSequenceCase(40 + T, shape, T, opts);
          const { hs } = gruForward(k.xs, k.h0, k.p);
          const expected = loopSequence(
            k.xs.map((x) => x.toArray()),
            k.h0.toArray(),
            grid(k.p),
          );
          expect(hs.length).toBe(T);
          hs.forEach((h, t) => expectClose(h, expected[t], `hs[${t}]`));
        }
      });
    }
  }

  it('saturated cases really saturate, and extreme ones stay finite', () => {
    const k = makeStepCase(7, CASE_SHAPES[4], { scale: 30 });
    const { cache } = gruStep(k.x, k.hPrev, k.p);
    const z = Array.from(cache.z.data);
    expect(z.filter((v) => v < 1e-6 || v > 1 - 1e-6).length / z.length).toBeGreaterThan(0.5);
    const e = makeStepCase(8, DIAGNOSTIC_SHAPE, { scale: 1000 });
    const out = gruStep(e.x, e.hPrev, e.p);
    const grads = gruStepBackward(e.dh, out.cache);
    for (const m of [out.h, ...Object.values(grads)]) expect(m.data.every(Number.isFinite)).toBe(true);
  });

  it('a gate saturated to 1 keeps hPrev exactly; to 0 it takes the candidate, which with r = 0 ignores hPrev', () => {
    const k = makeStepCase(9, DIAGNOSTIC_SHAPE);
    const probes = probeParams(k.p);
    expect(Array.from(gruStep(k.x, k.hPrev, probes.z1).h.data)).toEqual(Array.from(k.hPrev.data));
    const other = makeStepCase(10, DIAGNOSTIC_SHAPE).hPrev;
    expectClose(gruStep(k.x, other, probes.z0r0).h, gruStep(k.x, k.hPrev, probes.z0r0).h.toArray(), 'n with r = 0');
  });
});

describe('GRU reference: backward', () => {
  const STEP: [keyof GruStepCase | keyof GruParams, StepGradName][] = [
    ['x', 'dx'],
    ['hPrev', 'dhPrev'],
    ['Wx', 'dWx'],
    ['Wh', 'dWh'],
    ['bx', 'dbx'],
    ['bh', 'dbh'],
  ];
  for (const shape of CASE_SHAPES) {
    it(`every step gradient matches finite differences: ${shape.name} (${shape.N}×${shape.D}→${shape.H})`, () => {
      for (const seed of [11, 12]) {
        const k = makeStepCase(seed, shape);
        const grads = gruStepBackward(k.dh, gruStep(k.x, k.hPrev, k.p).cache);
        for (const [input, g] of STEP) {
          const n =
            input === 'x'
              ? numeric(k.x, (m) => stepLoss(k, m, k.hPrev, k.p))
              : input === 'hPrev'
                ? numeric(k.hPrev, (m) => stepLoss(k, k.x, m, k.p))
                : numeric(k.p[input as keyof GruParams], (m) => stepLoss(k, k.x, k.hPrev, { ...k.p, [input]: m }));
          expect(relativeError([grads[g]], [n]), `${g}, seed ${seed}`).toBeLessThanOrEqual(FD_TOL);
        }
      }
    });
  }

  const sequences = [
    { shape: { N: 2, D: 3, H: 2 }, T: 1 },
    { shape: { N: 2, D: 3, H: 2 }, T: 3 },
    { shape: DIAGNOSTIC_SHAPE, T: DIAGNOSTIC_STEPS },
    { shape: { N: 1, D: 2, H: 3 }, T: 20 },
  ];
  for (const { shape, T } of sequences) {
    it(`every BPTT gradient matches finite differences: ${shape.N}×${shape.D}→${shape.H}, T = ${T}`, () => {
      const k = makeSequenceCase(21 + T, shape, T);
      const grads = gruBackward(k.dhs, gruForward(k.xs, k.h0, k.p).cache);
      k.xs.forEach((x, t) => {
        const n = numeric(x, (m) =>
          sequenceLoss(
            k,
            k.xs.map((xt, s) => (s === t ? m : xt)),
            k.h0,
            k.p,
          ),
        );
        expect(relativeError([grads.dxs[t]], [n]), `dxs[${t}]`).toBeLessThanOrEqual(FD_TOL);
      });
      expect(
        relativeError([grads.dh0], [numeric(k.h0, (m) => sequenceLoss(k, k.xs, m, k.p))]),
        'dh0',
      ).toBeLessThanOrEqual(FD_TOL);
      for (const name of ['Wx', 'Wh', 'bx', 'bh'] as const) {
        const n = numeric(k.p[name], (m) => sequenceLoss(k, k.xs, k.h0, { ...k.p, [name]: m }));
        expect(relativeError([grads[`d${name}`]], [n]), `d${name}`).toBeLessThanOrEqual(FD_TOL);
      }
    });
  }

  it('dbx and dbh agree in the z and r blocks and differ in the n block', () => {
    const k = makeStepCase(13, DIAGNOSTIC_SHAPE);
    const { dbx, dbh } = gruStepBackward(k.dh, gruStep(k.x, k.hPrev, k.p).cache);
    const H = DIAGNOSTIC_SHAPE.H;
    expect(Array.from(dbh.sliceCols(0, 2 * H).data)).toEqual(Array.from(dbx.sliceCols(0, 2 * H).data));
    expect(relativeError([dbh.sliceCols(2 * H, 3 * H)], [dbx.sliceCols(2 * H, 3 * H)])).toBeGreaterThan(1e-3);
  });

  it('mutates no input, and returns the same results twice', () => {
    const k = makeSequenceCase(3, CASE_SHAPES[3], 5);
    const inputs = [...k.xs, k.h0, k.p.Wx, k.p.Wh, k.p.bx, k.p.bh, ...k.dhs];
    const before = snapshot(inputs);
    const run = () => gruBackward(k.dhs, gruForward(k.xs, k.h0, k.p).cache);
    const first = run(),
      second = run();
    snapshot(inputs).forEach((after, i) => expect(Array.from(after)).toEqual(Array.from(before[i])));
    expect(second.dWh.toArray()).toEqual(first.dWh.toArray());
    expect(second.dxs.map((m) => m.toArray())).toEqual(first.dxs.map((m) => m.toArray()));
  });
});

/** The reference behind the sandbox's async module interface, so the suite's init check can run on it here. */
function moduleOf(initGruImpl: (D: number, H: number, seed: number) => GruParams): StudentModule {
  const call = async (fn: string, args: unknown[]) => {
    if (fn !== 'initGru') throw new Error(`unexpected call ${fn}`);
    return initGruImpl(...(args as [number, number, number]));
  };
  return { call } as unknown as StudentModule;
}

describe('GRU reference: initGru', () => {
  it('follows its documented recipe: Wx from seed, Wh from seed + 1, uniform in ±1/√H, zero biases', () => {
    for (const [D, H, seed] of [
      [5, 4, 1],
      [3, 1, 99],
      [20, 16, 2024],
    ]) {
      const p = initGru(D, H, seed);
      const k = 1 / Math.sqrt(H);
      expect(p.Wx.toArray()).toEqual(Matrix.random(D, 3 * H, seed, -k, k).toArray());
      expect(p.Wh.toArray()).toEqual(Matrix.random(H, 3 * H, seed + 1, -k, k).toArray());
      for (const w of [...p.Wx.data, ...p.Wh.data]) expect(Math.abs(w)).toBeLessThanOrEqual(k);
      expect([p.bx.rows, p.bx.cols, p.bh.rows, p.bh.cols]).toEqual([1, 3 * H, 1, 3 * H]);
      expect([...p.bx.data, ...p.bh.data].every((b) => b === 0)).toBe(true);
      expect(initGru(D, H, seed).Wx.toArray()).toEqual(p.Wx.toArray());
    }
  });

  it('passes the hidden init check for many seeds (the statistics leave no room for flakiness)', async () => {
    for (let i = 0; i < 100; i++)
      expect(await checkInit(moduleOf(initGru), (label) => 1000 * i + label.length)).toBeNull();
  });

  it('the hidden init check rejects constants, a shared seed and ignored seeds', async () => {
    const seed = (label: string) => label.length * 7919;
    const constant = (D: number, H: number) => ({
      ...initGru(D, H, 1),
      Wx: Matrix.fill(D, 3 * H, 0.5 / Math.sqrt(H)),
      Wh: Matrix.fill(H, 3 * H, -0.5 / Math.sqrt(H)),
    });
    expect((await checkInit(moduleOf(constant), seed))?.en).toMatch(/uniform/);
    const shared = (D: number, H: number, s: number) => ({ ...initGru(D, H, s), Wh: initGru(H, H, s).Wx });
    expect((await checkInit(moduleOf(shared), seed))?.en).toMatch(/same seed/);
    const fixed = (D: number, H: number) => initGru(D, H, 42);
    expect((await checkInit(moduleOf(fixed), seed))?.en).toMatch(/different seeds/);
    const wide = (D: number, H: number, s: number) => ({ ...initGru(D, H, s), Wx: initGru(D, H, s).Wx.scale(2) });
    expect((await checkInit(moduleOf(wide), seed))?.en).toMatch(/outside/);
  });
});

// ---- The mistake catalogue and the diagnosis built on it. ----

describe('mistake catalogue', () => {
  const seeds = [2024, 7, 99];
  const STEP_GRADS: StepGradName[] = ['dx', 'dhPrev', 'dWx', 'dWh', 'dbx', 'dbh'];
  const SEQUENCE_GRADS: SequenceGradName[] = ['dxs', 'dh0', 'dWx', 'dWh', 'dbx', 'dbh'];
  const asList = (m: Matrix | Matrix[]) => (Array.isArray(m) ? m : [m]);

  it('has unique ids, enough entries and bilingual texts without numbers', () => {
    const all = [...STEP_FORWARD_MISTAKES, ...STEP_BACKWARD_MISTAKES, ...SEQUENCE_FORWARD_MISTAKES, ...BPTT_MISTAKES];
    expect(STEP_FORWARD_MISTAKES.length + STEP_BACKWARD_MISTAKES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    for (const m of all) {
      expect(m.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const text of [m.diagnosis, m.hint]) {
        expect(text.en).not.toMatch(/[а-яё]/i);
        expect(text.ru).toMatch(/[а-яё]{3}/i);
        for (const t of [text.en, text.ru]) expect(t, `${m.id} must not contain values`).not.toMatch(/\d[.,]\d/);
      }
    }
  });

  for (const m of STEP_FORWARD_MISTAKES) {
    it(`step forward mistake ${m.id} changes h on the diagnostic case, and the gate probes notice it`, () => {
      for (const seed of seeds) {
        const k = makeStepCase(seed, DIAGNOSTIC_SHAPE);
        expect(relativeError([m.forward(k.x, k.hPrev, k.p)], [gruStep(k.x, k.hPrev, k.p).h])).toBeGreaterThan(1e-6);
        const probes = probeParams(k.p);
        const got = Object.fromEntries(
          PROBE_NAMES.map((name) => [name, m.forward(k.x, k.hPrev, probes[name])]),
        ) as Record<ProbeName, Matrix>;
        const reference = Object.fromEntries(
          PROBE_NAMES.map((name) => [name, gruStep(k.x, k.hPrev, probes[name]).h]),
        ) as Record<ProbeName, Matrix>;
        const changedOnProbes = PROBE_NAMES.some((name) => relativeError([got[name]], [reference[name]]) > 1e-6);
        if (changedOnProbes) expect(explainProbes(k, got)).not.toBeNull();
        expect(explainProbes(k, reference)).toBeNull();
      }
    });
  }

  it('the gate probes name the line: z on the wrong term, σ for n, bh_n outside the reset', () => {
    const k = makeStepCase(5, DIAGNOSTIC_SHAPE);
    const probes = probeParams(k.p);
    const explain = (id: string) => {
      const m = STEP_FORWARD_MISTAKES.find((x) => x.id === id);
      if (!m) throw new Error(id);
      return explainProbes(
        k,
        Object.fromEntries(PROBE_NAMES.map((name) => [name, m.forward(k.x, k.hPrev, probes[name])])) as Record<
          ProbeName,
          Matrix
        >,
      )?.diagnosis.en;
    };
    expect(explain('update-gate-on-new-state')).toMatch(/z keeps the wrong term/);
    expect(explain('candidate-sigmoid')).toMatch(/σ instead of tanh/);
    expect(explain('reset-skips-recurrent-bias')).toMatch(/still contains bh_n/);
    expect(explain('reset-before-matmul')).toMatch(/still contains bh_n/);
    expect(explain('recurrent-bias-dropped')).toMatch(/recurrent part/);
  });

  it('the gate probes tell a wrong reset gate from a wrong update gate (mistakes outside the catalogue)', () => {
    const k = makeStepCase(6, DIAGNOSTIC_SHAPE);
    const probes = probeParams(k.p);
    // A gate that forgets its recurrent term: the reference with that block of Wh and bh set to zero.
    const withoutRecurrent =
      (gate: 0 | 1) =>
      (p: GruParams): GruParams => {
        const H = p.Wh.rows;
        const keep = (v: number, _r: number, c: number) => (c >= gate * H && c < (gate + 1) * H ? 0 : v);
        return { ...p, Wh: p.Wh.map(keep), bh: p.bh.map(keep) };
      };
    const run = (change: (p: GruParams) => GruParams) =>
      explainProbes(
        k,
        Object.fromEntries(PROBE_NAMES.map((name) => [name, gruStep(k.x, k.hPrev, change(probes[name])).h])) as Record<
          ProbeName,
          Matrix
        >,
      );
    expect(run(withoutRecurrent(1))?.diagnosis.en).toMatch(/reset gate r is wrong/);
    expect(run(withoutRecurrent(0))).toBeNull(); // every probe right: the suite then blames z between 0 and 1
    expect(
      relativeError([gruStep(k.x, k.hPrev, withoutRecurrent(0)(k.p)).h], [gruStep(k.x, k.hPrev, k.p).h]),
    ).toBeGreaterThan(1e-6);
  });

  for (const m of STEP_BACKWARD_MISTAKES) {
    it(`step backward mistake ${m.id} differs from the reference exactly in ${m.affects.join(', ')}`, () => {
      for (const seed of seeds) {
        const k = makeStepCase(seed, DIAGNOSTIC_SHAPE);
        const { cache } = gruStep(k.x, k.hPrev, k.p);
        const want = gruStepBackward(k.dh, cache);
        const got = m.backward(k.dh, cache);
        for (const g of STEP_GRADS) {
          const err = relativeError([got[g]], [want[g]]);
          if (m.affects.includes(g)) expect(err, `${g}, seed ${seed}`).toBeGreaterThan(1e-6);
          else expect(err, `${g}, seed ${seed}`).toBeLessThanOrEqual(1e-12);
        }
      }
    });
  }

  it('two backward mistakes at once are named together, output by output', () => {
    const k = makeStepCase(17, DIAGNOSTIC_SHAPE);
    const { cache } = gruStep(k.x, k.hPrev, k.p);
    const [bias, direct] = ['recurrent-bias-gradient-ungated', 'direct-state-path-missing'].map((id) =>
      STEP_BACKWARD_MISTAKES.find((m) => m.id === id),
    );
    if (!bias || !direct) throw new Error('catalogue entries missing');
    const student = {
      ...gruStepBackward(k.dh, cache),
      dbh: bias.backward(k.dh, cache).dbh,
      dhPrev: direct.backward(k.dh, cache).dhPrev,
    };
    const candidates = STEP_BACKWARD_MISTAKES.map((m) => ({ ...m, outputs: { ...m.backward(k.dh, cache) } }));
    const e = explainGradients(flatten(student, STEP_GRADS), { ...gruStepBackward(k.dh, cache) }, candidates);
    expect(e?.diagnosis.en).toContain(bias.diagnosis.en);
    expect(e?.diagnosis.en).toContain(direct.diagnosis.en);
    expect(e?.diagnosis.ru).toContain('Кроме того');
  });

  for (const m of SEQUENCE_FORWARD_MISTAKES) {
    it(`sequence forward mistake ${m.id} changes hs on the diagnostic case`, () => {
      for (const seed of seeds) {
        const k = makeSequenceCase(seed, DIAGNOSTIC_SHAPE, DIAGNOSTIC_STEPS);
        expect(relativeError(m.forward(k.xs, k.h0, k.p), gruForward(k.xs, k.h0, k.p).hs)).toBeGreaterThan(1e-6);
      }
    });
  }

  for (const m of BPTT_MISTAKES) {
    it(`BPTT mistake ${m.id} differs from the reference exactly in ${m.affects.join(', ')}`, () => {
      for (const seed of seeds) {
        const k = makeSequenceCase(seed, DIAGNOSTIC_SHAPE, DIAGNOSTIC_STEPS);
        const { cache } = gruForward(k.xs, k.h0, k.p);
        const before = snapshot([...k.xs, k.h0, ...k.dhs]);
        const want = gruBackward(k.dhs, cache);
        const got = m.backward(k.dhs, cache);
        for (const g of SEQUENCE_GRADS) {
          const err = relativeError(asList(got[g]), asList(want[g]));
          if (m.affects.includes(g)) expect(err, `${g}, seed ${seed}`).toBeGreaterThan(1e-6);
          else expect(err, `${g}, seed ${seed}`).toBeLessThanOrEqual(1e-12);
        }
        snapshot([...k.xs, k.h0, ...k.dhs]).forEach((after, i) =>
          expect(Array.from(after)).toEqual(Array.from(before[i])),
        );
      }
    });
  }
});
