/** Milli-points: exact conversion, half-up rounding for shares and display, shown parts that add up to the shown total. */
import { describe, expect, it } from 'vitest';
import { divideHalfUp, formatMilli, shareMilli, shownParts, toMilli } from '../../grader/shared/points';

describe('milli-points', () => {
  it('converts catalog decimals exactly', () => {
    expect(toMilli(15)).toBe(15000);
    expect(toMilli(2.5)).toBe(2500);
    expect(toMilli(0.001)).toBe(1);
    expect(toMilli(0.1 + 0.2)).toBe(300); // float noise below a milli-point is not an error
  });
  it('rejects points with more than three decimals', () => {
    expect(() => toMilli(0.0005)).toThrow(/three decimal/);
  });
  it('formats as plain decimals', () => {
    expect(formatMilli(0)).toBe('0');
    expect(formatMilli(15000)).toBe('15');
    expect(formatMilli(12500)).toBe('12.5');
    expect(formatMilli(333)).toBe('0.333');
    expect(formatMilli(1050)).toBe('1.05');
    expect(formatMilli(-2000)).toBe('-2');
    expect(() => formatMilli(1.5)).toThrow();
  });
  it('rounds half up to the shown decimals', () => {
    expect(formatMilli(2667, 2)).toBe('2.67');
    expect(formatMilli(2665, 2)).toBe('2.67'); // exactly half: up
    expect(formatMilli(2664, 2)).toBe('2.66');
    expect(formatMilli(2450, 1)).toBe('2.5');
    expect(formatMilli(2449, 1)).toBe('2.4');
    expect(formatMilli(999, 2)).toBe('1');
    expect(formatMilli(500, 0)).toBe('1');
    expect(formatMilli(-2665, 2)).toBe('-2.67'); // half away from zero, symmetric
    expect(() => formatMilli(1000, 4)).toThrow(/decimals/);
  });
  it('divides half up in integers', () => {
    expect(divideHalfUp(8000, 3)).toBe(2667);
    expect(divideHalfUp(5, 2)).toBe(3);
    expect(divideHalfUp(7, 2)).toBe(4);
    expect(divideHalfUp(-5, 2)).toBe(-3);
    expect(divideHalfUp(4, 3)).toBe(1);
    expect(() => divideHalfUp(1, 0)).toThrow();
  });
  it('shares partial credit rounding half up to a milli-point', () => {
    expect(shareMilli(3000, 1, 3)).toBe(1000);
    expect(shareMilli(8000, 1, 3)).toBe(2667); // 2.666… is shown as 2.667, not cut to 2.666
    expect(shareMilli(2000, 1, 3)).toBe(667);
    expect(shareMilli(1000, 1, 8)).toBe(125);
    expect(shareMilli(1, 1, 2)).toBe(1); // half a milli-point: up
    expect(shareMilli(2000, 3, 3)).toBe(2000);
    expect(shareMilli(2000, 0, 0)).toBe(0);
  });
  it('shows parts that add up to the shown total', () => {
    // Three thirds of 8 points at two decimals: 2.67 + 2.67 + 2.67 = 8.01 ≠ 8; the smallest remainder gives way.
    const parts = [2667, 2667, 2666];
    const shown = shownParts(parts, 2);
    expect(shown.reduce((s, p) => s + p, 0)).toBe(8000);
    expect(shown).toEqual([2670, 2670, 2660]);
    // At three decimals the parts are exact and unchanged.
    expect(shownParts(parts)).toEqual(parts);
    // Short instead of over: 0.335 + 0.335 + 0.330 = 1.000; at two decimals 0.34 + 0.34 + 0.33 = 1.01 → one gives.
    expect(shownParts([335, 335, 330], 2).reduce((s, p) => s + p, 0)).toBe(1000);
    // Sum short: 1.004 ×2 + 0.002 = 2.010 → 1.00 + 1.00 + 0.00 = 2.00, total 2.01 → the largest remainder takes it.
    expect(shownParts([1004, 1004, 2], 2)).toEqual([1010, 1000, 0]);
  });
});
