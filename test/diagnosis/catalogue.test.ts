/**
 * The diagnosis catalogue holds: every mistake of every test/diagnosis/NN-*.ts file, graded as a copy of the perfect
 * example with its edit, loses points where it must and nowhere else, is explained in both languages, and is
 * explained truthfully (types.ts defines each word). The whole catalogue is graded in one grade-all run, a few
 * minutes on a busy machine; `npm run bench -- diagnosis` prints the same figures per exercise.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { meetsGoal, type MistakeVerdict } from './judge';
import { catalogueProblems, loadCatalogue, runCatalogue, shortfalls, type CatalogueRun } from './run';

const EXERCISES = ['01-vanishing-gradient', '02-forget-gate', '03-lstm-cell', '04-gru-cell', '05-weather-forecaster'];

// The suite is collected after the catalogue files load (one `it` per entry, from every NN-*.ts file there is).
describe('the diagnosis catalogue', async () => {
  const mistakes = await loadCatalogue();

  it('is well formed: unique ids, each edit found exactly once in the perfect submission, words in both languages', () => {
    expect(catalogueProblems(mistakes)).toEqual([]);
  });

  it('has at least ten mistakes for each exercise', () => {
    for (const exercise of EXERCISES) expect(mistakes.filter((m) => m.exercise === exercise).length, exercise).toBeGreaterThanOrEqual(10);
  });
});

describe('every catalogued mistake, graded', async () => {
  const mistakes = await loadCatalogue();
  let run: CatalogueRun;
  const verdict = (id: string): MistakeVerdict => {
    const v = run.verdicts.find((x) => x.id === id);
    if (!v) throw new Error(`no verdict for ${id}`);
    return v;
  };

  beforeAll(async () => {
    run = await runCatalogue(mistakes);
  }, 1_800_000);

  it('leaves the untouched perfect submission at full marks in the same run', () => {
    expect(run.control.final_milli).toBe(run.control.max_milli);
  });

  for (const m of mistakes) {
    it(`${m.id}: caught in ${m.losesIn.join(', ')}, nowhere else, explained in en and ru, not misleading`, () => {
      const v = verdict(m.id);
      // On failure the message carries what the student was told, so the entry or the diagnosis can be fixed.
      expect(meetsGoal(v), shortfalls([v]).join('\n')).toBe(true);
    });
  }
});
