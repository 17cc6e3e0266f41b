// Proves the LSTM reference right without trusting it: the forward against TensorFlow.js's LSTM layer (Keras' block
// order i, f, c, o is ours), every gradient of the step and of BPTT against central finite differences, initLstm
// against its specification. Then proves the diagnosis useful: every catalogued mistake differs from the reference
// on the diagnostic case (exactly in what it claims to affect), and the gate probes blame the right gate.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
// The toolkit through the same path the reference imports it by, so TypeScript sees one Matrix class.
import { Matrix } from '../../solutions/lib/matrix';
import {
  initLstm,
  lstmBackward,
  lstmForward,
  lstmStep,
  lstmStepBackward,
  type LstmParams,
} from '../../solutions/03-lstm-cell/lstm';
import {
  CASE_SHAPES,
  DIAGNOSTIC_LENGTH,
  DIAGNOSTIC_SHAPE,
  makeSequenceCase,
  makeStepCase,
  type CaseShape,
} from '../../solutions/03-lstm-cell/cases';
import {
  backwardWith,
  BACKWARD_MISTAKES,
  BPTT_MISTAKES,
  combine,
  forwardWith,
  FORWARD_MISTAKES,
  SEQUENCE_MISTAKES,
  type ForwardParts,
} from '../../solutions/03-lstm-cell/mistakes';
import { gateVerdict, probeArgs, stepForwardCandidates } from '../../solutions/03-lstm-cell/diagnosis';
import { initProblems } from '../../solutions/03-lstm-cell/init-check';
import { FD_TOL, numericGradient, relativeError } from './finite-differences';

const dot = (a: Matrix, b: Matrix) => a.mul(b).sum();

// ---- (a) The forward against TensorFlow.js ----

describe('LSTM reference: forward against TensorFlow.js (float32)', () => {
  beforeAll(async () => {
    tf.env().set('IS_TEST', true); // silences the advice to install the native backend; float32 is what we test against
    await tf.setBackend('cpu');
  });

  /** hs and the last c of tf.layers.lstm with our parameters loaded as kernel, recurrent kernel and bias. */
  function tfLstm(xs: Matrix[], h0: Matrix, c0: Matrix, p: LstmParams): { hs: number[][][]; c: number[][] } {
    return tf.tidy(() => {
      const N = h0.rows;
      const H = h0.cols;
      const input = tf.tensor3d(Array.from({ length: N }, (_, n) => xs.map((x) => x.toArray()[n])));
      const initialState = [tf.tensor2d(h0.toArray()), tf.tensor2d(c0.toArray())];
      const layer = tf.layers.lstm({
        units: H,
        returnSequences: true,
        returnState: true,
        recurrentActivation: 'sigmoid',
        activation: 'tanh',
      });
      layer.apply(input, { initialState }); // builds the weights, which are then overwritten
      layer.setWeights([tf.tensor2d(p.Wx.toArray()), tf.tensor2d(p.Wh.toArray()), tf.tensor1d(Array.from(p.b.data))]);
      const [seq, , c] = layer.apply(input, { initialState }) as tf.Tensor[];
      return { hs: seq.arraySync() as number[][][], c: c.arraySync() as number[][] };
    });
  }

  const expectNear = (ours: number, theirs: number, what: string) =>
    expect(Math.abs(ours - theirs) <= 1e-5 + 1e-4 * Math.abs(theirs), `${what}: ${ours} vs ${theirs}`).toBe(true);

  const variants = [
    { label: 'ordinary', T: 6, opts: {} },
    { label: 'long, from a zero state', T: 24, opts: { zeroState: true } },
    { label: 'saturated', T: 5, opts: { scale: 30 } },
  ];
  for (const shape of CASE_SHAPES) {
    for (const { label, T, opts } of variants) {
      it(`matches tf.layers.lstm: ${shape.name} (N ${shape.N}, D ${shape.D}, H ${shape.H}), T = ${T}, ${label}`, () => {
        const k = makeSequenceCase(shape.N * 100 + T, shape, T, opts);
        const ours = lstmForward(k.xs, k.h0, k.c0, k.p);
        const theirs = tfLstm(k.xs, k.h0, k.c0, k.p);
        ours.hs.forEach((h, t) =>
          h
            .toArray()
            .forEach((row, n) => row.forEach((v, j) => expectNear(v, theirs.hs[n][t][j], `hs[${t}][${n}][${j}]`))),
        );
        ours.c.toArray().forEach((row, n) => row.forEach((v, j) => expectNear(v, theirs.c[n][j], `c[${n}][${j}]`)));
      });
    }
  }

  it('lstmStep is one step of lstmForward', () => {
    const k = makeSequenceCase(5, CASE_SHAPES[1], 1);
    const step = lstmStep(k.xs[0], k.h0, k.c0, k.p);
    const seq = lstmForward(k.xs, k.h0, k.c0, k.p);
    expect(step.h.toArray()).toEqual(seq.hs[0].toArray());
    expect(step.c.toArray()).toEqual(seq.c.toArray());
  });
});

