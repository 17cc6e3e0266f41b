import { describe, expect, it } from 'vitest';
import { applyLatePolicy } from '../../grader/grade/late-policy';
import type { LatePolicy } from '../../grader/shared/catalog';

const policy: LatePolicy = { graceMinutes: 15, unit: 'day', deductionPercent: 10, floorPercent: 50, cutoff: 7 };
const deadline = '2026-12-20T23:59:00+03:00';
const at = (hoursLate: number) => new Date(Date.parse(deadline) + hoursLate * 3_600_000).toISOString();

describe('late policy', () => {
  it('charges nothing on time, within grace, or with no known time', () => {
    expect(applyLatePolicy({ policy, deadline, submittedAt: at(-5), rawMilli: 10000 }).penaltyMilli).toBe(0);
    expect(applyLatePolicy({ policy, deadline, submittedAt: at(0.2), rawMilli: 10000 }).penaltyMilli).toBe(0);
    expect(applyLatePolicy({ policy, deadline, submittedAt: null, rawMilli: 10000 }).penaltyMilli).toBe(0);
  });
  it('deducts per started day after grace', () => {
    // 0.5 h late is past the 15-minute grace: one started day, 10% of 13.5 points.
    expect(applyLatePolicy({ policy, deadline, submittedAt: at(0.5), rawMilli: 13500 })).toEqual({
      lateUnits: 1,
      lateDays: 1,
      penaltyMilli: 1350,
    });
    // 50 h late: three started days, 30%.
    expect(applyLatePolicy({ policy, deadline, submittedAt: at(50), rawMilli: 10000 }).penaltyMilli).toBe(3000);
  });
  it('never deducts more than the floor allows, and nothing is earned past the cut-off', () => {
    // 6 days → 60%, capped at 100 − 50 = 50%.
    expect(applyLatePolicy({ policy, deadline, submittedAt: at(24 * 5.5), rawMilli: 10000 }).penaltyMilli).toBe(5000);
    // 8 days > cut-off of 7: the whole raw score.
    expect(applyLatePolicy({ policy, deadline, submittedAt: at(24 * 7.5), rawMilli: 10000 }).penaltyMilli).toBe(10000);
  });
  it('moves the deadline by an extension', () => {
    expect(
      applyLatePolicy({ policy, deadline, submittedAt: at(30), extensionDays: 2, rawMilli: 10000 }).penaltyMilli,
    ).toBe(0);
  });
  it('counts hours when the unit is an hour', () => {
    const hourly: LatePolicy = { ...policy, unit: 'hour', deductionPercent: 1, cutoff: 48 };
    expect(applyLatePolicy({ policy: hourly, deadline, submittedAt: at(5.5), rawMilli: 10000 })).toEqual({
      lateUnits: 6,
      lateDays: 1,
      penaltyMilli: 600,
    });
  });
});
