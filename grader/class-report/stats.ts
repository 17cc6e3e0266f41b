/**
 * stats.json: what the class as a whole got right and wrong: per check the pass rate and the
 * most frequent diagnoses, the runtime distribution, and who errored, timed out or tampered.
 */
import type { Catalog } from '../catalog';
import type { Localized } from '../results';
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
  scoreMilli: { min: number; median: number; mean: number; max: number } | null;
  runtimeSeconds: { min: number; median: number; p90: number; max: number } | null;
  checks: CheckStats[];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function classStats(catalog: Catalog, rows: ClassRow[]): ClassStats {
  const graded = rows.filter((r) => r.results);
  const checks: CheckStats[] = [];
  for (const exercise of catalog.exercises) {
    for (const spec of exercise.checks) {
      const results = graded.map((r) => r.results?.tests.find((t) => t.gatelab.exercise === exercise.id && t.gatelab.id === spec.id)?.gatelab).filter((c) => c !== undefined);
      const diagnoses = new Map<string, { diagnosis: Localized; count: number }>();
      // Mistakes in the math, not stubs, crashes or compile errors (those have their own lists).
      for (const c of results) {
        if (!c.diagnosis || (c.outcome !== 'failed' && c.outcome !== 'partial')) continue;
        const entry = diagnoses.get(c.diagnosis.en) ?? { diagnosis: c.diagnosis, count: 0 };
        entry.count++;
        diagnoses.set(c.diagnosis.en, entry);
      }
      const passed = results.filter((c) => c.outcome === 'passed').length;
      checks.push({
        exercise: exercise.id,
        check: spec.id,
        title: spec.title,
        hidden: spec.visibility === 'hidden',
        attempted: results.length,
        passed,
        passRate: results.length ? passed / results.length : 0,
        meanScoreMilli: results.length ? Math.round(results.reduce((s, c) => s + c.score_milli, 0) / results.length) : 0,
        maxMilli: results[0]?.max_milli ?? Math.round(spec.points * 1000),
        topDiagnoses: [...diagnoses.values()].sort((a, b) => b.count - a.count || a.diagnosis.en.localeCompare(b.diagnosis.en)).slice(0, 3),
      });
    }
  }
  const scores = graded.map((r) => r.results?.final_milli ?? 0).sort((a, b) => a - b);
  const times = graded.map((r) => r.results?.execution_time ?? 0).sort((a, b) => a - b);
  const having = (kind: string) => graded.filter((r) => r.results?.integrity.some((n) => n.kind === kind)).map((r) => r.id);
  return {
    students: rows.length,
    graded: graded.length,
    missing: rows.filter((r) => !r.results && r.status !== 'error').map((r) => r.id),
    errored: rows.filter((r) => r.status === 'error' || r.results?.tests.some((t) => t.gatelab.outcome === 'error' || t.gatelab.outcome === 'crashed')).map((r) => r.id),
    late: rows.filter((r) => (r.results?.submission.late_days ?? 0) > 0).map((r) => r.id),
    timeouts: graded.filter((r) => r.results?.tests.some((t) => t.gatelab.outcome === 'timeout')).map((r) => r.id),
    tampered: having('tampered'),
    scoreMilli: scores.length
      ? { min: scores[0], median: quantile(scores, 0.5), mean: Math.round(scores.reduce((a, b) => a + b, 0) / scores.length), max: scores[scores.length - 1] }
      : null,
    runtimeSeconds: times.length ? { min: times[0], median: quantile(times, 0.5), p90: quantile(times, 0.9), max: times[times.length - 1] } : null,
    checks,
  };
}