// ---- (b) Every gradient against finite differences ----

describe('LSTM reference: gradients against central finite differences', () => {
  const shapes: CaseShape[] = [...CASE_SHAPES.slice(0, 4), DIAGNOSTIC_SHAPE];
  for (const shape of shapes) {
    it(`lstmStepBackward, N ${shape.N}, D ${shape.D}, H ${shape.H}`, () => {
      for (const seed of [1, 2]) {
        const k = makeStepCase(seed, shape);
        const grads = lstmStepBackward(k.dh, k.dc, lstmStep(k.x, k.hPrev, k.cPrev, k.p).cache);
        const loss = (x: Matrix, hPrev: Matrix, cPrev: Matrix, p: LstmParams) => {
          const out = lstmStep(x, hPrev, cPrev, p);
          return dot(out.h, k.dh) + dot(out.c, k.dc);
        };
        const numeric = {
          dx: numericGradient(k.x, (m) => loss(m, k.hPrev, k.cPrev, k.p)),
          dhPrev: numericGradient(k.hPrev, (m) => loss(k.x, m, k.cPrev, k.p)),
          dcPrev: numericGradient(k.cPrev, (m) => loss(k.x, k.hPrev, m, k.p)),
          dWx: numericGradient(k.p.Wx, (m) => loss(k.x, k.hPrev, k.cPrev, { ...k.p, Wx: m })),
          dWh: numericGradient(k.p.Wh, (m) => loss(k.x, k.hPrev, k.cPrev, { ...k.p, Wh: m })),
          db: numericGradient(k.p.b, (m) => loss(k.x, k.hPrev, k.cPrev, { ...k.p, b: m })),
        };
        for (const [name, n] of Object.entries(numeric)) {
          expect(relativeError(grads[name as keyof typeof numeric], n), `${name}, seed ${seed}`).toBeLessThanOrEqual(
            FD_TOL,
          );
        }
      }
    });
  }

  for (const [shape, T] of [
    [CASE_SHAPES[0], 5],
    [CASE_SHAPES[2], 3],
    [DIAGNOSTIC_SHAPE, DIAGNOSTIC_LENGTH],
    [{ N: 2, D: 2, H: 3 }, 21],
  ] as const) {
    it(`lstmBackward (BPTT), N ${shape.N}, D ${shape.D}, H ${shape.H}, T = ${T}`, () => {
      const k = makeSequenceCase(T, shape, T);
      const grads = lstmBackward(k.dhs, lstmForward(k.xs, k.h0, k.c0, k.p).cache);
      const loss = (xs: Matrix[], h0: Matrix, c0: Matrix, p: LstmParams) =>
        lstmForward(xs, h0, c0, p).hs.reduce((s, h, t) => s + dot(h, k.dhs[t]), 0);
      // xs[0], xs[T − 1] and a middle step: the first and the last are where carrying mistakes show.
      for (const t of new Set([0, Math.floor(T / 2), T - 1])) {
        const numeric = numericGradient(k.xs[t], (m) =>
          loss(
            k.xs.map((x, s) => (s === t ? m : x)),
            k.h0,
            k.c0,
            k.p,
          ),
        );
        expect(relativeError(grads.dxs[t], numeric), `dxs[${t}]`).toBeLessThanOrEqual(FD_TOL);
      }
      const numeric = {
        dh0: numericGradient(k.h0, (m) => loss(k.xs, m, k.c0, k.p)),
        dc0: numericGradient(k.c0, (m) => loss(k.xs, k.h0, m, k.p)),
        dWx: numericGradient(k.p.Wx, (m) => loss(k.xs, k.h0, k.c0, { ...k.p, Wx: m })),
        dWh: numericGradient(k.p.Wh, (m) => loss(k.xs, k.h0, k.c0, { ...k.p, Wh: m })),
        db: numericGradient(k.p.b, (m) => loss(k.xs, k.h0, k.c0, { ...k.p, b: m })),
      };
      for (const [name, n] of Object.entries(numeric)) {
        expect(relativeError(grads[name as keyof typeof numeric], n), name).toBeLessThanOrEqual(FD_TOL);
      }
      expect(grads.dxs).toHaveLength(T);
    });
  }

  it('changes no argument and returns the same results twice', () => {
    const k = makeSequenceCase(9, DIAGNOSTIC_SHAPE, 4);
    const all = () => [...k.xs, k.h0, k.c0, k.p.Wx, k.p.Wh, k.p.b, ...k.dhs];
    const before = all().map((m) => Array.from(m.data));
    const run = () => {
      const out = lstmForward(k.xs, k.h0, k.c0, k.p);
      return { out, grads: lstmBackward(k.dhs, out.cache) };
    };
    const first = run();
    const second = run();
    all().forEach((m, n) => expect(Array.from(m.data)).toEqual(before[n]));
    expect(second.grads.dWh.toArray()).toEqual(first.grads.dWh.toArray());
    expect(second.out.hs.map((h) => h.toArray())).toEqual(first.out.hs.map((h) => h.toArray()));
  });

  it('stays finite with pre-activations in the hundreds', () => {
    const k = makeStepCase(3, CASE_SHAPES[1], { scale: 1000 });
    const out = lstmStep(k.x, k.hPrev, k.cPrev, k.p);
    const grads = lstmStepBackward(k.dh, k.dc, out.cache);
    for (const m of [out.h, out.c, ...Object.values(grads)]) expect(m.data.every(Number.isFinite)).toBe(true);
  });
});

