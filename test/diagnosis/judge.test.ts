/** The catalogue's judgement rules (judge.ts) on hand-made results: no grading, so every rule is checked quickly. */
import { describe, expect, it } from 'vitest';
import type { IntegrityNote, Results } from '../../grader/shared/results';
import { describeNotes, holdsOneList, judge, meetsGoal, wrongFunctions } from './judge';
import type { CatalogueMistake } from './types';

const SOURCE = [
  'export function step(x: number) {',
  '  return x * 2;',
  '}',
  'export function sequence(xs: number[]) {',
  '  return xs.map((x) => step(x));',
  '}',
  'export function init() {',
  '  return 1;',
  '}',
].join('\n');

const mistake = (over: Partial<CatalogueMistake> = {}): CatalogueMistake => ({
  id: 'step-doubles-wrong',
  exercise: '03-lstm-cell',
  file: '03-lstm-cell/lstm.ts',
  find: 'x * 2',
  replace: 'x * 3',
  losesIn: ['03-lstm-cell'],
  explains: { en: [['step', 'twice']], ru: [['step', 'дважды']] },
  ...over,
});

function results(
  exercises: [string, number][],
  checks: { exercise: string; id: string; lost: boolean; en?: string; ru?: string }[],
  integrity: IntegrityNote[] = [],
): Results {
  return {
    integrity,
    exercises: exercises.map(([id, score]) => ({ id, title: { en: id, ru: id }, score_milli: score, max_milli: 1000 })),
    tests: checks.map((c) => ({
      gatelab: {
        id: c.id,
        exercise: c.exercise,
        score_milli: c.lost ? 0 : 1000,
        max_milli: 1000,
        diagnosis: c.lost ? { en: c.en ?? '', ru: c.ru ?? '' } : undefined,
      },
    })),
  } as unknown as Results; // only the fields judge() reads
}

describe('judge', () => {
  it('matches words case-insensitively, with − as - and ё as е', () => {
    expect(holdsOneList('h = O ⊙ tanh(c), 1 − h²', [['o ⊙ tanh', '1 - h²']])).toBe(true);
    expect(holdsOneList('Всё', [['все']])).toBe(true);
    expect(holdsOneList('only one', [['only', 'two'], ['three']])).toBe(false);
  });

  it('finds the functions an edit makes wrong: its own and every caller', () => {
    expect([...wrongFunctions(SOURCE, SOURCE.indexOf('x * 2'))].sort()).toEqual(['sequence', 'step']);
    expect([...wrongFunctions(SOURCE, SOURCE.indexOf('return 1'))]).toEqual(['init']);
  });

  it('meets the goal when caught, nowhere else, explained in both languages and not misleading', () => {
    const r = results(
      [
        ['03-lstm-cell', 500],
        ['04-gru-cell', 1000],
      ],
      [
        {
          exercise: '03-lstm-cell',
          id: 'step-forward',
          lost: true,
          en: 'Your step counts twice.',
          ru: 'Ваш step считает дважды.',
        },
      ],
    );
    expect(meetsGoal(judge(mistake(), r, SOURCE, [mistake()]))).toBe(true);
  });

  it('is not caught when a losesIn exercise keeps full marks, and not "nowhere else" when another loses', () => {
    const r = results(
      [
        ['03-lstm-cell', 1000],
        ['04-gru-cell', 500],
      ],
      [],
    );
    const v = judge(mistake(), r, SOURCE, [mistake()]);
    expect(v).toMatchObject({ caught: false, nowhereElse: false, lostIn: ['04-gru-cell'] });
  });

  it('needs the words in each language, and in `checks` when they are given', () => {
    const r = results(
      [['03-lstm-cell', 500]],
      [{ exercise: '03-lstm-cell', id: 'bptt', lost: true, en: 'step twice', ru: 'неверно' }],
    );
    expect(judge(mistake(), r, SOURCE, [mistake()]).explained).toEqual({ en: true, ru: false });
    expect(judge(mistake({ checks: ['step-forward'] }), r, SOURCE, [mistake()]).explained).toEqual({
      en: false,
      ru: false,
    });
  });

  it('calls it misleading to read as another mistake, or to send the student to fix a function that is right', () => {
    const other = mistake({ id: 'init-wrong', explains: { en: [['init', 'one']], ru: [['init', 'единица']] } });
    const asOther = results(
      [['03-lstm-cell', 500]],
      [{ exercise: '03-lstm-cell', id: 'init', lost: true, en: 'init is not one', ru: 'init не единица' }],
    );
    expect(judge(mistake(), asOther, SOURCE, [mistake(), other]).misleading.map((m) => m.kind)).toEqual([
      'another-mistake',
      'another-mistake',
    ]);
    const blames = results(
      [['03-lstm-cell', 500]],
      [
        {
          exercise: '03-lstm-cell',
          id: 'x',
          lost: true,
          en: 'step twice: fix init first',
          ru: 'step дважды: исправьте sequence',
        },
      ],
    );
    const v = judge(mistake(), blames, SOURCE, [mistake()]);
    expect(v.misleading).toEqual([
      { kind: 'right-function-blamed', check: 'x', detail: 'en: "fix init", but init is right' },
    ]);
  });

  it("records the graded student's integrity notes, and describes each on one line", () => {
    const note: IntegrityNote = {
      kind: 'process-exit',
      file: 'exercises/05-weather-forecaster/train.ts',
      line: 12,
      message: { en: 'The code ended the process.', ru: 'Код завершил процесс.' },
    };
    const r = results([['03-lstm-cell', 500]], [], [note]);
    expect(judge(mistake(), r, SOURCE, [mistake()]).integrity).toEqual([note]);
    expect(judge(mistake(), results([['03-lstm-cell', 500]], []), SOURCE, [mistake()]).integrity).toEqual([]);
    expect(describeNotes([note])).toEqual([
      'process-exit in exercises/05-weather-forecaster/train.ts:12: The code ended the process.',
    ]);
  });

  it('lists the failing checks of the exercises where the mistake must not cost points', () => {
    const r = results(
      [
        ['03-lstm-cell', 500],
        ['05-weather-forecaster', 500],
      ],
      [
        { exercise: '03-lstm-cell', id: 'step-forward', lost: true, en: 'step twice' },
        { exercise: '05-weather-forecaster', id: 'public-helpers', lost: true, en: 'predict differs' },
        { exercise: '05-weather-forecaster', id: 'windows', lost: false },
      ],
    );
    const v = judge(mistake(), r, SOURCE, [mistake()]);
    expect(v.nowhereElse).toBe(false);
    expect(v.elsewhere).toEqual([{ check: '05-weather-forecaster/public-helpers', en: 'predict differs' }]);
  });
});
