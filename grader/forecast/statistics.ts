/**
 * The model-file statistics rule of exercise 05. A forecast is scored with the model's own stored standardisation
 * statistics (the model was trained with them). Only statistics computed from data the student may not have, the test
 * year, are a leak; any other deviation from the training windows' statistics (a standard deviation divided by N − 1,
 * a day-of-year feature shifted by one, statistics of the training and validation windows together …) is reported
 * with its size and costs nothing here: whatever it does to the forecast, the forecast's own score shows.
 *
 * Distances are measured as in standardizerOrigin: the largest of the 14 differences, each in units of the
 * candidate's standard deviation (|Δmean_j| / std_j, |Δstd_j| / std_j, and the same for the target).
 */
import type { ModelStandardizer } from './model-file';

/** The same statistics up to rounding: nothing to say. */
export const SAME_STATISTICS = 1e-6;
/**
 * A leak: within 1 % of a standard deviation of statistics that include the test year. Statistics over every year sit
 * 0.18 std from the training ones and 0.055 from the training and validation ones (measured on the Seattle data), so
 * an honest variant (N − 1: 0.0006, a shifted day of year: 0.0016) is never mistaken for a leak, and a leaked variant
 * (every year with N − 1: 0.0005 from the plain leak) is still caught.
 */
export const LEAK_TOLERANCE = 0.01;

export interface StatisticsGap {
  /** The largest difference, in standard deviations. */
  distance: number;
  /** Which of the 14 numbers it is: `mean`, `std` (with the feature's index), `yMean` or `yStd`. */
  worst: { stat: 'mean' | 'std' | 'yMean' | 'yStd'; feature?: number };
}

/** How far statistics `s` are from `c`, and at which number. */
export function statisticsGap(s: ModelStandardizer, c: ModelStandardizer): StatisticsGap {
  const gaps: [number, StatisticsGap['worst']][] = [
    ...c.mean.map((m, j): [number, StatisticsGap['worst']] => [
      Math.abs(s.mean[j] - m) / c.std[j],
      { stat: 'mean', feature: j },
    ]),
    ...c.std.map((sd, j): [number, StatisticsGap['worst']] => [
      Math.abs(s.std[j] - sd) / sd,
      { stat: 'std', feature: j },
    ]),
    [Math.abs(s.yMean - c.yMean) / c.yStd, { stat: 'yMean' }],
    [Math.abs(s.yStd - c.yStd) / c.yStd, { stat: 'yStd' }],
  ];
  let best: [number, StatisticsGap['worst']] = [0, { stat: 'yMean' }];
  for (const g of gaps) if (Number.isNaN(g[0]) || g[0] > best[0]) best = Number.isNaN(g[0]) ? [Infinity, g[1]] : g;
  return { distance: best[0], worst: best[1] };
}

export type StatisticsVerdict =
  | { kind: 'training' }
  /** Honest but not exactly the training windows' statistics: shown with its size, not charged here. */
  | { kind: 'deviation'; gap: StatisticsGap }
  /** Computed with data that include the test year (`source`: the name of the leaked candidate). */
  | { kind: 'leak'; source: string; gap: StatisticsGap };

/**
 * Judges a model's statistics against the training windows' and against statistics the student may not have
 * (`leaked`: e.g. every year, 2015 alone). Closer to a leaked candidate than to the training statistics and within
 * LEAK_TOLERANCE of it is a leak; anything else is the training statistics or an honest deviation.
 */
export function judgeStatistics(
  s: ModelStandardizer,
  training: ModelStandardizer,
  leaked: Record<string, ModelStandardizer>,
): StatisticsVerdict {
  const own = statisticsGap(s, training);
  if (own.distance <= SAME_STATISTICS) return { kind: 'training' };
  for (const [source, c] of Object.entries(leaked)) {
    const gap = statisticsGap(s, c);
    if (gap.distance <= LEAK_TOLERANCE && gap.distance < own.distance) return { kind: 'leak', source, gap };
  }
  return { kind: 'deviation', gap: own };
}
