import { cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeAll } from '../../grader/grade-all';
import { catalogMaxMilli, loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { report } from '../../grader/review';
import { UsageError } from '../../grader/shared/errors';
import type { Results } from '../../grader/shared/results';
import { EXAMPLES, GENEROUS_LIMITS, tempDir } from '../grader/helpers';

const results = (out: string, id: string) =>
  JSON.parse(readFileSync(path.join(out, id, 'results.json'), 'utf8')) as Results;

describe('manual points and gatelab report', () => {
  let out: string;
  beforeAll(async () => {
    const submissions = tempDir('class');
    cpSync(path.join(EXAMPLES, 's11-vanishing-chain-order'), path.join(submissions, 'ivanova'), { recursive: true });
    cpSync(path.join(EXAMPLES, 's02-untouched'), path.join(submissions, 'petrov'), { recursive: true });
    out = tempDir('reports');
    await gradeAll({
      kitRoot: PACKAGE_ROOT,
      submissions,
      out,
      secret: 'report-test-secret',
      lang: 'en',
      limits: GENEROUS_LIMITS,
    });
  });

  it('adds a TA’s points and comments to the result, the feedback and the grade book', async () => {
    const before = results(out, 'ivanova');
    writeFileSync(
      path.join(out, 'ivanova', 'manual.json'),
      JSON.stringify({
        comments: [
          { exercise: '01-vanishing-gradient', author: 'TA Anna', text: 'Good explanation of the gated path.' },
        ],
        adjustments: [
          { exercise: '01-vanishing-gradient', points: 1.2, reason: 'written answer' },
          { points: 0.3, reason: 'tidy code' },
        ],
      }),
    );
    const summary = await report({ reports: out, kitRoot: PACKAGE_ROOT });
    expect(summary.updated).toEqual(['ivanova']);
    const after = results(out, 'ivanova');
    expect(after.manual?.total_milli).toBe(1500); // 1.2 + 0.3, exactly
    expect(after.final_milli).toBe(before.raw_milli - before.submission.penalty_milli + 1500);
    expect(after.score).toBe(after.final_milli / 1000);
    const md = readFileSync(path.join(out, 'ivanova', 'feedback.md'), 'utf8');
    expect(md).toContain('Good explanation of the gated path.');
    expect(md).toContain('+1.5');
    const csv = readFileSync(path.join(out, 'gradebook.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const col = (n: string) => csv[0].indexOf(n);
    const row = csv.find((r) => r[0] === 'ivanova') as string[];
    expect(row[col('manual')]).toBe('1.5');
    expect(Math.round(Number(row[col('final')]) * 1000)).toBe(after.final_milli);
  });

  it('never takes the total below zero or above the maximum', async () => {
    writeFileSync(
      path.join(out, 'petrov', 'manual.json'),
      JSON.stringify({ adjustments: [{ points: -5, reason: 'copied the answer' }] }),
    );
    await report({ reports: out, kitRoot: PACKAGE_ROOT });
    expect(results(out, 'petrov').final_milli).toBe(0);
    // The course's whole maximum, all by hand: allowed, and the total stops at the maximum.
    const courseMax = catalogMaxMilli(loadCatalog(PACKAGE_ROOT)) / 1000;
    writeFileSync(
      path.join(out, 'petrov', 'manual.json'),
      JSON.stringify({ adjustments: [{ points: courseMax, reason: 'oral exam instead' }] }),
    );
    await report({ reports: out, kitRoot: PACKAGE_ROOT });
    expect(results(out, 'petrov').final_milli).toBe(results(out, 'petrov').max_milli);
    rmSync(path.join(out, 'petrov', 'manual.json'));
    await report({ reports: out, kitRoot: PACKAGE_ROOT });
    expect(results(out, 'petrov').manual).toBeUndefined();
    expect(results(out, 'petrov').final_milli).toBe(0);
  });

  it('a bad manual.json stops with one line naming the file and field, and writes nothing', async () => {
    const stamp = statSync(path.join(out, 'ivanova', 'results.json')).mtimeMs;
    writeFileSync(
      path.join(out, 'petrov', 'manual.json'),
      JSON.stringify({ adjustments: [{ points: 1.2345, reason: 'x' }] }),
    );
    await expect(report({ reports: out, kitRoot: PACKAGE_ROOT })).rejects.toThrow(UsageError);
    await expect(report({ reports: out, kitRoot: PACKAGE_ROOT })).rejects.toThrow(
      /petrov\/manual\.json: at \/adjustments\/0\/points: must be multiple of 0\.001/,
    );
    writeFileSync(
      path.join(out, 'petrov', 'manual.json'),
      JSON.stringify({ comments: [{ exercise: '09-nope', text: 'hm' }] }),
    );
    await expect(report({ reports: out, kitRoot: PACKAGE_ROOT })).rejects.toThrow(/unknown exercise "09-nope"/);
    writeFileSync(
      path.join(out, 'petrov', 'manual.json'),
      JSON.stringify({ adjustments: [{ exercise: '01-vanishing-gradient', points: 500, reason: 'typo for 5.00' }] }),
    );
    await expect(report({ reports: out, kitRoot: PACKAGE_ROOT })).rejects.toThrow(
      /petrov\/manual\.json: the adjustments for 01-vanishing-gradient add up to \+500 points, beyond the exercise's maximum of 15;/,
    );
    expect(statSync(path.join(out, 'ivanova', 'results.json')).mtimeMs).toBe(stamp);
    rmSync(path.join(out, 'petrov', 'manual.json'));
  });
});
