import { describe, expect, it } from 'vitest';
import { chooseCommit, type CommitInfo } from '../../grader/collect/select-commit';
import { DAY, DEADLINE_MS, HOUR } from './git-fixtures';

/** A first-parent history, newest first, from offsets to the deadline. */
const history = (...offsets: number[]): CommitInfo[] =>
  offsets.map((offset, i) => ({
    sha: `${i}`.padStart(40, 'c'),
    time: DEADLINE_MS + offset,
    iso: new Date(DEADLINE_MS + offset).toISOString(),
  }));

describe('choosing the submitted commit', () => {
  it('takes the newest commit dated at or before the deadline (the deadline itself counts)', () => {
    expect(chooseCommit(history(HOUR, -HOUR, -DAY), DEADLINE_MS, 0)).toMatchObject({
      kind: 'on-time',
      commit: { sha: history(0, 0)[1].sha },
    });
    expect(chooseCommit(history(1000, 0), DEADLINE_MS, 0)).toMatchObject({
      kind: 'on-time',
      commit: { time: DEADLINE_MS },
    });
  });

  it('walks back from the tip: an out-of-order date later in history does not win', () => {
    // Below the late tip, the branch stood at the commit dated two days early; the commit under
    // it has a later date (a skewed clock), but the branch had already moved past it.
    const h = history(HOUR, -2 * DAY, -HOUR);
    expect(chooseCommit(h, DEADLINE_MS, 0)).toMatchObject({ kind: 'on-time', commit: h[1] });
  });

  it('late within the window: late days are rounded up, and an on-time commit always wins', () => {
    expect(chooseCommit(history(5 * DAY, DAY + 1000), DEADLINE_MS, 3)).toMatchObject({ kind: 'late', lateDays: 2 });
    expect(chooseCommit(history(2 * DAY), DEADLINE_MS, 3)).toMatchObject({ kind: 'late', lateDays: 2 });
    expect(chooseCommit(history(3 * DAY), DEADLINE_MS, 3)).toMatchObject({ kind: 'late', lateDays: 3 });
    expect(chooseCommit(history(HOUR, -HOUR), DEADLINE_MS, 3)).toMatchObject({ kind: 'on-time' });
  });

  it('nothing in time: says which limit and which is the oldest commit', () => {
    const none = chooseCommit(history(10 * DAY, 4 * DAY), DEADLINE_MS, 3);
    expect(none.kind).toBe('none');
    if (none.kind === 'none')
      expect(none.reason).toMatch(
        /dated after the end of the 3-day late window \(2026-03-04T20:59:00.000Z\); the oldest is ccccccc, dated 2026-03-05/,
      );
    const noWindow = chooseCommit(history(HOUR), DEADLINE_MS, 0);
    if (noWindow.kind === 'none')
      expect(noWindow.reason).toMatch(/dated after the deadline \(2026-03-01T20:59:00.000Z\)/);
    expect(chooseCommit([], DEADLINE_MS, 3)).toEqual({ kind: 'none', reason: 'the default branch has no commits' });
  });
});
