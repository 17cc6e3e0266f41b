/**
 * Points are integer milli-points inside gatelab, so sums and penalties are exact; they are
 * turned into decimals once, for display and export.
 */

/** Catalog points (a decimal with at most three places) to milli-points. */
export function toMilli(points: number): number {
  const milli = Math.round(points * 1000);
  if (Math.abs(milli - points * 1000) > 1e-6) throw new RangeError(`points ${points} have more than three decimal places`);
  return milli;
}

/** Milli-points as a plain decimal string: 12500 → "12.5", 333 → "0.333", -2000 → "-2". */
export function formatMilli(milli: number): string {
  if (!Number.isSafeInteger(milli)) throw new RangeError(`formatPoints: ${milli} is not an integer number of milli-points`);
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const whole = Math.floor(abs / 1000);
  const frac = String(abs % 1000).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** The exact share of `maxMilli` for `passed` of `total` cases, rounded down to a milli-point. */
export function shareMilli(maxMilli: number, passed: number, total: number): number {
  if (total <= 0) return 0;
  return Math.floor((maxMilli * passed) / total);
}
