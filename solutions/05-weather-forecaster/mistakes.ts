/**
 * Exercise 05's typical mistakes, computed here in the trusted process on the student's own inputs: when a student's
 * result reproduces one of them (and not the reference), the check names the mistake, its function, its quantity and
 * its line of math (texts: the message catalog's area `hidden.05`). Teacher-only, like the hidden suite.
 */
import { Matrix } from '../lib/matrix';
import { closeNumber, compareMatrix, type CheckTools } from '../../grader/harness';
import { text } from '../../grader/shared/messages';
import * as ref from './forecaster';

/** A mistake: its catalog key and what it returns on the check's inputs. */
export interface Mistake<T> {
  key: string;
  out: T;
}

const sameMatrix = (a: unknown, b: Matrix): boolean => a instanceof Matrix && compareMatrix('', a, b, 1e-6, 1e-9).ok;
const sameNumber = (a: unknown, b: number): boolean => typeof a === 'number' && closeNumber(a, b);
const sameWindows = (a: unknown, b: ref.Windows): boolean => {
  const o = a as Partial<ref.Windows> | null;
  return (
    !!o &&
    Array.isArray(o.xs) &&
    o.xs.length === b.xs.length &&
    b.xs.every((x, k) => sameMatrix(o.xs?.[k], x)) &&
    sameMatrix(o.y, b.y)
  );
};

/** Names the first mistake `got` reproduces (diagnosis from the catalog); true when one was named. */
function name<T>(t: CheckTools, got: unknown, mistakes: Mistake<T>[], same: (a: unknown, b: T) => boolean): boolean {
  const found = mistakes.find((m) => same(got, m.out));
  if (found) t.diagnose(text(found.key));
  return found !== undefined;
}

export function nameWindowsMistake(
  t: CheckTools,
  got: unknown,
  days: ref.Day[],
  from: string,
  to: string,
  window: number,
): boolean {
  const shifted =
    (shift: number, year = 365.25) =>
    (d: ref.Day): number[] => {
      const theta = (2 * Math.PI * (ref.dayOfYear(d.date) - 1 + shift)) / year;
      return [d.temp_max, d.temp_min, d.precipitation, d.wind, Math.sin(theta), Math.cos(theta)];
    };
  const withFeatures = (features: (d: ref.Day) => number[]): ref.Windows => {
    const w = ref.makeWindows(days, from, to, window);
    const index = new Map(days.map((d, i) => [d.date, i]));
    const xs = w.xs.map((_, k) =>
      ref.fromRows(
        w.dates.map((date) => features(days[(index.get(date) ?? 0) - window + k])),
        6,
      ),
    );
    return { ...w, xs };
  };
  const includesTarget = ((): ref.Windows => {
    const w = ref.makeWindows(days, from, to, window);
    const index = new Map(days.map((d, i) => [d.date, i]));
    return {
      ...w,
      xs: w.xs.map((_, k) =>
        ref.fromRows(
          w.dates.map((date) => ref.dayFeatures(days[(index.get(date) ?? 0) - window + k + 1])),
          6,
        ),
      ),
    };
  })();
  return name(
    t,
    got,
    [
      { key: 'hidden.05.windows.includesTarget', out: includesTarget },
      { key: 'hidden.05.windows.dayShift', out: withFeatures(shifted(1)) },
      { key: 'hidden.05.windows.dayShift', out: withFeatures(shifted(-1)) },
      { key: 'hidden.05.windows.yearLength', out: withFeatures(shifted(0, 365)) },
    ],
    sameWindows,
  );
}

/** Whether a returned standardizer equals `want` (quietly: no diagnosis). */
export function sameStandardizer(got: unknown, want: ref.Standardizer): boolean {
  const o = got as Partial<ref.Standardizer> | null;
  return (
    !!o &&
    Array.isArray(o.mean) &&
    Array.isArray(o.std) &&
    o.mean.length === 6 &&
    o.std.length === 6 &&
    o.mean.every((v, j) => sameNumber(v, want.mean[j])) &&
    o.std.every((v, j) => sameNumber(v, want.std[j])) &&
    sameNumber(o.yMean, want.yMean) &&
    sameNumber(o.yStd, want.yStd)
  );
}

