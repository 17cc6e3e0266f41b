/** What the watch reacts to and shows, without a terminal, timers or files. */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../grader/shared/results';
import { changeOf, focusOf, progressLine, type Latest } from '../../grader/student/watch-view';

const EXERCISES = new Set(['01-vanishing-gradient', '02-forget-gate', '03-lstm-cell']);
const ORDER = [...EXERCISES];

const result = (exercise: string, outcome: CheckResult['outcome']): CheckResult =>
  ({
    id: 'c',
    exercise,
    hidden: false,
    score_milli: 0,
    max_milli: 1000,
    outcome,
    title: { en: 't', ru: 't' },
    diffs: [],
    duration_ms: 0,
  }) as CheckResult;

describe('changeOf', () => {
  it('a file of an exercise rechecks that exercise; the toolkit rechecks the one in view', () => {
    expect(changeOf('02-forget-gate/forget-gate.ts', EXERCISES, '01-vanishing-gradient')).toEqual({
      exercise: '02-forget-gate',
    });
    expect(changeOf('02-forget-gate\\helpers.ts', EXERCISES, '01-vanishing-gradient')).toEqual({
      exercise: '02-forget-gate',
    });
    expect(changeOf('lib/matrix.ts', EXERCISES, '03-lstm-cell')).toEqual({ exercise: '03-lstm-cell', toolkit: true });
    expect(changeOf('03-lstm-cell/fixtures.json', EXERCISES, '01-vanishing-gradient')).toEqual({
      exercise: '03-lstm-cell',
    });
  });

  it('editor swap and backup files, unknown folders and files at the top are ignored', () => {
    for (const name of [
      '02-forget-gate/.forget-gate.ts.swp',
      '02-forget-gate/forget-gate.ts~',
      '02-forget-gate/4913',
      '99-other/x.ts',
      'manifest.json',
      'README.md',
    ]) {
      expect(changeOf(name, EXERCISES, '02-forget-gate'), name).toBeNull();
    }
  });
});

describe('progress and focus', () => {
  const latest: Latest = new Map([
    ['01-vanishing-gradient', [result('01-vanishing-gradient', 'passed'), result('01-vanishing-gradient', 'passed')]],
    ['02-forget-gate', [result('02-forget-gate', 'passed'), result('02-forget-gate', 'failed')]],
  ]);

  it('marks solved, half-done and unseen exercises and counts them', () => {
    expect(progressLine(latest, ORDER, 'en')).toBe('Progress: ✓ 01  ◐ 02  ? 03   1/3 exercises · 3/4 public checks');
    expect(progressLine(latest, ORDER, 'ru')).toBe(
      'Прогресс: ✓ 01  ◐ 02  ? 03   1/3 упражнений · 3/4 открытых проверок',
    );
  });

  it('shows the exercise asked for, else the first not solved, else the last', () => {
    expect(focusOf(latest, ORDER, '03-lstm-cell')).toBe('03-lstm-cell');
    expect(focusOf(latest, ORDER, null)).toBe('02-forget-gate');
    const allDone: Latest = new Map([['01-vanishing-gradient', [result('01-vanishing-gradient', 'passed')]]]);
    expect(focusOf(allDone, ORDER, null)).toBe('03-lstm-cell');
  });
});
