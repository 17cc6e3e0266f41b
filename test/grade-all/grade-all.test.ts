import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeAll } from '../../grader/grade-all';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { loadCatalog } from '../../grader/shared/catalog';
import { EXAMPLES, tempDir } from '../grader/helpers';

const SECRET = 'grade-all-test-secret';
const LIMITS = { callMs: 1_500, totalMs: 8_000, memoryMb: 256 };
// The exercises these students differ in (02) and one more, so the grade book has a column per exercise; the others
// would only add time (the whole course through the command line: interrupted.e2e.test.ts).
const full = loadCatalog(PACKAGE_ROOT);
const catalog = {
  ...full,
  exercises: full.exercises.filter((e) => ['01-vanishing-gradient', '02-forget-gate'].includes(e.id)),
};
const options = { kitRoot: PACKAGE_ROOT, secret: SECRET, lang: 'en' as const, limits: LIMITS, catalog };

/** A class of copies of the example students (the infinite loop left out: it only costs time). */
function makeClass(names: string[]): string {
  const dir = tempDir('class');
  for (const [i, name] of names.entries())
    cpSync(path.join(EXAMPLES, name), path.join(dir, `student-${String(i + 1).padStart(2, '0')}`), { recursive: true });
  return dir;
}

function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

describe('grade-all', () => {
  it('grades a class, writes the grade book, stats and class report, and skips unchanged students on a rerun', async () => {
    const submissions = makeClass(['s01-perfect', 's03-wrong-backward', 's04-compile-error']);
    mkdirSync(path.join(submissions, 'student-04'));
    writeFileSync(path.join(submissions, 'student-04', 'notes.txt'), 'no exercises here');
    const out = tempDir('reports');
    const first = await gradeAll({ ...options, submissions, out });
    expect(first.graded.sort()).toEqual(['student-01', 'student-02', 'student-03']);
    expect(first.failed.map((f) => f.id)).toEqual(['student-04']);
    expect(first.failed[0].message).toMatch(/no exercises\/ folder/);

    const rows = parseCsv(readFileSync(path.join(out, 'gradebook.csv'), 'utf8'));
    expect(rows[0]).toEqual([
      'id',
      'name',
      'status',
      ...catalog.exercises.map((e) => e.id),
      'raw',
      'late_penalty',
      'manual',
      'final',
      'max',
      'late_days',
      'commit',
    ]);
    const byId = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    const col = (name: string) => rows[0].indexOf(name);
    const results1 = JSON.parse(readFileSync(path.join(out, 'student-02', 'results.json'), 'utf8')) as {
      final_milli: number;
      exercises: { id: string; score_milli: number }[];
    };
    // Exact decimals: the CSV cell parses back to the integer milli-points of results.json.
    expect(Math.round(Number(byId['student-02'][col('final')]) * 1000)).toBe(results1.final_milli);
    expect(Math.round(Number(byId['student-02'][col('02-forget-gate')]) * 1000)).toBe(
      results1.exercises.find((e) => e.id === '02-forget-gate')?.score_milli,
    );
    expect(byId['student-04'][col('status')]).toBe('error');

    const stats = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8')) as {
      graded: number;
      errored: string[];
      checks: {
        exercise: string;
        check: string;
        passed: number;
        attempted: number;
        topDiagnoses: { diagnosis: { en: string } }[];
      }[];
    };
    expect(stats.graded).toBe(3);
    expect(stats.errored).toEqual(expect.arrayContaining(['student-03', 'student-04']));
    const backward = stats.checks.find((c) => c.exercise === '02-forget-gate' && c.check === 'backward');
    expect(backward).toMatchObject({ attempted: 3, passed: 1 });
    expect(backward?.topDiagnoses[0]?.diagnosis.en).toMatch(/bias/i);

    // student-02 is student-01's file with one line changed: the pair is flagged, with evidence.
    const similar = (
      JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8')) as {
        similar: { exercise: string; a: string; b: string; score: number; evidence: unknown[] }[];
      }
    ).similar;
    const pair = similar.find((p) => p.exercise === '02-forget-gate' && p.a === 'student-01' && p.b === 'student-02');
    expect(pair?.score).toBeGreaterThan(0.8);
    expect(pair?.evidence.length).toBeGreaterThan(0);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/<strong>student-01<\/strong> ↔ <strong>student-02<\/strong>/);
    for (const id of ['student-01', 'student-02', 'student-03']) expect(html).toContain(`href="${id}/feedback.html"`);
    expect(html).toContain('<svg');

    const stamp = statSync(path.join(out, 'student-01', 'results.json')).mtimeMs;
    const second = await gradeAll({ ...options, submissions, out });
    expect(second.graded).toEqual([]);
    expect(second.skipped.sort()).toEqual(['student-01', 'student-02', 'student-03']);
    expect(statSync(path.join(out, 'student-01', 'results.json')).mtimeMs).toBe(stamp);

    // A changed submission is regraded; --force regrades everyone.
    const file = path.join(submissions, 'student-01', 'exercises', '02-forget-gate', 'forget-gate.ts');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n// a late edit\n');
    const third = await gradeAll({ ...options, submissions, out });
    expect(third.graded).toEqual(['student-01']);

    // Results graded under another acceptance of missing sandbox layers are not reused: a run with a different
    // --allow-weak-sandbox grades everyone again.
    const fourth = await gradeAll({ ...options, submissions, out, allowWeak: ['net'] });
    expect(fourth.graded.sort()).toEqual(['student-01', 'student-02', 'student-03']);
  });
});
