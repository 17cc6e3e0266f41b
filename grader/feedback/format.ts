/**
 * How numbers look in reports. Points are exact: integer milli-points formatted with integer
 * arithmetic, so 333 milli-points is "0.333" and never "0.33299999". Errors and other floats are
 * shown compactly with three significant digits.
 */

/** Milli-points as a plain decimal: one implementation for reports, grade books and the terminal. */
export { formatMilli as formatPoints } from '../shared/points';

/** A float with three significant digits: 0.0123456 → "0.0123", 1.2e-5 → "1.2e-5", 123456 → "1.23e5". */
export function formatNumber(value: number | null): string {
  if (value === null) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) {
    const rounded = Number(value.toPrecision(3));
    // Rounding can carry into the next decade (99999 → 1.00e5); fall through to the exponent form then.
    if (Math.abs(rounded) < 1e5) return String(rounded);
  }
  const [mantissa, exponent] = value.toExponential(2).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${trimmed}e${Number(exponent)}`;
}

/** A [rows, cols] pair as "3×8", or "—" when absent. */
export function formatShape(shape: readonly [number, number] | null): string {
  return shape === null ? '—' : `${shape[0]}×${shape[1]}`;
}

/** A [row, col] index as "[1, 5]", or "—" when absent. */
export function formatIndex(index: readonly [number, number] | null): string {
  return index === null ? '—' : `[${index[0]}, ${index[1]}]`;
}

/** An ISO time as "2025-05-20 18:30 UTC"; text that is not a time is shown as it is. */
export function formatTime(iso: string | null): string | null {
  if (iso === null) return null;
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
