/**
 * The late policy of course.json, applied after scoring: a grace period, a deduction per late
 * day or hour, a floor under the deduction, and a cut-off after which nothing is earned.
 * Extensions move the student's own deadline.
 */
import type { LatePolicy } from '../shared/catalog';
import { divideHalfUp } from '../shared/points';

export interface LateResult {
  /** Whole late units (days or hours) counted against the student, 0 when on time. */
  lateUnits: number;
  /** Late days for the record (fractional days rounded up), whatever the policy's unit. */
  lateDays: number;
  penaltyMilli: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function applyLatePolicy(opts: {
  policy: LatePolicy;
  deadline: string;
  submittedAt: string | null;
  extensionDays?: number;
  rawMilli: number;
}): LateResult {
  const { policy, rawMilli } = opts;
  if (!opts.submittedAt) return { lateUnits: 0, lateDays: 0, penaltyMilli: 0 };
  const deadline = Date.parse(opts.deadline) + (opts.extensionDays ?? 0) * DAY_MS;
  const lateMs = Date.parse(opts.submittedAt) - deadline;
  if (lateMs <= policy.graceMinutes * 60_000) return { lateUnits: 0, lateDays: 0, penaltyMilli: 0 };
  const unitMs = policy.unit === 'day' ? DAY_MS : HOUR_MS;
  const lateUnits = Math.ceil(lateMs / unitMs);
  const lateDays = Math.ceil(lateMs / DAY_MS);
  if (lateUnits > policy.cutoff) return { lateUnits, lateDays, penaltyMilli: rawMilli };
  // Percentages are applied in integer arithmetic on milli-points: basis points (1/100 of a percent).
  const percentBp = Math.min(
    Math.round(policy.deductionPercent * 100) * lateUnits,
    10_000 - Math.round(policy.floorPercent * 100),
  );
  // Rounded half up, like every other point the reports show (grader/shared/points.ts).
  const penaltyMilli = divideHalfUp(rawMilli * Math.max(percentBp, 0), 10_000);
  return { lateUnits, lateDays, penaltyMilli };
}
