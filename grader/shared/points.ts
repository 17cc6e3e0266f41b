/**
 * Points are integer milli-points inside gatelab, so sums and penalties are exact; they are
 * turned into decimals once, for display and export. Every rounding here is half up (away from
 * zero at exactly one half), done in integer arithmetic, and the same helpers serve the console,
 * the reports and the grade book, so a number looks the same wherever it is shown.
 */

/** Milli-points per point. */
const MILLI = 1000;

/** Catalog points (a decimal with at most three places) to milli-points. */
export function toMilli(points: number): number {
  const milli = Math.round(points * MILLI);
  if (Math.abs(milli - points * MILLI) > 1e-6)
    throw new RangeError(`points ${points} have more than three decimal places`);
  return milli;
}

/** numerator / denominator rounded half up, for a safe integer numerator and a positive safe integer denominator. */
export function divideHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`divideHalfUp: ${numerator} / ${denominator} needs integers and a positive denominator`);
  }
  const magnitude = Math.floor((2 * Math.abs(numerator) + denominator) / (2 * denominator));
  return numerator < 0 ? -magnitude : magnitude;
}

/**
 * Milli-points as a plain decimal string, rounded half up to `decimals` places (0 to 3) and without trailing
 * zeros: 12500 → "12.5", 333 → "0.333", 2667 with 2 decimals → "2.67", -2000 → "-2".
 */
export function formatMilli(milli: number, decimals = 3): string {
  if (!Number.isSafeInteger(milli))
    throw new RangeError(`formatPoints: ${milli} is not an integer number of milli-points`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 3)
    throw new RangeError(`formatPoints: ${decimals} decimals; 0 to 3 are shown`);
  const step = 10 ** (3 - decimals);
  const shown = step === 1 ? milli : divideHalfUp(milli, step) * step;
  const sign = shown < 0 ? '-' : '';
  const abs = Math.abs(shown);
  const whole = Math.floor(abs / MILLI);
  const frac = String(abs % MILLI)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** The share of `maxMilli` for `passed` of `total` cases, rounded half up to a milli-point (2000 · 1/3 → 667). */
export function shareMilli(maxMilli: number, passed: number, total: number): number {
  if (total <= 0) return 0;
  return divideHalfUp(maxMilli * passed, total);
}

/**
 * Parts shown with `decimals` places that add up to their total shown with the same places: each part is rounded
 * half up, then the parts whose rounding lost or gained the most give or take the difference, one display step at a
 * time (largest remainder). With 3 decimals the parts are exact and come back unchanged.
 */
export function shownParts(partsMilli: number[], decimals = 3): number[] {
  const step = 10 ** (3 - decimals);
  const total = partsMilli.reduce((s, p) => s + p, 0);
  const shownTotal = divideHalfUp(total, step) * step;
  const shown = partsMilli.map((p) => divideHalfUp(p, step) * step);
  let gap = shownTotal - shown.reduce((s, p) => s + p, 0);
  // Remainder of each part against its shown value: the largest gives first when the sum is short, and vice versa.
  const order = partsMilli
    .map((p, i) => ({ i, rest: p - shown[i] }))
    .sort((a, b) => (gap > 0 ? b.rest - a.rest : a.rest - b.rest) || a.i - b.i);
  for (let k = 0; gap !== 0 && k < order.length; k++) {
    const delta = gap > 0 ? step : -step;
    shown[order[k].i] += delta;
    gap -= delta;
  }
  return shown;
}
