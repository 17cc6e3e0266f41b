/**
 * From collect's manifest to the grade book: each student's own deadline (extension included) and
 * commit time decide the late penalty, applied after scoring.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { gradeAll } from '../../grader/grade-all';
import { discoverStudents } from '../../grader/grade-all/discover';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { CollectManifest } from '../../grader/collect';
import type { Results } from '../../grader/shared/results';
import { EXAMPLES, GENEROUS_LIMITS, tempDir } from '../grader/helpers';

const DEADLINE = '2026-12-20T23:59:00+03:00';
const at = (hoursAfter: number) => new Date(Date.parse(DEADLINE) + hoursAfter * 3_600_000).toISOString();

function student(
  id: string,
  commitTime: string,
  extensionDays = 0,
  status: 'collected' | 'late' = 'collected',
  lateDays = 0,
) {
  const deadline = new Date(Date.parse(DEADLINE) + extensionDays * 86_400_000).toISOString();
  return {
    id,
    name: `Student ${id}`,
    repo: `/repos/${id}`,
    status,
    commit: 'a'.repeat(40),
    commit_time: commitTime,
    seen_at: commitTime,
    deadline,
    extension_days: extensionDays,
    late_days: lateDays,
  };
}

describe('late policy through collect and grade-all', () => {
  it('charges the late student, spares the one with an extension, and shows both in the grade book', async () => {
    const submissions = tempDir('class');
    for (const id of ['ontime', 'late', 'extended'])
      cpSync(path.join(EXAMPLES, 's01-perfect'), path.join(submissions, id), { recursive: true });
    const manifest: CollectManifest = {
      schema_version: 1,
      collected_at: at(24 * 4),
      roster: 'roster.csv',
      deadline: DEADLINE,
      late_window_days: 3,
      students: [
        student('ontime', at(-2)),
        student('late', at(30), 0, 'late', 2), // 30 h late: two started days
        student('extended', at(30), 2), // the same time, inside a two-day extension
        {
          ...student('absent', at(0)),
          status: 'missing',
          commit: null,
          commit_time: null,
          seen_at: null,
          message: 'repository not found',
        },
      ],
    };
    writeFileSync(path.join(submissions, 'manifest.json'), JSON.stringify(manifest));
    expect(discoverStudents(submissions).map((s) => [s.id, s.status, s.dir !== null])).toEqual([
      ['absent', 'missing', false],
      ['extended', 'collected', true],
      ['late', 'late', true],
      ['ontime', 'collected', true],
    ]);

    const full = loadCatalog(PACKAGE_ROOT);
    const policy = full.latePolicy;
    // One exercise is enough: the penalty is taken from the raw score, whatever it is made of.
    const catalog = { ...full, exercises: full.exercises.filter((e) => e.id === '02-forget-gate') };
    const out = tempDir('reports');
    await gradeAll({
      kitRoot: PACKAGE_ROOT,
      submissions,
      out,
      secret: 'late-test-secret',
      lang: 'en',
      limits: GENEROUS_LIMITS,
      catalog,
    });
    const results = (id: string) => JSON.parse(readFileSync(path.join(out, id, 'results.json'), 'utf8')) as Results;
    expect(results('ontime').submission.penalty_milli).toBe(0);
    expect(results('extended').submission.penalty_milli).toBe(0);
    const late = results('late');
    // Two started days at the catalog's deduction per day, on the raw score.
    expect(late.submission.late_days).toBe(2);
    expect(late.submission.penalty_milli).toBeGreaterThan(0);
    expect(late.submission.penalty_milli).toBe(Math.floor((late.raw_milli * 2 * policy.deductionPercent) / 100));
    expect(late.final_milli).toBe(late.raw_milli - late.submission.penalty_milli);
    expect(late.submission.commit).toBe('a'.repeat(40));

    const rows = readFileSync(path.join(out, 'gradebook.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const col = (n: string) => rows[0].indexOf(n);
    const row = (id: string) => rows.find((r) => r[0] === id) as string[];
    expect(row('late')[col('status')]).toBe('late');
    expect(Number(row('late')[col('late_penalty')]) * 1000).toBeCloseTo(late.submission.penalty_milli, 6);
    expect(row('absent')[col('status')]).toBe('missing');
    expect(row('absent')[col('name')]).toBe('Student absent');
  });
});
