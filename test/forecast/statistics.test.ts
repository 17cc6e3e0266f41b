/**
 * The model-file statistics rule on the real Seattle data: only statistics computed with the test year are a leak;
 * the training windows' own statistics say nothing; every honest variant is a deviation with its size and the number
 * that differs most. Candidate statistics are computed here with the reference, never read from the grader.
 */
import { describe, expect, it } from 'vitest';
import { loadSeattle } from '../../datasets/weather';
import * as ref from '../../solutions/05-weather-forecaster/forecaster';
import { judgeStatistics, LEAK_TOLERANCE, statisticsGap } from '../../grader/forecast/statistics';

const days = loadSeattle();
const first = days[0].date;
const train = ref.makeWindows(days, first, ref.SPLIT.trainTo);
const training = ref.fitStandardizer(train);
const allYears = ref.fitStandardizer(ref.makeWindows(days, first, ref.SPLIT.testTo));
const testYear = ref.fitStandardizer(ref.makeWindows(days, ref.SPLIT.testFrom, ref.SPLIT.testTo));
const leaked = { allYears, testYear };

/** The population statistics turned into sample ones (divided by n − 1) for windows of n rows and m targets. */
function sample(s: ref.Standardizer, n: number, m: number): ref.Standardizer {
  return { ...s, std: s.std.map((v) => v * Math.sqrt(n / (n - 1))), yStd: s.yStd * Math.sqrt(m / (m - 1)) };
}

describe('judgeStatistics', () => {
  it("says nothing about the training windows' own statistics", () => {
    expect(judgeStatistics(training, training, leaked)).toEqual({ kind: 'training' });
  });

  it('finds a leak in statistics over every year, over 2015 alone, and over every year divided by n − 1', () => {
    const all = ref.makeWindows(days, first, ref.SPLIT.testTo);
    for (const [name, s] of [
      ['allYears', allYears],
      ['testYear', testYear],
      ['allYears', sample(allYears, all.xs.length * all.y.rows, all.y.rows)],
    ] as const) {
      const verdict = judgeStatistics(s, training, leaked);
      expect(verdict.kind, name).toBe('leak');
      if (verdict.kind === 'leak') expect(verdict.source).toBe(name);
    }
  });

  it('calls honest variants deviations, with their size and the number that differs most', () => {
    const shifted = days.map((d) => ({ ...d, date: ref.nextDay(d.date) }));
    const variants: [string, ref.Standardizer][] = [
      ['n − 1', sample(training, train.xs.length * train.y.rows, train.y.rows)],
      ['day of year + 1', ref.fitStandardizer(ref.makeWindows(shifted, shifted[0].date, ref.SPLIT.trainTo))],
      ['training and validation', ref.fitStandardizer(ref.makeWindows(days, first, ref.SPLIT.valTo))],
    ];
    for (const [name, s] of variants) {
      const verdict = judgeStatistics(s, training, leaked);
      expect(verdict.kind, name).toBe('deviation');
      if (verdict.kind === 'deviation') {
        expect(verdict.gap.distance).toBeCloseTo(statisticsGap(s, training).distance, 12);
        expect(verdict.gap.distance).toBeGreaterThan(1e-6);
      }
    }
    // n − 1 changes every std by the same factor √(n/(n−1)); the target's, over the fewest values, changes most.
    const verdict = judgeStatistics(variants[0][1], training, leaked);
    if (verdict.kind !== 'deviation') throw new Error('expected a deviation');
    expect(verdict.gap.worst).toEqual({ stat: 'yStd' });
    expect(verdict.gap.distance).toBeCloseTo(Math.sqrt(train.y.rows / (train.y.rows - 1)) - 1, 12);
  });

  it('keeps the leak tolerance far below the distance between every-year and training statistics', () => {
    expect(statisticsGap(allYears, training).distance).toBeGreaterThan(10 * LEAK_TOLERANCE);
  });
});