// ---- (c) initLstm ----

describe('LSTM reference: initLstm', () => {
  it('has the shapes, the range, forget bias 1 and other biases 0', () => {
    for (const [D, H] of [
      [3, 2],
      [8, 16],
      [20, 8],
    ]) {
      const p = initLstm(D, H, 42);
      expect([p.Wx.rows, p.Wx.cols, p.Wh.rows, p.Wh.cols, p.b.rows, p.b.cols]).toEqual([D, 4 * H, H, 4 * H, 1, 4 * H]);
      const r = 1 / Math.sqrt(H);
      for (const W of [p.Wx, p.Wh]) expect(W.data.every((v) => v >= -r && v < r)).toBe(true);
      expect(Array.from(p.b.data)).toEqual([...Array(H).fill(0), ...Array(H).fill(1), ...Array(2 * H).fill(0)]);
    }
  });

  it('is reproducible from its seed, and Wx and Wh are independent draws', () => {
    const a = initLstm(8, 16, 7);
    const b = initLstm(8, 16, 7);
    const c = initLstm(8, 16, 8);
    expect(a.Wx.toArray()).toEqual(b.Wx.toArray());
    expect(a.Wh.toArray()).toEqual(b.Wh.toArray());
    expect(a.Wx.toArray()).not.toEqual(c.Wx.toArray());
    expect(Array.from(a.Wx.data.subarray(0, 64))).not.toEqual(Array.from(a.Wh.data.subarray(0, 64)));
  });

  it('passes the hidden check, which rejects constant, narrow, one-sided, unseeded or misplaced-bias inits', () => {
    const D = 8,
      H = 16;
    const good = initLstm(D, H, 1);
    expect(initProblems(D, H, good, initLstm(D, H, 1), initLstm(D, H, 2))).toBeNull();
    const r = 1 / Math.sqrt(H);
    const wrongs: Record<string, LstmParams> = {
      constant: { ...good, Wx: Matrix.fill(D, 4 * H, r / 2) },
      narrow: { ...good, Wh: good.Wh.scale(0.5) },
      'one-sided': { ...good, Wx: good.Wx.map(Math.abs) },
      'too wide': { ...good, Wx: good.Wx.scale(2) },
      'forget bias 0': { ...good, b: Matrix.zeros(1, 4 * H) },
      'bias in the input block': { ...good, b: Matrix.concatCols([Matrix.fill(1, H, 1), Matrix.zeros(1, 3 * H)]) },
      'Wh copies Wx': { ...good, Wh: Matrix.concatRows([good.Wx, good.Wx]) }, // D = 8 rows twice: H = 16 rows
    };
    for (const [name, p] of Object.entries(wrongs))
      expect(initProblems(D, H, p, p, initLstm(D, H, 2)), name).not.toBeNull();
    expect(initProblems(D, H, good, initLstm(D, H, 3), initLstm(D, H, 2)), 'not reproducible').not.toBeNull();
    expect(initProblems(D, H, good, good, good), 'seed ignored').not.toBeNull();
  });
});

