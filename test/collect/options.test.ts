import { describe, expect, it } from 'vitest';
import { checkJobs, checkLateWindow, numberFlag, parseDeadline } from '../../grader/collect/options';
import { UsageError } from '../../grader/shared/errors';

describe('collect options', () => {
  it('a deadline must be an ISO date-time with a time zone', () => {
    expect(parseDeadline('2026-12-20T23:59:00+03:00')).toBe(Date.parse('2026-12-20T20:59:00Z'));
    expect(parseDeadline('2026-12-20T20:59Z')).toBe(Date.parse('2026-12-20T20:59:00Z'));
    for (const bad of ['2026-12-20T23:59:00', '2026-12-20', 'tomorrow', '2026-13-40T10:00:00Z']) {
      expect(() => parseDeadline(bad)).toThrow(UsageError);
    }
    expect(() => parseDeadline('2026-12-20T23:59:00')).toThrow(
      /--deadline "2026-12-20T23:59:00" is not an ISO date-time with a time zone; write it like 2026-12-20T23:59:00\+03:00/,
    );
  });

  it('the late window and the job count are numbers in range, named by their flag', () => {
    expect(checkLateWindow(0)).toBe(0);
    expect(checkLateWindow(2.5)).toBe(2.5);
    expect(() => checkLateWindow(-1)).toThrow(/^--late-window -1 is not a number of days from 0 to 365/);
    expect(checkJobs(4)).toBe(4);
    expect(() => checkJobs(0)).toThrow(/^--jobs 0 is not a whole number from 1 to 64/);
    expect(() => checkJobs(1.5)).toThrow(UsageError);
    expect(numberFlag('--jobs', undefined)).toBeUndefined();
    expect(numberFlag('--jobs', '8')).toBe(8);
    expect(() => numberFlag('--jobs', 'many')).toThrow(/^--jobs "many" is not a number; write it like 3$/);
  });
});
