/**
 * Trains the weather forecaster on the Seattle observations and writes model.json.
 *
 *     npm run train
 *     npx ts-node --transpile-only exercises/05-weather-forecaster/train.ts --seed 1 --out model.json
 *     npx tsx exercises/05-weather-forecaster/train.ts --epochs 50 --lang en
 *
 * Options: --epochs N (the most epochs to run; early stopping usually ends sooner), --seed S, --out FILE
 * (default: model.json next to this script), --lang ru|en (default ru). It uses your forecaster.ts and your LSTM
 * cell from exercise 03. Exit code 0 when model.json is written, 2 for a bad option or a damaged data file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEATTLE_FILE, loadSeattle, verifyChecksum, type WeatherDay } from '../../datasets/weather';
import { formatMessage, lookup } from '../../grader/shared/messages';
import {
  DEFAULT_TRAIN_OPTIONS,
  SPLIT,
  climatology,
  fitStandardizer,
  mae,
  makeWindows,
  persistence,
  predict,
  standardize,
  toModelJson,
  train,
  type EpochReport,
  type TrainOptions,
} from './forecaster';

type Lang = 'ru' | 'en';

/** The catalog's text `train.<key>` in `lang` (templates/strings.*.json, which the kit ships), `{name}` filled. */
function say(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  return formatMessage(lookup(lang, `train.${key}`), values);
}

interface Args {
  epochs: number;
  seed: number;
  out: string;
  lang: Lang;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    epochs: DEFAULT_TRAIN_OPTIONS.epochs,
    seed: DEFAULT_TRAIN_OPTIONS.seed,
    out: path.join(__dirname, 'model.json'),
    lang: 'ru',
  };
  const langAt = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const langValue = langAt < 0 ? 'ru' : argv[langAt].includes('=') ? argv[langAt].split('=')[1] : argv[langAt + 1];
  if (langValue !== 'ru' && langValue !== 'en') usage(say('ru', 'badLang', { value: String(langValue) }), 'ru');
  args.lang = langValue as Lang;
  for (let i = 0; i < argv.length; i++) {
    const [option, inline] = argv[i].split(/=(.*)/s);
    const value = inline ?? argv[++i];
    if (option === '--lang') continue;
    if (option === '--out') {
      if (value === undefined || value === '') usage(say(args.lang, 'badValue', { option, value: '' }), args.lang);
      args.out = path.resolve(value);
    } else if (option === '--epochs' || option === '--seed') {
      if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1)
        usage(say(args.lang, 'badValue', { option, value: String(value) }), args.lang);
      args[option === '--epochs' ? 'epochs' : 'seed'] = Number(value);
    } else usage(say(args.lang, 'badOption', { option: argv[inline === undefined ? i - 1 : i] }), args.lang);
  }
  return args;
}

function usage(message: string, lang: Lang): never {
  console.error(`train.ts: ${message}\n${say(lang, 'usage')}`);
  process.exit(2);
}

/** The kit's version from course.json (two folders up, as in the kit), or "unknown". */
function kitVersion(): string {
  const course = path.join(__dirname, '..', '..', 'course.json');
  try {
    return existsSync(course)
      ? String((JSON.parse(readFileSync(course, 'utf8')) as { kitVersion?: string }).kitVersion ?? 'unknown')
      : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** One line per epoch, redrawn in place on a terminal; a line every 10 epochs (and the last) otherwise. */
function progress(lang: Lang): (r: EpochReport) => void {
  const t = (key: string) => say(lang, key);
  const tty = process.stdout.isTTY === true;
  return (r) => {
    const width = 20;
    const filled = Math.round((width * r.epoch) / r.epochs);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const line =
      `${t('epoch')} ${String(r.epoch).padStart(String(r.epochs).length)}/${r.epochs} ${bar} ` +
      `${t('train')} ${r.trainLoss.toFixed(4)}  ${t('val')} ${r.valLoss.toFixed(4)}  ${t('best')} ${r.bestValLoss.toFixed(4)} (${r.bestEpoch})`;
    if (tty)
      process.stdout.write(`\r${line}\x1b[K`); // \x1b[K clears what a longer line left
    else if (r.epoch % 10 === 0 || r.last || r.epoch === 1) console.log(line);
  };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const t = (key: string, values: Record<string, string | number> = {}) => say(args.lang, key, values);
  let days: WeatherDay[];
  try {
    verifyChecksum(SEATTLE_FILE); // the original file or the kit's copy, nothing else
    days = loadSeattle();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const trainW = makeWindows(days, days[0].date, SPLIT.trainTo);
  const valW = makeWindows(days, SPLIT.valFrom, SPLIT.valTo);
  const testW = makeWindows(days, SPLIT.testFrom, SPLIT.testTo); // empty in the student kit
  const s = fitStandardizer(trainW);
  const test = testW.y.rows > 0 ? t('testWindows', { n: testW.y.rows }) : t('testHeldOut');
  console.log(t('data', { train: trainW.y.rows, trainTo: SPLIT.trainTo, val: valW.y.rows, test }));

  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, epochs: args.epochs, seed: args.seed };
  console.log(t('start', { ...options }));
  const started = process.cpuUsage();
  const result = train({ train: standardize(trainW, s), val: standardize(valW, s) }, options, progress(args.lang));
  const used = process.cpuUsage(started);
  if (process.stdout.isTTY === true) process.stdout.write('\n');
  console.log(
    t('stopped', {
      best: result.bestEpoch,
      run: result.history.val.length,
      seconds: ((used.user + used.system) / 1e6).toFixed(1),
    }),
  );

  const history = days.filter((d) => d.date <= SPLIT.trainTo);
  const rows: [string, number, number | undefined][] = [];
  const both = (f: (w: typeof valW) => number): [number, number | undefined] => [
    f(valW),
    testW.y.rows > 0 ? f(testW) : undefined,
  ];
  rows.push([t('model'), ...both((w) => mae(predict(result.params, s, w), w.y))]);
  rows.push([t('persistence'), ...both((w) => mae(persistence(w), w.y))]);
  rows.push([t('climatology'), ...both((w) => mae(climatology(history, w.dates), w.y))]);
  const cell = (v: number | undefined, width: number) => (v === undefined ? '' : v.toFixed(3).padStart(width));
  console.log(`\n${t('table')}`);
  console.log(`  ${''.padEnd(40)}${t('validation').padStart(22)}${testW.y.rows > 0 ? t('test').padStart(12) : ''}`);
  for (const [name, val, test] of rows) console.log(`  ${name.padEnd(40)}${cell(val, 22)}${cell(test, 12)}`);
  if (rows[0][1] >= rows[1][1]) console.log(`\n${t('worse')}`);

  // A fresh clone has no out/ (npm run train writes out/model.json): make the folder first.
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify(toModelJson(result.params, s, result, options, kitVersion())) + '\n');
  const shown = path.relative(process.cwd(), args.out);
  console.log(`\n${t('written', { file: shown.startsWith('..') || path.isAbsolute(shown) ? args.out : shown })}`);
}

main();