// ---- (d) The mistake catalogue and the gate probes ----

describe('mistake catalogue', () => {
  const steps = [2024, 7, 99].map((seed) => {
    const k = makeStepCase(seed, DIAGNOSTIC_SHAPE);
    const out = lstmStep(k.x, k.hPrev, k.cPrev, k.p);
    return { seed, k, out, grads: lstmStepBackward(k.dh, k.dc, out.cache) };
  });
  const sequences = [5, 6].map((seed) => {
    const k = makeSequenceCase(seed, DIAGNOSTIC_SHAPE, DIAGNOSTIC_LENGTH);
    const out = lstmForward(k.xs, k.h0, k.c0, k.p);
    return { seed, k, out, grads: lstmBackward(k.dhs, out.cache) };
  });

  it('has unique ids, at least nine mistakes, and bilingual texts without numbers', () => {
    const all = [...FORWARD_MISTAKES, ...BACKWARD_MISTAKES, ...SEQUENCE_MISTAKES, ...BPTT_MISTAKES];
    expect(all.length).toBeGreaterThanOrEqual(9);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    for (const m of all) {
      expect(m.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const text of [m.diagnosis, m.hint]) {
        expect(text.en).not.toMatch(/[а-яё]/i);
        expect(text.ru).toMatch(/[а-яё]{3}/i);
        for (const s of [text.en, text.ru]) expect(s, `${m.id} must not contain values`).not.toMatch(/\d[.,]\d/);
      }
    }
  });

  for (const m of FORWARD_MISTAKES) {
    it(`forward mistake ${m.id} differs from the reference exactly in ${m.affects.join(', ')}`, () => {
      for (const { seed, k, out } of steps) {
        const wrong = forwardWith(m.parts)(k.x, k.hPrev, k.cPrev, k.p);
        for (const name of ['h', 'c'] as const) {
          const err = relativeError(wrong[name], out[name]);
          if (m.affects.includes(name)) expect(err, `${name}, seed ${seed}`).toBeGreaterThan(1e-6);
          else expect(err, `${name}, seed ${seed}`).toBeLessThanOrEqual(1e-12);
        }
      }
    });
  }

  for (const m of BACKWARD_MISTAKES) {
    it(`backward mistake ${m.id} differs from the reference exactly in ${m.affects.join(', ')}`, () => {
      for (const { seed, k, out, grads } of steps) {
        const wrong = backwardWith(m.parts)(k.dh, k.dc, out.cache);
        for (const name of Object.keys(grads) as (keyof typeof grads)[]) {
          const err = relativeError(wrong[name], grads[name]);
          if (m.affects.includes(name)) expect(err, `${name}, seed ${seed}`).toBeGreaterThan(1e-6);
          else expect(err, `${name}, seed ${seed}`).toBeLessThanOrEqual(1e-12);
        }
      }
    });
  }

  for (const m of SEQUENCE_MISTAKES) {
    it(`sequence mistake ${m.id} differs from the reference`, () => {
      for (const { seed, k, out } of sequences) {
        const wrong = m.forward(k.xs, k.h0, k.c0, k.p);
        const errs = [...out.hs.map((h, t) => relativeError(wrong.hs[t], h)), relativeError(wrong.c, out.c)];
        expect(Math.max(...errs), `seed ${seed}`).toBeGreaterThan(1e-6);
      }
    });
  }

  for (const m of BPTT_MISTAKES) {
    it(`BPTT mistake ${m.id} differs from the reference, and from every other BPTT mistake`, () => {
      for (const { seed, k, out, grads } of sequences) {
        const flat = (g: typeof grads) => [...g.dxs, g.dh0, g.dc0, g.dWx, g.dWh, g.db];
        const wrong = flat(m.backward(k.dhs, out.cache.steps));
        expect(Math.max(...flat(grads).map((r, n) => relativeError(wrong[n], r))), `seed ${seed}`).toBeGreaterThan(
          1e-6,
        );
        for (const other of BPTT_MISTAKES.filter((o) => o.id !== m.id)) {
          const theirs = flat(other.backward(k.dhs, out.cache.steps));
          expect(
            Math.max(...theirs.map((r, n) => relativeError(wrong[n], r))),
            `${other.id}, seed ${seed}`,
          ).toBeGreaterThan(1e-6);
        }
      }
    });
  }

  it('tells every forward mistake (and every pair of them) apart from the others on the diagnostic case', () => {
    const { k } = steps[0];
    const candidates = stepForwardCandidates(k);
    expect(candidates.length).toBeGreaterThan(FORWARD_MISTAKES.length);
    candidates.forEach((a, n) => {
      const twin = candidates
        .slice(n + 1)
        .find((b) => relativeError(a.outputs.h, b.outputs.h) < 1e-9 && relativeError(a.outputs.c, b.outputs.c) < 1e-9);
      expect(twin?.id, `${a.id} looks the same as another candidate`).toBeUndefined();
    });
    expect(
      combine<ForwardParts>(FORWARD_MISTAKES).every((pair) => pair.diagnosis.en.startsWith('Two things are wrong')),
    ).toBe(true);
  });
});

