/** Bench section `forecast`: the reference forecaster trained for five seeds, against persistence. */
import type { Figure } from './timing';

/**
 * Exercise 05: the reference forecaster trained for seeds 1…5 on the Seattle data, each timed in CPU time
 * (process.cpuUsage, so other processes on the machine do not count) and scored on the 2015 test. The baseline of
 * the ratios is persistence's MAE on the same windows, computed in this run.
 */
export async function forecastFigures(): Promise<Figure[]> {
  const { loadSeattle } = await import('../../datasets/weather');
  const F = await import('../../solutions/05-weather-forecaster/forecaster');
  const { ridgeBaseline } = await import('../../solutions/05-weather-forecaster/ridge');
  const days = loadSeattle();
  const trainW = F.makeWindows(days, days[0].date, F.SPLIT.trainTo);
  const valW = F.makeWindows(days, F.SPLIT.valFrom, F.SPLIT.valTo);
  const testW = F.makeWindows(days, F.SPLIT.testFrom, F.SPLIT.testTo);
  const s = F.fitStandardizer(trainW);
  const persistence = F.mae(F.persistence(testW), testW.y);
  const climatology = F.mae(
    F.climatology(
      days.filter((d) => d.date <= F.SPLIT.trainTo),
      testW.dates,
    ),
    testW.y,
  );
  const ridge = F.mae(ridgeBaseline(trainW, valW, testW, s).pred, testW.y);
  const data = { train: F.standardize(trainW, s), val: F.standardize(valW, s) };
  const figures: Figure[] = [
    { name: 'persistence, 2015 test MAE', value: persistence, unit: '°C', digits: 3 },
    { name: 'climatology, 2015 test MAE', value: climatology, unit: '°C', digits: 3 },
    { name: 'ridge regression, 2015 test MAE', value: ridge, unit: '°C', digits: 3 },
  ];
  const maes: number[] = [];
  for (const seed of [1, 2, 3, 4, 5]) {
    const before = process.cpuUsage();
    const result = F.train(data, { ...F.DEFAULT_TRAIN_OPTIONS, seed });
    const used = process.cpuUsage(before);
    const seconds = (used.user + used.system) / 1e6;
    const testMae = F.mae(F.predict(result.params, s, testW), testW.y);
    maes.push(testMae);
    figures.push(
      {
        name: `seed ${seed}: training CPU time (${result.history.val.length} epochs)`,
        value: seconds,
        unit: 's',
        digits: 2,
        goal: '< 10',
        met: seconds < 10,
      },
      {
        name: `seed ${seed}: 2015 test MAE / persistence`,
        value: testMae / persistence,
        unit: '×',
        digits: 3,
        baseline: 'persistence',
        goal: '≤ 0.95',
        met: testMae / persistence <= 0.95,
      },
    );
    figures.push({ name: `seed ${seed}: 2015 test MAE`, value: testMae, unit: '°C', digits: 3 });
  }
  const mean = maes.reduce((a, b) => a + b, 0) / maes.length;
  figures.push(
    { name: 'LSTM, mean 2015 test MAE over seeds 1-5', value: mean, unit: '°C', digits: 3 },
    {
      name: 'LSTM mean MAE / persistence',
      value: mean / persistence,
      unit: '×',
      digits: 3,
      baseline: 'persistence',
      goal: '≤ 0.92',
      met: mean / persistence <= 0.92,
    },
    {
      name: 'LSTM improvement over persistence (mean)',
      value: 100 * (1 - mean / persistence),
      unit: '%',
      digits: 1,
      goal: '≥ 8',
      met: 1 - mean / persistence >= 0.08,
    },
  );
  return figures;
}
