/**
 * The experiment half of exercise 06's hidden suite: the student's experiment.json read as untrusted data (shape,
 * budget, consistency, the separation), the reference's own table for the cells whose 03/04 fails, and the plot and
 * table for the report.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plot, CheckTools } from '../../grader/harness';
import type { ReportTable } from '../../grader/shared/results';
import {
  CELLS,
  DEFAULT_EXPERIMENT,
  runExperiment,
  SOLVED,
  type CellName,
  type ExperimentOptions,
  type ExperimentResult,
  type Run,
} from './long-memory';
import { same, text } from '../../grader/shared/messages';

export const EXPERIMENT_FORMAT = 'gatelab-long-memory';

/** The runs of an experiment.json, if it is one made with DEFAULT_EXPERIMENT; otherwise why not. */
export function readExperiment(t: CheckTools): { runs: Run[] } | { problem: 'missing' | 'budget' } {
  const artifact = t.artifact('experiment.json');
  if (!artifact || !('path' in artifact)) return { problem: 'missing' };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(artifact.path, 'utf8'));
  } catch {
    return { problem: 'missing' };
  }
  const d = data as { format?: unknown; options?: Record<string, unknown>; runs?: unknown };
  if (typeof d !== 'object' || d === null || d.format !== EXPERIMENT_FORMAT || !Array.isArray(d.runs))
    return { problem: 'missing' };
  const o = d.options ?? {};
  const sameBudget = (Object.keys(DEFAULT_EXPERIMENT) as (keyof typeof DEFAULT_EXPERIMENT)[]).every(
    (key) => JSON.stringify(o[key]) === JSON.stringify(DEFAULT_EXPERIMENT[key]),
  );
  if (!sameBudget) return { problem: 'budget' };
  const runs: Run[] = [];
  for (const cell of CELLS) {
    for (const T of DEFAULT_EXPERIMENT.lengths) {
      for (const seed of DEFAULT_EXPERIMENT.seeds) {
        const r = (d.runs as unknown[]).find((x) => {
          const y = x as Partial<Run> | null;
          return typeof y === 'object' && y !== null && y.cell === cell && y.T === T && y.seed === seed;
        }) as Partial<Run> | undefined;
        const rate = r?.successRate;
        const mse = r?.mse;
        if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1) || typeof mse !== 'number' || !Number.isFinite(mse))
          return { problem: 'missing' };
        runs.push({ cell, T, seed, mse, successRate: rate, solved: rate >= SOLVED });
      }
    }
  }
  return { runs };
}

/**
 * The reference's run of a tiny experiment, kept for the worker's later students (by its options, which differ only
 * in the cells run): about 0.1 s of the grader's time, the same for every student with the same cells. Each caller
 * gets a copy of its own. It lives here, not in the suite, which is loaded afresh for each student.
 */
const tinyRuns = new Map<string, ExperimentResult>();
export function tinyReference(options: ExperimentOptions): ExperimentResult {
  const key = JSON.stringify(options);
  let run = tinyRuns.get(key);
  if (run === undefined) tinyRuns.set(key, (run = runExperiment(options)));
  return structuredClone(run);
}

/** The reference's runs at DEFAULT_EXPERIMENT, as the bench measured them (solutions/06-long-memory/experiment.json). */
export function referenceRuns(): Run[] {
  const file = path.join(__dirname, 'experiment.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { runs: Run[] }).runs;
}

/** The lengths at which the RNN fails on every seed while the LSTM and the GRU solve it on every seed. */
export function separatedAt(runs: Run[]): number[] {
  const all = (cell: CellName, T: number, solved: boolean): boolean =>
    runs.filter((r) => r.cell === cell && r.T === T).every((r) => r.solved === solved);
  return DEFAULT_EXPERIMENT.lengths.filter((T) => all('rnn', T, false) && all('lstm', T, true) && all('gru', T, true));
}

function meanRate(runs: Run[], cell: CellName, T: number): number {
  const here = runs.filter((r) => r.cell === cell && r.T === T);
  return here.reduce((s, r) => s + r.successRate, 0) / here.length;
}

/** The plot: mean success rate against T, the student's curves dashed over the reference's. */
export function experimentPlot(student: Run[] | null, reference: Run[]): Plot {
  const family = 'success';
  const curve = (runs: Run[], cell: CellName, source: 'student' | 'reference') => ({
    label: cell.toUpperCase(),
    family,
    source,
    points: DEFAULT_EXPERIMENT.lengths.map((T): [number, number] => [T, meanRate(runs, cell, T)]),
  });
  return {
    id: 'long-memory',
    title: text('hidden.06.plot.title'),
    xTitle: text('hidden.06.plot.x'),
    yTitle: text('hidden.06.plot.y'),
    families: [{ id: family, title: text('hidden.06.plot.family') }],
    series: [
      ...CELLS.map((c) => curve(reference, c, 'reference')),
      ...(student ? CELLS.map((c) => curve(student, c, 'student')) : []),
    ],
  };
}

/** The separation table for the report: one row per cell, "mean rate (solved seeds)" per T. */
export function experimentTable(runs: Run[]): ReportTable {
  return {
    title: text('hidden.06.table.title'),
    columns: DEFAULT_EXPERIMENT.lengths.map((T) => same(`T = ${T}`)),
    rows: CELLS.map((cell) => ({
      label: { en: cell.toUpperCase(), ru: cell.toUpperCase() },
      cells: DEFAULT_EXPERIMENT.lengths.map((T) => {
        const here = runs.filter((r) => r.cell === cell && r.T === T);
        return `${meanRate(runs, cell, T).toFixed(2)} (${here.filter((r) => r.solved).length}/${here.length})`;
      }),
    })),
  };
}