export function nameFitMistake(t: CheckTools, got: unknown, w: ref.Windows): boolean {
  const s = ref.fitStandardizer(w);
  const n = w.xs.length * w.y.rows;
  const sample = {
    ...s,
    std: s.std.map((v) => v * Math.sqrt(n / (n - 1))),
    yStd: s.yStd * Math.sqrt(w.y.rows / (w.y.rows - 1)),
  };
  const oneStep = ref.fitStandardizer({ ...w, xs: [w.xs[w.xs.length - 1]] });
  const same = (a: unknown, b: ref.Standardizer): boolean => {
    const o = a as Partial<ref.Standardizer> | null;
    return (
      !!o &&
      Array.isArray(o.std) &&
      o.std.length === 6 &&
      o.std.every((v, j) => sameNumber(v, b.std[j])) &&
      Array.isArray(o.mean) &&
      o.mean.every((v, j) => sameNumber(v, b.mean[j]))
    );
  };
  return name(
    t,
    got,
    [
      { key: 'hidden.05.standardize.sampleStd', out: sample },
      { key: 'hidden.05.standardize.perWindowStep', out: { ...oneStep, yMean: s.yMean, yStd: s.yStd } },
    ],
    same,
  );
}

export function nameStandardizeMistake(t: CheckTools, got: unknown, w: ref.Windows, s: ref.Standardizer): boolean {
  const own = ref.standardize(w, s);
  return name(
    t,
    got,
    [
      { key: 'forecast.standardize.refits', out: ref.standardize(w, ref.fitStandardizer(w)) },
      { key: 'hidden.05.standardize.yWithX', out: { ...own, y: w.y.map((v) => (v - s.mean[0]) / s.std[0]) } },
    ],
    sameWindows,
  );
}

export function nameUnstandardizeMistake(t: CheckTools, got: unknown, z: Matrix, s: ref.Standardizer): boolean {
  return name(
    t,
    got,
    [
      { key: 'hidden.05.standardize.unstandardize', out: z.map((v) => (v - s.yMean) / s.yStd) },
      { key: 'hidden.05.standardize.unstandardize', out: z.map((v) => v * s.yStd) },
      { key: 'hidden.05.standardize.unstandardize', out: z.map((v) => (v + s.yMean) * s.yStd) },
    ],
    sameMatrix,
  );
}

export function namePersistenceMistake(t: CheckTools, got: unknown, w: ref.Windows): boolean {
  const last = w.xs[w.xs.length - 1];
  return name(
    t,
    got,
    [
      { key: 'hidden.05.baselines.persistenceColumn', out: last.sliceCols(1, 2) },
      { key: 'hidden.05.baselines.persistenceDay', out: w.xs[0].sliceCols(0, 1) },
    ],
    sameMatrix,
  );
}

export function nameClimatologyMistake(
  t: CheckTools,
  got: unknown,
  history: ref.Day[],
  dates: string[],
  halfWidth: number,
): boolean {
  const noWrap = dates.map((date) => {
    const a = ref.dayOfYear(date);
    const near = history.filter((d) => Math.abs(ref.dayOfYear(d.date) - a) <= halfWidth);
    return [near.length ? near.reduce((s, d) => s + d.temp_max, 0) / near.length : NaN];
  });
  return name(t, got, [{ key: 'hidden.05.baselines.climatologyWrap', out: ref.fromRows(noWrap, 1) }], sameMatrix);
}

export function nameMaeMistake(t: CheckTools, got: unknown, a: Matrix, b: Matrix): boolean {
  const d = a.sub(b);
  return name(
    t,
    got,
    [
      { key: 'hidden.05.baselines.maeOfMean', out: Math.abs(d.sum() / d.data.length) },
      { key: 'hidden.05.baselines.maeSquared', out: d.mul(d).sum() / d.data.length },
      { key: 'hidden.05.baselines.maeSum', out: d.map(Math.abs).sum() },
    ],
    sameNumber,
  );
}

