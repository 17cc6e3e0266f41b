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
import { formatMessage, lookup } from '../../grader/shared/messages';
import { DEFAULT_EXPERIMENT, runExperiment, type Run } from './long-memory';

type Lang = 'en' | 'ru';

/** The catalog's text `longMemoryRun.<key>` in `lang` (templates/strings.*.json, which the kit ships), `{name}` filled. */
function say(
  lang: Lang,
  key: 'start' | 'progress' | 'written' | 'usage',
  values: Record<string, string | number>,
): string {
  return formatMessage(lookup(lang, `longMemoryRun.${key}`), values);
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
  console.log(
    say(lang, 'start', {
      runs: o.cells.length * o.lengths.length * o.seeds.length,
      cells: o.cells.join(', '),
      lengths: o.lengths.join(', '),
      seeds: o.seeds.join(', '),
    }),
  );
  // One runExperiment call per training run, so the progress shows; together they are runExperiment(o)'s runs.
  const finished: Run[] = [];
  for (const cell of o.cells) {
    for (const T of o.lengths) {
      for (const seed of o.seeds) {
        const [run] = runExperiment({ ...o, cells: [cell], lengths: [T], seeds: [seed] }).runs;
        finished.push(run);
        console.log(
          say(lang, 'progress', { cell, T, seed, rate: run.successRate.toFixed(3), mse: run.mse.toFixed(4) }),
        );
      }
    }
  }
  writeFileSync(
    out,
    JSON.stringify({ format: 'gatelab-long-memory', formatVersion: 1, options: o, runs: finished }, null, 2) + '\n',
  );
  console.log(say(lang, 'written', { file: path.relative(process.cwd(), out) }));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
