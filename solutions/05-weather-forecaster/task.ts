/**
 * The real task as the hidden suite sees it: the Seattle windows of the three periods, the training and all-years
 * statistics, and the baselines' 2015 forecasts, computed by the reference once per worker. It lives in a module of
 * its own because the suite itself is loaded once per student (see grade/run-suites.ts), and this need not be.
 */
import { Matrix } from '../lib/matrix';
import { seattleDays } from '../../grader/forecast/data';
import * as ref from './forecaster';
import { ridgeBaseline } from './ridge';

export interface Task {
  days: readonly ref.Day[];
  train: ref.Windows;
  val: ref.Windows;
  test: ref.Windows;
  training: ref.Standardizer;
  allYears: ref.Standardizer;
  /** Statistics of the 2015 windows alone: a second way the test year can leak into a model. */
  testYear: ref.Standardizer;
  baselines: { persistence: Matrix; climatology: Matrix; ridge: Matrix };
}

let task: Task | undefined;

export function theTask(): Task {
  if (task) return task;
  const days = [...seattleDays()];
  const first = days[0].date;
  const train = ref.makeWindows(days, first, ref.SPLIT.trainTo);
  const val = ref.makeWindows(days, ref.SPLIT.valFrom, ref.SPLIT.valTo);
  const test = ref.makeWindows(days, ref.SPLIT.testFrom, ref.SPLIT.testTo);
  const training = ref.fitStandardizer(train);
  const history = days.filter((d) => d.date <= ref.SPLIT.trainTo);
  task = {
    days,
    train,
    val,
    test,
    training,
    allYears: ref.fitStandardizer(ref.makeWindows(days, first, ref.SPLIT.testTo)),
    testYear: ref.fitStandardizer(test),
    baselines: {
      persistence: ref.persistence(test),
      climatology: ref.climatology(history, test.dates),
      ridge: ridgeBaseline(train, val, test, training).pred,
    },
  };
  return task;
}

let slice: { train: ref.Windows; val: ref.Windows } | undefined;

/**
 * The training check's data: the first 96 training and 48 validation windows, standardised with the training
 * statistics. The same for every student, so made once per worker (standardising every window takes a while); each
 * caller gets a copy of its own.
 */
export function trainingSlice(): { train: ref.Windows; val: ref.Windows } {
  if (!slice) {
    const { train, val, training } = theTask();
    const pick = (w: ref.Windows, n: number): ref.Windows =>
      ref.selectRows(
        ref.standardize(w, training),
        Array.from({ length: n }, (_, i) => i),
      );
    slice = { train: pick(train, 96), val: pick(val, 48) };
  }
  return { train: copyWindows(slice.train), val: copyWindows(slice.val) };
}

function copyWindows(w: ref.Windows): ref.Windows {
  const copy = (m: Matrix): Matrix => new Matrix(m.rows, m.cols, m.data.slice());
  return { xs: w.xs.map(copy), y: copy(w.y), dates: [...w.dates] };
}