describe('gate probes', () => {
  const k = makeStepCase(31, DIAGNOSTIC_SHAPE);
  const verdictOf = (parts: Partial<ForwardParts>) =>
    gateVerdict(
      k,
      probeArgs(k).map(([x, hPrev, cPrev, p]) => forwardWith(parts)(x, hPrev, cPrev, p)),
    );
  const wrongGates = (parts: Partial<ForwardParts>) =>
    Object.entries(verdictOf(parts))
      .filter(([, ok]) => !ok)
      .map(([gate]) => gate)
      .sort();
  const mistake = (id: string) => FORWARD_MISTAKES.find((m) => m.id === id)!.parts;

  it('find every gate right in the reference', () => {
    expect(wrongGates({})).toEqual([]);
  });

  it.each([
    ['candidate-sigmoid', ['g']],
    ['output-no-tanh', ['o']],
    ['output-tanh-outside', ['o']],
    ['output-sigmoid', ['o']],
    ['output-from-old-state', ['o']],
    ['input-gate-not-applied', ['i']],
    ['input-gate-coupled', ['i']],
    ['blocks-ifog', ['g', 'o']],
    ['bias-dropped', ['f', 'g', 'i', 'o']],
  ])('blame exactly the wrong gates for %s', (id, gates) => {
    expect(wrongGates(mistake(id))).toEqual(gates);
  });

  it('blame a single gate whose activation is wrong, and only it', () => {
    const activate = (gate: 'i' | 'f' | 'g' | 'o') => (a: Record<'i' | 'f' | 'g' | 'o', Matrix>) => {
      const z = { i: a.i.sigmoid(), f: a.f.sigmoid(), g: a.g.tanh(), o: a.o.sigmoid() };
      return { ...z, [gate]: gate === 'g' ? a.g.sigmoid() : a[gate].tanh() };
    };
    for (const gate of ['i', 'f', 'g', 'o'] as const)
      expect(wrongGates({ activate: activate(gate) }), gate).toEqual([gate]);
  });
});
