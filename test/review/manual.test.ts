/**
 * manual.json as TAs save it (a byte-order mark, cp1251 from Notepad), points beyond what they can
 * adjust, and manual.json files that no result would take (an unknown student, a missing one).
 * These checks run before anything is read or written, so a reports folder of a class.json and
 * folders is enough here; the full round trip through grade-all is test/grade-all/report.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { UsageError } from '../../grader/shared/errors';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { report } from '../../grader/review';
import { readManual } from '../../grader/review/manual';
import { tempDir } from '../grader/helpers';

const catalog = loadCatalog(PACKAGE_ROOT);

function manualFile(bytes: Buffer | string): string {
  const file = path.join(tempDir('manual'), 'manual.json');
  writeFileSync(file, bytes);
  return file;
}

/** cp1251 for the Cyrillic letters (А..я at 0xC0..0xFF), as Notepad's "ANSI" on a Russian Windows. */
function cp1251(text: string): Buffer {
  return Buffer.from([...text].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : c.charCodeAt(0) - 0x410 + 0xc0)));
}

describe('manual.json as TAs save it', () => {
  const json = {
    comments: [{ text: 'Хорошее объяснение' }],
    adjustments: [{ exercise: '01-vanishing-gradient', points: 1.5, reason: 'ответ на вопрос' }],
  };

  it('UTF-8 with a byte-order mark and cp1251 read the same as plain UTF-8', () => {
    const plain = readManual(manualFile(JSON.stringify(json)), catalog);
    expect(plain?.total_milli).toBe(1500);
    expect(readManual(manualFile(`\uFEFF${JSON.stringify(json)}`), catalog)).toEqual(plain);
    expect(readManual(manualFile(cp1251(JSON.stringify(json))), catalog)).toEqual(plain);
  });

  it('points beyond the exercise or the course maximum are refused, naming the file', () => {
    const exerciseMax = catalog.exercises[0].points;
    const at = (adjustments: object[]) => () => readManual(manualFile(JSON.stringify({ adjustments })), catalog);
    expect(at([{ exercise: '01-vanishing-gradient', points: exerciseMax, reason: 'all of it' }])).not.toThrow();
    expect(at([{ exercise: '01-vanishing-gradient', points: -exerciseMax, reason: 'none of it' }])).not.toThrow();
    expect(
      at([
        { exercise: '01-vanishing-gradient', points: 10, reason: 'a' },
        { exercise: '01-vanishing-gradient', points: 5.001, reason: 'b' },
      ]),
    ).toThrow(
      /manual\.json: the adjustments for 01-vanishing-gradient add up to \+15\.001 points, beyond the exercise's maximum of 15; check for a typo/,
    );
    const courseMax = catalog.exercises.reduce((sum, e) => sum + e.points, 0);
    expect(at([{ points: -(courseMax + 0.5), reason: 'a' }])).toThrow(
      new RegExp(
        `manual\\.json: the adjustments add up to -${courseMax}\\.5 points, beyond the course's maximum of ${courseMax};`,
      ),
    );
    expect(at([{ points: 500, reason: 'a' }])).toThrow(UsageError);
  });
});

describe('manual.json files that no result takes', () => {
  function reportsFolder(): string {
    const reports = tempDir('reports');
    const students = ['ann', 'bob'].map((id) => ({
      id,
      name: id,
      dir: null,
      commit: null,
      submittedAt: null,
      extensionDays: 0,
      deadline: null,
      status: 'missing',
    }));
    writeFileSync(path.join(reports, 'class.json'), JSON.stringify({ lang: 'en', students, similar: [] }));
    return reports;
  }

  it('for a student who is not in the class: an error naming the file', async () => {
    const reports = reportsFolder();
    mkdirSync(path.join(reports, 'carol'));
    writeFileSync(path.join(reports, 'carol', 'manual.json'), '{}');
    await expect(report({ reports, kitRoot: PACKAGE_ROOT })).rejects.toThrow(
      new UsageError(
        `${path.join(reports, 'carol', 'manual.json')}: "carol" is not a student of this class (not in class.json); move the file to the folder of the right student, whose folder name is their roster id`,
      ),
    );
  });

  it('for a student with no graded submission: an error naming the file', async () => {
    const reports = reportsFolder();
    mkdirSync(path.join(reports, 'bob'));
    writeFileSync(path.join(reports, 'bob', 'manual.json'), '{}');
    await expect(report({ reports, kitRoot: PACKAGE_ROOT })).rejects.toThrow(
      /bob\/manual\.json: bob has no graded submission \(missing or not gradable\), so these points have nothing to add to/,
    );
  });
});
