/**
 * The example class's model.json files for exercise 05, trained by the reference:
 *
 *     npx tsx scripts/train-examples.ts --good <path> --undertrained <path> --leaky <path>
 *
 *   --good          the reference's training, seed 1 (what train.ts writes)
 *   --undertrained  the same, stopped after 2 epochs
 *   --leaky         the cheat the grader must catch: the 2015 windows mixed into training, and the standardisation
 *                   statistics computed over every window of 2012-2015; the file itself claims the normal split
 * Any subset of the three may be given. Prints each model's 2015 test MAE against persistence's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSeattle } from '../datasets/weather';
import { Matrix } from '../exercises/lib/matrix';
import {
  DEFAULT_TRAIN_OPTIONS,
  SPLIT,
  fitStandardizer,
  mae,
  makeWindows,
  persistence,
  predict,
  standardize,
  toModelJson,
  train,
  type Standardizer,
  type TrainOptions,
  type Windows,
} from '../solutions/05-weather-forecaster/forecaster';
import { PACKAGE_ROOT } from '../grader/shared/kit';

const KINDS = ['good', 'undertrained', 'leaky'] as const;
type Kind = (typeof KINDS)[number];

function parseArgs(argv: string[]): Partial<Record<Kind, string>> {
  const out: Partial<Record<Kind, string>> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const kind = argv[i].replace(/^--/, '') as Kind;
    if (!KINDS.includes(kind) || argv[i + 1] === undefined) {
      console.error(`train-examples: expected --good, --undertrained or --leaky followed by a path, got "${argv[i]}"`);
      process.exit(2);
    }
    out[kind] = path.resolve(argv[i + 1]);
  }
  if (Object.keys(out).length === 0) {
    console.error('usage: tsx scripts/train-examples.ts [--good <path>] [--undertrained <path>] [--leaky <path>]');
    process.exit(2);
  }
  return out;
}

function concatWindows(a: Windows, b: Windows): Windows {
  return {
    xs: a.xs.map((x, k) => Matrix.concatRows([x, b.xs[k]])),
    y: Matrix.concatRows([a.y, b.y]),
    dates: [...a.dates, ...b.dates],
  };
}

function main(): void {
  const targets = parseArgs(process.argv.slice(2));
  const kitVersion = (
    JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'course.json'), 'utf8')) as { kitVersion: string }
  ).kitVersion;
  const days = loadSeattle();
  const trainW = makeWindows(days, days[0].date, SPLIT.trainTo);
  const valW = makeWindows(days, SPLIT.valFrom, SPLIT.valTo);
  const testW = makeWindows(days, SPLIT.testFrom, SPLIT.testTo);
  const persistenceMae = mae(persistence(testW), testW.y);
  console.log(`2015 test, persistence: ${persistenceMae.toFixed(3)} °C`);

  const make = (kind: Kind, file: string, trainOn: Windows, s: Standardizer, options: TrainOptions): void => {
    const result = train({ train: standardize(trainOn, s), val: standardize(valW, s) }, options);
    const testMae = mae(predict(result.params, s, testW), testW.y);
    writeFileSync(file, JSON.stringify(toModelJson(result.params, s, result, options, kitVersion)) + '\n');
    const gain = (100 * (1 - testMae / persistenceMae)).toFixed(1);
    console.log(
      `${kind.padEnd(12)} test MAE ${testMae.toFixed(3)} °C (${gain}% better than persistence), best epoch ${result.bestEpoch} of ${result.history.val.length}: ${file}`,
    );
  };
  const honest = fitStandardizer(trainW);
  if (targets.good) make('good', targets.good, trainW, honest, { ...DEFAULT_TRAIN_OPTIONS, seed: 1 });
  if (targets.undertrained)
    make('undertrained', targets.undertrained, trainW, honest, { ...DEFAULT_TRAIN_OPTIONS, seed: 1, epochs: 2 });
  if (targets.leaky) {
    const everything = makeWindows(days, days[0].date, SPLIT.testTo);
    make('leaky', targets.leaky, concatWindows(trainW, testW), fitStandardizer(everything), {
      ...DEFAULT_TRAIN_OPTIONS,
      seed: 1,
    });
  }
}

main();
