// Exercise 06's grading material, proved without a sandbox: every catalogued mistake differs from the reference on
// the diagnostic case (so recognising it can work) and no two are confused; every message exists in both languages
// with the same placeholders; and the reference's committed experiment.json (what the perfect student hands in) is
// made with DEFAULT_EXPERIMENT and shows the separation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../solutions/lib/matrix';
import * as ref from '../../solutions/06-long-memory/rnn';
import { DEFAULT_EXPERIMENT, type Run } from '../../solutions/06-long-memory/long-memory';
import {
  DIAGNOSTIC_SHAPE,
  DIAGNOSTIC_STEPS,
  makeSequenceCase,
  makeStepCase,
} from '../../solutions/06-long-memory/cases';
import {
  BPTT_MISTAKES,
  FORWARD_MISTAKES,
  STEP_BACKWARD_MISTAKES,
  wrongBackward,
  wrongForward,
  wrongStepBackward,
} from '../../solutions/06-long-memory/mistakes';
import { separatedAt } from '../../solutions/06-long-memory/experiment-checks';
import en from '../../templates/strings.en.json';
import ru from '../../templates/strings.ru.json';

const close = (a: Matrix, b: Matrix): boolean =>
  a.rows === b.rows &&
  a.cols === b.cols &&
  a.data.every((v, i) => Math.abs(v - b.data[i]) <= 1e-9 + 1e-7 * Math.abs(b.data[i]));
const flat = (ms: Matrix[]): Matrix => Matrix.concatRows(ms);

describe('the catalogue of RNN mistakes', () => {
  const k = makeSequenceCase(7, DIAGNOSTIC_SHAPE, DIAGNOSTIC_STEPS);
  const s = makeStepCase(7, DIAGNOSTIC_SHAPE);

  it('with no knob set, the wrong code is the reference', () => {
    expect(close(flat(wrongForward(k.xs, k.h0, k.p, {})), flat(ref.rnnForward(k.xs, k.h0, k.p).hs))).toBe(true);
    const want = ref.rnnBackward(k.dhs, ref.rnnForward(k.xs, k.h0, k.p).cache);
    const got = wrongBackward(k.dhs, k.xs, k.h0, k.p, {});
    for (const name of ['dh0', 'dWx', 'dWh', 'db'] as const) expect(close(got[name], want[name])).toBe(true);
    expect(close(flat(got.dxs), flat(want.dxs))).toBe(true);
  });

  it('every forward mistake changes hs, and no two give the same hs', () => {
    const outs = FORWARD_MISTAKES.map((m) => flat(wrongForward(k.xs, k.h0, k.p, m.knobs)));
    const right = flat(ref.rnnForward(k.xs, k.h0, k.p).hs);
    outs.forEach((o, i) => {
      expect(close(o, right), FORWARD_MISTAKES[i].id).toBe(false);
      outs.forEach((p, j) => {
        if (j !== i) expect(close(o, p)).toBe(false);
      });
    });
  });

  it('every step-backward mistake changes some gradient, distinctly', () => {
    const right = ref.rnnStepBackward(s.dh, ref.rnnStep(s.x, s.hPrev, s.p).cache);
    const key = (g: typeof right) => Matrix.concatCols([g.dWx.transpose(), g.dWh.transpose(), g.db.transpose()]);
    const outs = STEP_BACKWARD_MISTAKES.map((m) => wrongStepBackward(s.dh, s.x, s.hPrev, s.p, m.knobs));
    outs.forEach((o, i) => {
      const differs = !close(o.dhPrev, right.dhPrev) || !close(key(o), key(right)) || !close(o.dx, right.dx);
      expect(differs, STEP_BACKWARD_MISTAKES[i].id).toBe(true);
    });
  });

  it('every BPTT mistake changes the gradients of the sequence', () => {
    const right = ref.rnnBackward(k.dhs, ref.rnnForward(k.xs, k.h0, k.p).cache);
    for (const m of BPTT_MISTAKES) {
      const got = wrongBackward(k.dhs, k.xs, k.h0, k.p, m.knobs);
      const same =
        close(got.dWh, right.dWh) && close(got.dWx, right.dWx) && close(got.db, right.db) && close(got.dh0, right.dh0);
      expect(same, m.id).toBe(false);
    }
  });
});

describe('the messages of exercise 06', () => {
  const keys = (node: unknown, prefix = ''): string[] =>
    typeof node === 'string'
      ? [prefix]
      : Object.entries(node as object).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  const at = (root: unknown, key: string): string =>
    key.split('.').reduce((n: unknown, k) => (n as Record<string, unknown>)[k], root) as string;
  const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('exist in English and Russian with the same keys and placeholders', () => {
    expect(keys(ru.hidden['06'])).toEqual(keys(en.hidden['06']));
    for (const key of keys(en.hidden['06']))
      expect(holes(at(ru.hidden['06'], key)), key).toEqual(holes(at(en.hidden['06'], key)));
  });

  it('name a diagnosis and a hint for every catalogued mistake', () => {
    for (const m of [...FORWARD_MISTAKES, ...BPTT_MISTAKES]) {
      expect(m.diagnosis.en.length).toBeGreaterThan(20);
      expect(m.diagnosis.ru).not.toEqual(m.diagnosis.en);
    }
  });
});

describe("the reference's experiment.json", () => {
  const file = path.join(__dirname, '../../solutions/06-long-memory/experiment.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { format: string; options: unknown; runs: Run[] };

  it('is made with DEFAULT_EXPERIMENT and has every run', () => {
    expect(data.format).toBe('gatelab-long-memory');
    expect(data.options).toEqual(DEFAULT_EXPERIMENT);
    expect(data.runs).toHaveLength(
      DEFAULT_EXPERIMENT.cells.length * DEFAULT_EXPERIMENT.lengths.length * DEFAULT_EXPERIMENT.seeds.length,
    );
  });

  it('shows the separation: at T = 30 the RNN fails on every seed and the LSTM and the GRU solve it on every seed', () => {
    expect(separatedAt(data.runs)).toContain(30);
    const at30 = data.runs.filter((r) => r.T === 30);
    expect(Math.max(...at30.filter((r) => r.cell === 'rnn').map((r) => r.successRate))).toBeLessThan(0.2);
    expect(Math.min(...at30.filter((r) => r.cell !== 'rnn').map((r) => r.successRate))).toBeGreaterThan(0.3);
  });
});
