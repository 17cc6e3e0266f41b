/**
 * Step 5: points. Each catalog check gets its record from the suites (or an error when it did
 * not run), and its points: all for passed, the share of cases for a partial-credit check, none
 * otherwise. Everything is integer milli-points.
 */
import type { Catalog, CheckSpec, ExerciseSpec } from '../shared/catalog';
import type { CheckRecord } from '../harness/check-tools';
import { text } from '../shared/messages';
import { toMilli, shareMilli } from '../shared/points';
import type { CheckResult, ExerciseSummary, Plot, ReportTable } from '../shared/results';
import type { RanCheck } from './run-suites';

function pointsFor(spec: CheckSpec, record: CheckRecord): number {
  const max = toMilli(spec.points);
  if (record.outcome === 'passed') return max;
  if (record.outcome === 'partial' && spec.partial && record.cases)
    return shareMilli(max, record.cases.passed, record.cases.total);
  return 0;
}

export interface Scored {
  checks: CheckResult[];
  exercises: ExerciseSummary[];
  raw_milli: number;
  max_milli: number;
  /** Checks with no record: problems for the teacher's log. */
  missing: RanCheck[];
}

/** Free-text answers by exercise id, read from the submission by the grade pipeline. */
export type Answers = Record<string, NonNullable<ExerciseSummary['answers']>>;

export function score(catalog: Catalog, ran: RanCheck[], visibility: 'all' | 'public', answers: Answers = {}): Scored {
  const byKey = new Map(ran.map((r) => [`${r.exercise}/${r.id}`, r]));
  const checks: CheckResult[] = [];
  const exercises: ExerciseSummary[] = [];
  const missing: RanCheck[] = [];
  for (const exercise of catalog.exercises) {
    const specs = exercise.checks.filter((c) => visibility === 'all' || c.visibility === 'public');
    let exerciseMilli = 0;
    const plots: Plot[] = [];
    const tables: ReportTable[] = [];
    for (const spec of specs) {
      const found = byKey.get(`${exercise.id}/${spec.id}`);
      if (!found?.record)
        missing.push(
          found ?? { exercise: exercise.id, id: spec.id, record: null, error: 'no suite defines this check' },
        );
      const record: CheckRecord = found?.record ?? {
        outcome: 'error',
        diagnosis: text('grade.didNotRun'),
        diffs: [],
        duration_ms: 0,
      };
      const milli = pointsFor(spec, record);
      exerciseMilli += milli;
      checks.push(checkResult(exercise, spec, record, milli));
      if (record.plot) plots.push(record.plot);
      if (record.table) tables.push(record.table);
    }
    exercises.push({
      id: exercise.id,
      title: exercise.title,
      score_milli: exerciseMilli,
      max_milli: specs.reduce((s, c) => s + toMilli(c.points), 0),
      ...(answers[exercise.id] ? { answers: answers[exercise.id] } : {}),
      ...(plots.length > 0 ? { plots } : {}),
      ...(tables.length > 0 ? { tables } : {}),
    });
  }
  return {
    checks,
    exercises,
    raw_milli: exercises.reduce((s, e) => s + e.score_milli, 0),
    max_milli: exercises.reduce((s, e) => s + e.max_milli, 0),
    missing,
  };
}

function checkResult(exercise: ExerciseSpec, spec: CheckSpec, record: CheckRecord, milli: number): CheckResult {
  return {
    id: spec.id,
    exercise: exercise.id,
    hidden: spec.visibility === 'hidden',
    score_milli: milli,
    max_milli: toMilli(spec.points),
    outcome: record.outcome,
    title: spec.title,
    ...(record.diagnosis ? { diagnosis: record.diagnosis } : {}),
    ...(record.hint ? { hint: record.hint } : {}),
    ...(record.notes?.length ? { notes: record.notes } : {}),
    ...(record.cases ? { cases: record.cases } : {}),
    diffs: record.diffs,
    duration_ms: record.duration_ms,
  };
}
