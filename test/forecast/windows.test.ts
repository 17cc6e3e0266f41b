// Windowing, standardisation and the baselines of exercise 05 against values derived by hand from tiny tables
// (every expected number below is written from the statement's definitions, not from the code under test), plus
// the three baseline figures of the issue on the real data, which three independent implementations measured.
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../solutions/lib/matrix';
import {
  SPLIT,
  climatology,
  dayOfYear,
  fitStandardizer,
  mae,
  makeWindows,
  persistence,
  standardize,
  unstandardize,
  type Day,
} from '../../solutions/05-weather-forecaster/forecaster';
import { fitRidge, ridgeBaseline } from '../../solutions/05-weather-forecaster/ridge';
import { loadSeattle } from '../../datasets/weather';

const close = (a: number, b: number, tol = 1e-12) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

// Five days across New Year: day-of-year 364, 365 (2013 is not a leap year), then 1, 2, 3.
const table: Day[] = [
  { date: '2013-12-30', temp_max: 5, temp_min: 1, precipitation: 0, wind: 2 },
  { date: '2013-12-31', temp_max: 7, temp_min: 2, precipitation: 3, wind: 4 },
  { date: '2014-01-01', temp_max: 6, temp_min: 0, precipitation: 1, wind: 1 },
  { date: '2014-01-02', temp_max: 9, temp_min: 4, precipitation: 0, wind: 5 },
  { date: '2014-01-03', temp_max: 8, temp_min: 3, precipitation: 6, wind: 3 },
];
const angle = (doy: number) => (2 * Math.PI * (doy - 1)) / 365.25;
const features = (d: Day, doy: number) => [
  d.temp_max,
  d.temp_min,
  d.precipitation,
  d.wind,
  Math.sin(angle(doy)),
  Math.cos(angle(doy)),
];
const doys = [364, 365, 1, 2, 3];

describe('windows', () => {
  it('day of year counts from 1 and knows leap years', () => {
    expect([
      dayOfYear('2014-01-01'),
      dayOfYear('2013-12-31'),
      dayOfYear('2012-12-31'),
      dayOfYear('2012-03-01'),
    ]).toEqual([1, 365, 366, 61]);
  });

  it('window 2: targets with two days before them, inside the date range; xs[k] row n = day t_n − 2 + k', () => {
    const w = makeWindows(table, '2014-01-01', '2014-01-02', 2);
    expect(w.dates).toEqual(['2014-01-01', '2014-01-02']);
    expect(w.xs).toHaveLength(2);
    expect(w.y.toArray()).toEqual([[6], [9]]);
    const expected = [
      [features(table[0], 364), features(table[1], 365)], // xs[0]: the older day of each window
      [features(table[1], 365), features(table[2], 1)], //   xs[1]: the day before each target
    ];
    for (let k = 0; k < 2; k++) {
      expect(w.xs[k].rows).toBe(2);
      expect(w.xs[k].cols).toBe(6);
      w.xs[k].toArray().forEach((row, n) => row.forEach((v, j) => close(v, expected[k][n][j])));
    }
    // 1 January: θ = 0, so sin 0 and cos 1 exactly.
    expect(w.xs[1].get(1, 4)).toBe(0);
    expect(w.xs[1].get(1, 5)).toBe(1);
  });

  it('the first days are never targets, a range with no target gives empty matrices, a gap is refused', () => {
    expect(makeWindows(table, '2000-01-01', '2099-12-31', 3).dates).toEqual(['2014-01-02', '2014-01-03']);
    const none = makeWindows(table, '2015-01-01', '2015-12-31', 2);
    expect(none.y.rows).toBe(0);
    expect(none.xs[0].cols).toBe(6);
    expect(() => makeWindows([table[0], table[2]], '2000-01-01', '2099-12-31', 1)).toThrow(/2013-12-31/);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(table);
    makeWindows(table, '2014-01-01', '2014-01-03', 2);
    expect(JSON.stringify(table)).toBe(before);
  });
});

