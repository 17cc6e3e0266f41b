/**
 * Bench section `diagnosis`: the diagnosis catalogue (test/diagnosis/) graded in one grade-all run. Per exercise:
 * how many mistakes, the share caught (losing points where they must and nowhere else), the share explained in both
 * languages, and how many are misleading; the integrity notes of the run (there must be none); then the mistakes that
 * miss the goal, with what the student was told.
 */
import { type Figure } from './timing';

export async function diagnosisFigures(): Promise<Figure[]> {
  const { integrityNotes, loadCatalogue, runCatalogue, shortfalls, tally } = await import('../../test/diagnosis/run');
  const mistakes = await loadCatalogue();
  const run = await runCatalogue(mistakes);
  const figures: Figure[] = [];
  const percent = (n: number, of: number) => (of === 0 ? 0 : (100 * n) / of);
  const rows = tally(run.verdicts);
  const total = { exercise: 'all', mistakes: 0, caught: 0, nowhereElse: 0, explained: 0, misleading: 0, atGoal: 0 };
  for (const r of rows)
    for (const key of ['mistakes', 'caught', 'nowhereElse', 'explained', 'misleading'] as const) total[key] += r[key];
  for (const r of [...rows, total]) {
    figures.push(
      { name: `${r.exercise}: mistakes`, value: r.mistakes, unit: '', digits: 0 },
      {
        name: `${r.exercise}: caught (lose points where they must)`,
        value: percent(r.caught, r.mistakes),
        unit: '%',
        goal: '100 %',
        met: r.caught === r.mistakes,
      },
      {
        name: `${r.exercise}: charged nowhere else`,
        value: percent(r.nowhereElse, r.mistakes),
        unit: '%',
        goal: '100 %',
        met: r.nowhereElse === r.mistakes,
      },
      {
        name: `${r.exercise}: explained (en and ru)`,
        value: percent(r.explained, r.mistakes),
        unit: '%',
        goal: '≥ 95 %',
        met: r.explained >= 0.95 * r.mistakes,
      },
      {
        name: `${r.exercise}: misleading`,
        value: r.misleading,
        unit: '',
        digits: 0,
        goal: '0',
        met: r.misleading === 0,
      },
    );
  }
  figures.push(
    {
      name: 'the perfect submission in the same run (control)',
      value: percent(run.control.final_milli, run.control.max_milli),
      unit: '%',
      goal: '100 %',
      met: run.control.final_milli === run.control.max_milli,
    },
    {
      name: 'integrity notes (perfect, untouched kit, every mistake)',
      value: integrityNotes(run).length,
      unit: '',
      digits: 0,
      goal: '0',
      met: integrityNotes(run).length === 0,
    },
    { name: 'grade-all of the whole catalogue: wall time', value: run.seconds, unit: 's' },
  );
  const missing = shortfalls(run.verdicts);
  const notes = integrityNotes(run);
  if (notes.length > 0)
    console.log(`[diagnosis] ${notes.length} integrity notes (each a false accusation):\n${notes.join('\n')}\n`);
  if (missing.length > 0) console.log(`[diagnosis] ${missing.length} mistakes miss the goal:\n${missing.join('\n')}\n`);
  return figures;
}
