import { describe, expect, it } from 'vitest';
import { formatMilli, shareMilli, toMilli } from '../../grader/points';

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
  it('shares partial credit rounding down to a milli-point', () => {
    expect(shareMilli(3000, 1, 3)).toBe(1000);
    expect(shareMilli(2000, 1, 3)).toBe(666);
    expect(shareMilli(2000, 3, 3)).toBe(2000);
    expect(shareMilli(2000, 0, 0)).toBe(0);
  });
});