export function nameLossMistake(t: CheckTools, got: unknown, pred: Matrix, y: Matrix): boolean {
  const d = pred.sub(y);
  const n = d.data.length;
  const o = got as { loss?: unknown; dPred?: unknown } | null;
  if (o && !sameNumber(o.loss, d.mul(d).sum() / n) && sameNumber(o.loss, d.mul(d).sum())) {
    t.diagnose(text('hidden.05.loss.lossSum'));
    return true;
  }
  return name(
    t,
    o?.dPred,
    [
      { key: 'hidden.05.loss.gradNoTwo', out: d.scale(1 / n) },
      { key: 'hidden.05.loss.gradNoN', out: d.scale(2) },
      { key: 'hidden.05.loss.gradSign', out: d.scale(-2 / n) },
    ],
    sameMatrix,
  );
}

export function nameClipMistake(t: CheckTools, got: unknown, grads: ref.ForecasterParams, maxNorm: number): boolean {
  const perElement = { ...grads };
  const perMatrix = { ...grads };
  for (const k of ref.PARAM_NAMES) {
    perElement[k] = grads[k].map((v) => Math.max(-maxNorm, Math.min(maxNorm, v)));
    const norm = grads[k].norm();
    perMatrix[k] = norm > maxNorm ? grads[k].scale(maxNorm / norm) : grads[k];
  }
  const clipped = (got as { grads?: unknown } | null)?.grads;
  const same = (a: unknown, b: ref.ForecasterParams): boolean =>
    ref.PARAM_NAMES.every((k) => sameMatrix((a as Record<string, unknown> | null)?.[k], b[k]));
  return name(
    t,
    clipped,
    [
      { key: 'hidden.05.optimizer.perElement', out: perElement },
      { key: 'hidden.05.optimizer.perMatrix', out: perMatrix },
    ],
    same,
  );
}

/** One Adam step with a mistake, from the same state as the reference's. */
export function adamVariants(
  p: ref.ForecasterParams,
  g: ref.ForecasterParams,
  state: ref.AdamState,
  o: ref.AdamOptions,
): Mistake<ref.ForecasterParams>[] {
  const t = state.t + 1;
  const variant = (
    key: string,
    step: (m: number, v: number) => number,
    vOf: (gi: number) => number = (gi) => gi * gi,
  ): Mistake<ref.ForecasterParams> => {
    const out = { ...p };
    for (const k of ref.PARAM_NAMES) {
      const m = state.m[k].scale(o.beta1).add(g[k].scale(1 - o.beta1));
      const v = state.v[k].scale(o.beta2).add(g[k].map(vOf).scale(1 - o.beta2));
      out[k] = p[k].sub(m.map((mi, r, c) => step(mi, v.data[r * g[k].cols + c])));
    }
    return { key, out };
  };
  const [c1, c2] = [1 - o.beta1 ** t, 1 - o.beta2 ** t];
  return [
    variant('hidden.05.optimizer.noBiasCorrection', (m, v) => (o.lr * m) / (Math.sqrt(v) + o.eps)),
    variant('hidden.05.optimizer.epsInside', (m, v) => (o.lr * (m / c1)) / Math.sqrt(v / c2 + o.eps)),
    variant(
      'hidden.05.optimizer.vOfG',
      (m, v) => (o.lr * (m / c1)) / (Math.sqrt(v / c2) + o.eps),
      (gi) => gi,
    ),
  ];
}

export function nameAdamMistake(t: CheckTools, got: unknown, variants: Mistake<ref.ForecasterParams>[]): boolean {
  const same = (a: unknown, b: ref.ForecasterParams): boolean =>
    ref.PARAM_NAMES.every((k) => sameMatrix((a as Record<string, unknown> | null)?.[k], b[k]));
  return name(t, got, variants, same);
}
