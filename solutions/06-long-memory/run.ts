/**
 * Runs exercise 06's experiment with the full budget (DEFAULT_EXPERIMENT) and writes experiment.json, the table your
 * report plots and the hidden checks read. It uses your rnn.ts and long-memory.ts, your LSTM (03) and GRU (04).
 *
 *     npx tsx exercises/06-long-memory/run.ts                 (a few minutes: 36 training runs)
 *     npx tsx exercises/06-long-memory/run.ts --out experiment.json --lang en
 *
 * Exit code 0 when the file is written, 2 for a bad option.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EXPERIMENT, runExperiment, type Run } from './long-memory';

type Lang = 'en' | 'ru';

// The student kit holds only grader/, exercises/ and datasets/ (grader/release/trace.ts), so this given script
// carries its few sentences itself, as 05's train.ts does, instead of reading templates/strings.*.json.
const TEXT: Record<Lang, Record<'start' | 'progress' | 'written' | 'usage', string>> = {
  en: {
    start: 'adding problem: {runs} training runs ({cells}; T = {lengths}; seeds {seeds}); this takes a few minutes',
    progress: '{cell} T={T} seed {seed}: success rate {rate}, test MSE {mse}',
    written: 'written: {file}',
    usage: 'usage: run.ts [--out FILE] [--lang ru|en]',
  },
  ru: {
    start: 'задача сложения: {runs} обучений ({cells}; T = {lengths}; зёрна {seeds}); это займёт несколько минут',
    progress: '{cell} T={T} seed {seed}: доля успехов {rate}, MSE на тесте {mse}',
    written: 'записан: {file}',
    usage: 'использование: run.ts [--out ФАЙЛ] [--lang ru|en]',
  },
};

function say(lang: Lang, key: keyof (typeof TEXT)['en'], values: Record<string, string | number>): string {
  return TEXT[lang][key].replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}

function main(argv: string[]): number {
  let out = path.join(__dirname, 'experiment.json');
  let lang: Lang = 'ru';
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (argv[i] === '--out' && value) out = path.resolve(value);
    else if (argv[i] === '--lang' && (value === 'en' || value === 'ru')) lang = value;
    else {
      console.error(say(lang, 'usage', {}));
      return 2;
    }
  }
  const o = DEFAULT_EXPERIMENT;
  console.log(say(lang, 'start', { runs: o.cells.length * o.lengths.length * o.seeds.length, cells: o.cells.join(', '), lengths: o.lengths.join(', '), seeds: o.seeds.join(', ') }));
  // One runExperiment call per training run, so the progress shows; together they are runExperiment(o)'s runs.
  const finished: Run[] = [];
  for (const cell of o.cells) {
    for (const T of o.lengths) {
      for (const seed of o.seeds) {
        const [run] = runExperiment({ ...o, cells: [cell], lengths: [T], seeds: [seed] }).runs;
        finished.push(run);
        console.log(say(lang, 'progress', { cell, T, seed, rate: run.successRate.toFixed(3), mse: run.mse.toFixed(4) }));
      }
    }
  }
  writeFileSync(out, JSON.stringify({ format: 'gatelab-long-memory', formatVersion: 1, options: o, runs: finished }, null, 2) + '\n');
  console.log(say(lang, 'written', { file: path.relative(process.cwd(), out) }));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
