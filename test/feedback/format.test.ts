import { describe, expect, it } from 'vitest';
import { formatIndex, formatNumber, formatPoints, formatShape, formatTime } from '../../grader/feedback/format';
import { formatPoints as exportedFromRender } from '../../grader/feedback/render';

describe('formatPoints', () => {
  it.each([
    [0, '0'],
    [1, '0.001'],
    [10, '0.01'],
    [999, '0.999'],
    [1000, '1'],
    [1001, '1.001'],
    [1010, '1.01'],
    [12500, '12.5'],
    [15000, '15'],
    [333, '0.333'],
    [8333, '8.333'],
    [23333, '23.333'],
    [100000, '100'],
    [-2500, '-2.5'],
    [-2333, '-2.333'],
    [-1, '-0.001'],
    [-1000, '-1'],
    [-0, '0'],
  ])('%d milli-points → "%s"', (milli, expected) => {
    expect(formatPoints(milli)).toBe(expected);
  });

  it('is exact where float division drifts', () => {
    // 0.1 + 0.2 style drift: 300 + 30 + 3 milli summed exactly is 333.
    expect(formatPoints(300 + 30 + 3)).toBe('0.333');
    expect(formatPoints(9007199254740991)).toBe('9007199254740.991');
  });

  it('refuses values that are not whole milli-points', () => {
    expect(() => formatPoints(12.5)).toThrow(/12\.5 is not an integer/);
    expect(() => formatPoints(NaN)).toThrow(RangeError);
  });

  it('is what render.ts exports for the grade book', () => {
    expect(exportedFromRender).toBe(formatPoints);
  });
});

describe('formatNumber', () => {
  it.each([
    [null, '—'],
    [0, '0'],
    [1, '1'],
    [0.5, '0.5'],
    [0.0123456, '0.0123'],
    [0.87654, '0.877'],
    [1.2345e-5, '1.23e-5'],
    [1.2e-5, '1.2e-5'],
    [1e-9, '1e-9'],
    [-3.14159, '-3.14'],
    [12345, '12300'],
    [99999, '1e5'],
    [123456, '1.23e5'],
    [NaN, 'NaN'],
    [Infinity, '∞'],
    [-Infinity, '-∞'],
  ])('%s → "%s"', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});

describe('shapes, indices and times', () => {
  it('formats pairs and their absence', () => {
    expect(formatShape([3, 12])).toBe('3×12');
    expect(formatShape(null)).toBe('—');
    expect(formatIndex([1, 5])).toBe('[1, 5]');
    expect(formatIndex(null)).toBe('—');
  });

  it('formats ISO times in UTC to the minute and leaves other text alone', () => {
    expect(formatTime('2025-05-21T13:15:42+03:00')).toBe('2025-05-21 10:15 UTC');
    expect(formatTime('yesterday')).toBe('yesterday');
    expect(formatTime(null)).toBeNull();
  });
});
