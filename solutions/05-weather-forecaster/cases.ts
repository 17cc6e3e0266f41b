/**
 * Random cases for the forecaster, shared by the public fixtures and the hidden suite. A case is a pure function of
 * its seed: a regrade with the same seed sees the same numbers. Day tables look like weather (a seasonal
 * temperature, rain that is often zero, wind) so every branch of the student's code is exercised, but they are
 * synthetic: the real data only enters through the model.json checks.
 */
import { Matrix, seededRandom } from '../lib/matrix';
import { dayOfYear, nextDay, FEATURES, type Day, type ForecasterParams, type Windows } from './forecaster';

/** `n` consecutive days from `start` (YYYY-MM-DD) with plausible Seattle-like values, rounded as the data file is. */
export function randomDays(seed: number, n: number, start: string): Day[] {
  const next = seededRandom(seed);
  const round1 = (v: number) => Math.round(v * 10) / 10;
  const days: Day[] = [];
  let date = start;
  for (let i = 0; i < n; i++) {
    const season = Math.cos((2 * Math.PI * (dayOfYear(date) - 200)) / 365.25); // warmest in mid-July
    const tMax = round1(16 + 9 * season + 6 * (next() - 0.5));
    const rain = next() < 0.5 ? 0 : round1(20 * next() ** 2);
    days.push({
      date,
      temp_max: tMax,
      temp_min: round1(tMax - 2 - 8 * next()),
      precipitation: rain,
      wind: round1(0.5 + 7 * next()),
    });
    date = nextDay(date);
  }
  return days;
}

/** A start date drawn from the seed between 2012-01-01 and 2014-12-31 (so some tables cross 29 February 2012). */
export function randomStart(seed: number): string {
  const offset = Math.floor(seededRandom(seed)() * 1096);
  return new Date(Date.UTC(2012, 0, 1 + offset)).toISOString().slice(0, 10);
}

/** N windows of T days of six features, roughly standard (uniform in [−2, 2)), with targets; dates are labels. */
export function randomWindows(seed: number, N: number, T: number): Windows {
  const next = seededRandom(seed);
  const xs = Array.from({ length: T }, () => Matrix.random(N, FEATURES.length, next(), -2, 2));
  const y = Matrix.random(N, 1, next(), -2, 2);
  return { xs, y, dates: Array.from({ length: N }, (_, n) => `case-${n}`) };
}

/**
 * Parameters of a small forecaster with D inputs and H units, every entry uniform in [−scale, scale): small enough
 * for finite differences to see smooth, non-saturated gates at scale 0.5.
 */
export function randomParams(seed: number, D: number, H: number, scale = 0.5): ForecasterParams {
  const next = seededRandom(seed);
  const m = (rows: number, cols: number) => Matrix.random(rows, cols, next(), -scale, scale);
  return { Wx: m(D, 4 * H), Wh: m(H, 4 * H), b: m(1, 4 * H), Wy: m(H, 1), by: m(1, 1) };
}

/** Gradients shaped like `p`, uniform in [−scale, scale): for clipping and Adam. */
export function randomGrads(seed: number, p: ForecasterParams, scale: number): ForecasterParams {
  const next = seededRandom(seed);
  const m = (x: Matrix) => Matrix.random(x.rows, x.cols, next(), -scale, scale);
  return { Wx: m(p.Wx), Wh: m(p.Wh), b: m(p.b), Wy: m(p.Wy), by: m(p.by) };
}