describe('standardisation', () => {
  // Window 2 over all five days: targets on days 2, 3, 4; the N·T = 6 input rows are days 0,1 | 1,2 | 2,3, so
  // day 0 and day 3 count once, days 1 and 2 twice.
  const w = makeWindows(table, '2000-01-01', '2099-12-31', 2);
  const weights = [1, 2, 2, 1, 0];
  const raw = table.map((d, i) => features(d, doys[i]));

  it('statistics over every row of every step of the windows, population form; the target over y', () => {
    const s = fitStandardizer(w);
    for (let j = 0; j < 6; j++) {
      const mean = raw.reduce((sum, f, i) => sum + weights[i] * f[j], 0) / 6;
      const variance = raw.reduce((sum, f, i) => sum + weights[i] * (f[j] - mean) ** 2, 0) / 6;
      close(s.mean[j], mean);
      close(s.std[j], Math.sqrt(variance));
    }
    const ys = [6, 9, 8];
    const yMean = 23 / 3;
    close(s.yMean, yMean);
    close(s.yStd, Math.sqrt(ys.reduce((sum, y) => sum + (y - yMean) ** 2, 0) / 3));
  });

  it('standardize maps x to (x − mean)/std and y to (y − yMean)/yStd; unstandardize undoes the target', () => {
    const s = { mean: [1, 2, 3, 4, 5, 6], std: [2, 4, 1, 0.5, 1, 1], yMean: 7, yStd: 2 };
    const z = standardize(w, s);
    close(z.xs[1].get(2, 0), (table[3].temp_max - 1) / 2);
    close(z.xs[0].get(0, 3), (table[0].wind - 4) / 0.5);
    expect(z.y.toArray()).toEqual([[(6 - 7) / 2], [(9 - 7) / 2], [(8 - 7) / 2]]);
    expect(unstandardize(Matrix.from([[-0.5], [1]]), s).toArray()).toEqual([[6], [9]]);
    expect(z.dates).toEqual(w.dates);
  });

  it('a feature that never varies gets std 1 instead of 0', () => {
    const flat = table.map((d) => ({ ...d, wind: 3 }));
    expect(fitStandardizer(makeWindows(flat, '2000-01-01', '2099-12-31', 2)).std[3]).toBe(1);
  });
});

describe('baselines', () => {
  it('persistence is the last input day’s temp_max', () => {
    expect(persistence(makeWindows(table, '2000-01-01', '2099-12-31', 2)).toArray()).toEqual([[7], [6], [9]]);
  });

  it('climatology averages the history within ±halfWidth days of year, round the turn of the year', () => {
    const history: Day[] = [
      { date: '2013-01-01', temp_max: 10, temp_min: 0, precipitation: 0, wind: 1 }, // doy 1: 1 day from doy 2
      { date: '2013-01-05', temp_max: 20, temp_min: 0, precipitation: 0, wind: 1 }, // doy 5: 3 days
      { date: '2013-01-20', temp_max: 30, temp_min: 0, precipitation: 0, wind: 1 }, // doy 20: 18 days, out
      { date: '2012-12-28', temp_max: 40, temp_min: 0, precipitation: 0, wind: 1 }, // doy 363: 365.25 − 361 = 4.25 days
    ];
    close(climatology(history, ['2014-01-02'], 7).get(0, 0), (10 + 20 + 40) / 3);
    close(climatology(history, ['2014-01-20'], 7).get(0, 0), 30);
    expect(() => climatology(history, ['2014-07-01'], 7)).toThrow(/no day/);
  });

  it('mae is the mean absolute difference', () => {
    close(mae(Matrix.from([[1], [2], [3]]), Matrix.from([[2], [2], [5]])), 1);
    expect(() => mae(Matrix.from([[1]]), Matrix.from([[1], [2]]))).toThrow(/differ/);
  });

  it('ridge: the fitted w and b make the objective’s gradient vanish', () => {
    const X = Matrix.random(20, 4, 3);
    const y = Matrix.random(20, 1, 4);
    const lambda = 0.05;
    const { w, b } = fitRidge(X, y, lambda);
    const residual = X.matmul(w).map((v, r) => v + b - y.get(r, 0)); // N×1
    const dw = X.transpose()
      .matmul(residual)
      .scale(2 / 20)
      .add(w.scale(2 * lambda));
    expect(dw.norm()).toBeLessThan(1e-12);
    expect(Math.abs(residual.sum())).toBeLessThan(1e-12);
  });
});

describe('the task’s figures on the real data (issue 5: persistence 2.240, climatology 3.271, ridge 2.166 °C)', () => {
  const days = loadSeattle();
  const train = makeWindows(days, days[0].date, SPLIT.trainTo);
  const val = makeWindows(days, SPLIT.valFrom, SPLIT.valTo);
  const test = makeWindows(days, SPLIT.testFrom, SPLIT.testTo);

  it('has 905 training, 184 validation and 365 test windows', () => {
    expect([train.y.rows, val.y.rows, test.y.rows]).toEqual([905, 184, 365]);
    expect([train.dates[0], train.dates[904], test.dates[0], test.dates[364]]).toEqual([
      '2012-01-08',
      SPLIT.trainTo,
      '2015-01-01',
      '2015-12-31',
    ]);
  });

  it('reproduces the three baselines to the published precision', () => {
    expect(mae(persistence(test), test.y).toFixed(3)).toBe('2.240');
    expect(
      mae(
        climatology(
          days.filter((d) => d.date <= SPLIT.trainTo),
          test.dates,
        ),
        test.y,
      ).toFixed(3),
    ).toBe('3.271');
    const ridge = ridgeBaseline(train, val, test, fitStandardizer(train));
    expect(ridge.model.lambda).toBe(0.03);
    expect(mae(ridge.pred, test.y).toFixed(3)).toBe('2.166');
  });
});
