/**
 * Bench section `long-memory`: exercise 06's experiment with the reference cells. The adding problem at several
 * lengths T, each cell trained with the same budget on three seeds; prints the table of success rates against T and
 * each cell's CPU time (process.cpuUsage, so other processes on the machine do not count).
 */
import type { TableRow } from '../../solutions/06-long-memory/long-memory';
import type { Figure } from './timing';

export async function longMemoryFigures(): Promise<Figure[]> {
  const L = await import('../../solutions/06-long-memory/long-memory');
  const options = L.DEFAULT_EXPERIMENT;
  const figures: Figure[] = [];
  const rows: TableRow[] = [];
  for (const cell of options.cells) {
    const before = process.cpuUsage();
    const result = L.runExperiment({ ...options, cells: [cell] });
    const used = process.cpuUsage(before);
    const seconds = (used.user + used.system) / 1e6;
    rows.push(...result.table);
    figures.push({
      name: `${cell}: CPU time, ${options.lengths.length} lengths × ${options.seeds.length} seeds`,
      value: seconds,
      unit: 's',
      digits: 1,
      goal: '≤ 60',
      met: seconds <= 60,
    });
    for (const row of result.table) {
      figures.push({
        name: `${cell} T=${row.T}: success rate (mean of seeds; ${row.solved}/${row.seeds} solved)`,
        value: row.meanSuccess,
        unit: '',
        digits: 3,
      });
    }
  }
  const all = (cell: string, T: number, solved: boolean): boolean =>
    rows.some((r) => r.cell === cell && r.T === T && r.solved === (solved ? r.seeds : 0));
  const separated = options.lengths.filter((T) => all('rnn', T, false) && all('lstm', T, true) && all('gru', T, true));
  figures.push({
    name: `lengths where the RNN fails and LSTM and GRU solve, every seed (${separated.join(', ') || 'none'})`,
    value: separated.length,
    unit: '',
    digits: 0,
    goal: '≥ 1',
    met: separated.length >= 1,
  });
  printTable(rows, options.lengths, options.cells);
  return figures;
}

/** The separation table: one line per cell, one column per T, "mean success (solved seeds)". */
function printTable(
  rows: { cell: string; T: number; meanSuccess: number; solved: number; seeds: number }[],
  lengths: number[],
  cells: readonly string[],
): void {
  const cellText = (cell: string, T: number): string => {
    const r = rows.find((x) => x.cell === cell && x.T === T);
    return r ? `${r.meanSuccess.toFixed(2)} (${r.solved}/${r.seeds})` : '';
  };
  console.log(`adding problem: share of test sequences with |error| < 0.04 (seeds that solved it, ≥ 0.25)`);
  console.log(['cell'.padEnd(6), ...lengths.map((T) => `T=${T}`.padStart(12))].join(''));
  for (const cell of cells)
    console.log([cell.padEnd(6), ...lengths.map((T) => cellText(cell, T).padStart(12))].join(''));
  console.log('');
}
