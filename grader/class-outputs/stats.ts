/**
 * stats.json: what the class as a whole got right and wrong: per check the pass rate and the
 * most frequent diagnoses (of every kind of failure: a wrong value, a stub not written yet, a
 * compile error, a crash, a timeout), the score over the whole roster as the grade book counts it
 * (no submission is 0) and over the graded students only, the runtime distribution, and who
 * errored, timed out or tampered.
 */
import type { Catalog, CheckSpec, ExerciseSpec } from '../shared/catalog';
import { area } from '../shared/messages';
import type { CheckResult, Localized, Outcome } from '../shared/results';
import type { ClassRow } from './rows';

export interface CheckStats {
  exercise: string;
  check: string;
  title: Localized;
  hidden: boolean;
  attempted: number;
  passed: number;
  passRate: number;
  meanScoreMilli: number;
  maxMilli: number;
  topDiagnoses: { diagnosis: Localized; count: number }[];
}

export interface ClassStats {
  students: number;
  graded: number;
  missing: string[];
  errored: string[];
  late: string[];
  timeouts: string[];
  tampered: string[];
  /** Over every student of the roster, 0 for those with no result, as the grade book counts them. */
  scoreMilli: { min: number; median: number; mean: number; max: number } | null;
  /** Over the graded students only. */
  gradedScoreMilli: { min: number; median: number; mean: number; max: number } | null;
  runtimeSeconds: { min: number; median: number; p90: number; max: number } | null;
  checks: CheckStats[];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** What a failed check with no diagnosis of its own says: its outcome, in both languages. */
function outcomeLabel(outcome: Outcome): Localized {
  const label = (lang: 'en' | 'ru'): string => {
    const found = area(lang, 'class')[`outcome_${outcome}`];
    return typeof found === 'string' ? found : outcome;
  };
  return { en: label('en'), ru: label('ru') };
}

function summarize(sorted: number[]): ClassStats['scoreMilli'] {
  if (sorted.length === 0) return null;
  return {
    min: sorted[0],
    median: quantile(sorted, 0.5),
    mean: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    max: sorted[sorted.length - 1],
  };
}

/**
 * The three most frequent ways a check failed: its own diagnosis, else what its outcome means (a stub, a compile
 * error, a crash …). Ties: a mistake in the math (failed, partial) before a stub, a compile error or a crash.
 */
function topDiagnoses(results: CheckResult[]): CheckStats['topDiagnoses'] {
  const diagnoses = new Map<string, { diagnosis: Localized; count: number; math: boolean }>();
  for (const c of results) {
    if (c.outcome === 'passed') continue;
    const diagnosis = c.diagnosis ?? outcomeLabel(c.outcome);
    const entry = diagnoses.get(diagnosis.en) ?? {
      diagnosis,
      count: 0,
      math: c.outcome === 'failed' || c.outcome === 'partial',
    };
    entry.count++;
    diagnoses.set(diagnosis.en, entry);
  }
  return [...diagnoses.values()]
    .sort(
      (a, b) => b.count - a.count || Number(b.math) - Number(a.math) || a.diagnosis.en.localeCompare(b.diagnosis.en),
    )
    .slice(0, 3)
    .map(({ diagnosis, count }) => ({ diagnosis, count }));
}

/** One check over the graded students: how many tried and passed it, the mean score, the top diagnoses. */
function checkStats(exercise: ExerciseSpec, spec: CheckSpec, graded: ClassRow[]): CheckStats {
  const results = graded
    .map((r) => r.results?.tests.find((t) => t.gatelab.exercise === exercise.id && t.gatelab.id === spec.id)?.gatelab)
    .filter((c) => c !== undefined);
  const passed = results.filter((c) => c.outcome === 'passed').length;
  return {
    exercise: exercise.id,
    check: spec.id,
    title: spec.title,
    hidden: spec.visibility === 'hidden',
    attempted: results.length,
    passed,
    passRate: results.length ? passed / results.length : 0,
    meanScoreMilli: results.length ? Math.round(results.reduce((s, c) => s + c.score_milli, 0) / results.length) : 0,
    maxMilli: results[0]?.max_milli ?? Math.round(spec.points * 1000),
    topDiagnoses: topDiagnoses(results),
  };
}

export function classStats(catalog: Catalog, rows: ClassRow[]): ClassStats {
  const graded = rows.filter((r) => r.results);
  const checks = catalog.exercises.flatMap((exercise) =>
    exercise.checks.map((spec) => checkStats(exercise, spec, graded)),
  );
  const scores = graded.map((r) => r.results?.final_milli ?? 0).sort((a, b) => a - b);
  const everyone = rows.map((r) => r.results?.final_milli ?? 0).sort((a, b) => a - b);
  const times = graded.map((r) => r.results?.execution_time ?? 0).sort((a, b) => a - b);
  const having = (kind: string) =>
    graded.filter((r) => r.results?.integrity.some((n) => n.kind === kind)).map((r) => r.id);
  return {
    students: rows.length,
    graded: graded.length,
    missing: rows.filter((r) => !r.results && r.status !== 'error').map((r) => r.id),
    errored: rows
      .filter(
        (r) =>
          r.status === 'error' ||
          r.results?.tests.some((t) => t.gatelab.outcome === 'error' || t.gatelab.outcome === 'crashed'),
      )
      .map((r) => r.id),
    late: rows.filter((r) => (r.results?.submission.late_days ?? 0) > 0).map((r) => r.id),
    timeouts: graded.filter((r) => r.results?.tests.some((t) => t.gatelab.outcome === 'timeout')).map((r) => r.id),
    tampered: having('tampered'),
    scoreMilli: summarize(everyone),
    gradedScoreMilli: summarize(scores),
    runtimeSeconds: times.length
      ? { min: times[0], median: quantile(times, 0.5), p90: quantile(times, 0.9), max: times[times.length - 1] }
      : null,
    checks,
  };
}
