/**
 * The class report as a teacher opens it, and the end of grade-all's console: a class collected
 * with a manifest (as `gatelab collect` writes it) where ann solved everything, bob left the stubs,
 * cat's code does not compile, dan submitted two days late, and eve submitted nothing.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attentionLines, courseTime } from '../../grader/class-outputs/attention';
import { catalogMaxMilli, loadCatalog } from '../../grader/shared/catalog';
import { gradeAll, type GradeAllSummary } from '../../grader/grade-all';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { EXAMPLES, GENEROUS_LIMITS, tempDir } from '../grader/helpers';

const catalog = loadCatalog(PACKAGE_ROOT);
const DEADLINE = '2026-12-20T23:59:00+03:00';
const LATE_COMMIT = '2026-12-22T09:00:00Z'; // 12:00 in Moscow, 1 d 12 h 1 min after the deadline: 2 started days
const CLASS = {
  ann: 's01-perfect',
  bob: 's02-untouched',
  cat: 's04-compile-error',
  dan: 's03-wrong-backward',
} as const;

let out: string;
let summary: GradeAllSummary;
let html: string;

function student(id: string, status: string, commitTime: string | null) {
  return {
    id,
    name: id.toUpperCase(),
    repo: `/srv/${id}.git`,
    status,
    commit: commitTime ? 'a'.repeat(40) : null,
    commit_time: commitTime,
    seen_at: commitTime,
    deadline: DEADLINE,
    extension_days: 0,
    late_days: status === 'late' ? 2 : 0,
    ...(status === 'missing' ? { message: 'the repository does not exist' } : {}),
  };
}

beforeAll(async () => {
  const submissions = tempDir('teacher-view');
  for (const [id, example] of Object.entries(CLASS))
    cpSync(path.join(EXAMPLES, example), path.join(submissions, id), { recursive: true });
  const onTime = '2026-12-20T10:00:00+03:00';
  const manifest = {
    schema_version: 1,
    collected_at: '2026-12-25T00:00:00+03:00',
    roster: 'roster.csv',
    deadline: DEADLINE,
    late_window_days: 3,
    students: [
      student('ann', 'collected', onTime),
      student('bob', 'collected', onTime),
      student('cat', 'collected', onTime),
      student('dan', 'late', LATE_COMMIT),
      student('eve', 'missing', null),
    ],
  };
  writeFileSync(path.join(submissions, 'manifest.json'), JSON.stringify(manifest));
  out = tempDir('teacher-view-reports');
  summary = await gradeAll({
    kitRoot: PACKAGE_ROOT,
    submissions,
    out,
    secret: 'teacher-view-secret',
    lang: 'en',
    limits: GENEROUS_LIMITS,
  });
  html = readFileSync(path.join(out, 'index.html'), 'utf8');
}, 300_000);

const results = (id: string) => JSON.parse(readFileSync(path.join(out, id, 'results.json'), 'utf8')) as Results;

describe("the teacher's view", () => {
  it('opens with who needs attention: missing, errored and late, before the charts and checks', () => {
    const attention = html.indexOf('id="attention"');
    expect(attention).toBeGreaterThan(0);
    expect(attention).toBeLessThan(html.indexOf('Score distribution'));
    expect(attention).toBeLessThan(html.indexOf('Exercises and checks'));
    const section = html.slice(attention, html.indexOf('Score distribution'));
    expect(section).toMatch(/No submission \(1\)<\/th><td><ul class="attention"><li><a href="#student-eve">eve<\/a>/);
    expect(section).toMatch(
      /Errors or crashes \(\d\)<\/th><td><ul class="attention">.*href="#student-cat">cat<\/a> <span class="muted">— \d+ check\(s\) errored or crashed, first \d\d-[a-z-]+\/[a-z-]+<\/span>/,
    );
    const penalty = results('dan').submission.penalty_milli / 1000;
    expect(section).toContain(`<a href="#student-dan">dan</a> <span class="muted">— 2 d late, −${penalty}</span>`);
  });

  it('the score summary counts every roster student, the missing one as 0 like the grade book', () => {
    const finals = ['ann', 'bob', 'cat', 'dan'].map((id) => results(id).final_milli).concat([0]);
    const mean = Math.round(finals.reduce((a, b) => a + b, 0) / finals.length);
    expect(summary.stats.scoreMilli?.mean).toBe(mean);
    expect(summary.stats.scoreMilli?.min).toBe(0);
    const gradedMean = Math.round(finals.slice(0, 4).reduce((a, b) => a + b, 0) / 4);
    expect(summary.stats.gradedScoreMilli?.mean).toBe(gradedMean);
    expect(html).toContain(`Whole class (no submission counts 0, as in the grade book) · 5</th><td class="num">`);
    expect(html).toContain(`<td class="num">${mean / 1000} / ${catalogMaxMilli(catalog) / 1000}</td>`);
  });

  it('every failed check has a diagnosis, stubs and compile errors included', () => {
    for (const check of summary.stats.checks) {
      if (check.attempted > check.passed)
        expect(check.topDiagnoses.length, `${check.exercise}/${check.check}`).toBeGreaterThan(0);
    }
    const outcomes = new Set(['bob', 'cat'].flatMap((id) => results(id).tests.map((t) => t.gatelab.outcome)));
    expect([...outcomes].some((o) => o !== 'passed')).toBe(true);
    expect(html).not.toMatch(/<td><span class="muted">—<\/span><\/td>\s*<\/tr>/);
  });

  it("times are in the course's time zone", () => {
    expect(courseTime(LATE_COMMIT, 180)).toBe('2026-12-22 12:00 +03:00');
    expect(html).toContain('<td>2026-12-22 12:00 +03:00</td>');
    expect(html).toMatch(/Generated \d{4}-\d\d-\d\d \d\d:\d\d \+03:00/);
    expect(catalog.deadline.endsWith('+03:00')).toBe(true);
  });

  it('grade-all ends with one line per missing, errored or late student', () => {
    const lines = attentionLines(summary.rows);
    expect(lines.filter((l) => l.startsWith('missing: '))).toEqual([
      'missing: eve — no submission (missing); the grade book counts 0',
    ]);
    expect(lines.some((l) => l.startsWith('error: cat — '))).toBe(true);
    expect(lines).toContain(`late: dan — 2 day(s) late, −${results('dan').submission.penalty_milli / 1000} points`);
    expect(lines.some((l) => / ann /.test(l))).toBe(false);
  });
});
