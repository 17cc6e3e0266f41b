/**
 * `gatelab export canvas` and `gatelab export moodle`, checked against the formats the LMSs
 * document: Canvas's gradebook CSV (Student, ID, SIS User ID, SIS Login ID, Section, then the
 * assignment; a "Points Possible" row), Moodle's CSV grade import (an identifier column, a grade
 * column and a feedback column, comma-separated UTF-8). The files are read back with csv-parse.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogMaxMilli, loadCatalog } from '../../grader/shared/catalog';
import { exportCanvas, exportMoodle } from '../../grader/export';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { formatMilli } from '../../grader/shared/points';
import { gradedClass } from './graded-class';

const catalog = loadCatalog(PACKAGE_ROOT);
const MAX = formatMilli(catalogMaxMilli(catalog));
const read = (file: string) => parse(readFileSync(file, 'utf8')) as string[][];

let reports: string;
let roster: string;
let dir: string;
beforeAll(async () => {
  ({ reports, roster, dir } = await gradedClass());
});

describe('gatelab export canvas', () => {
  it("writes Canvas's gradebook columns, the Points Possible row and one row per roster student", () => {
    const out = path.join(dir, 'canvas.csv');
    const r = exportCanvas({ reports, kitRoot: PACKAGE_ROOT, roster, out, assignment: 'LSTM, GRU lab' });
    expect(r.students).toBe(3);
    expect(read(out)).toEqual([
      ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'LSTM, GRU lab'],
      ['Points Possible', '', '', '', '', MAX],
      ['Иванова, Анна', '', 'S-001', 'ivanova.a', 'Group 1', MAX],
      ['Петров Пётр', '', 'S-002', '', 'Group 1', '0'],
      ['Сидоров Олег', '', '', '', '', '0'],
    ]);
    expect(r.warnings).toEqual([
      'sidorov: no sis_id or sis_login_id in the roster; Canvas can match this row only by the name "Сидоров Олег"',
      'stranger: graded but not on the roster, so not in the file; add them to the roster to export their grade',
    ]);
  });

  it("defaults the assignment's column to the course title", () => {
    const out = path.join(dir, 'canvas-default.csv');
    exportCanvas({ reports, kitRoot: PACKAGE_ROOT, roster, out });
    expect(read(out)[0][5]).toBe(catalog.course[catalog.defaultLanguage]);
  });
});

describe('gatelab export moodle', () => {
  it('writes the email, the grade and the feedback; a student with no email is left out with a warning', () => {
    const out = path.join(dir, 'moodle.csv');
    const r = exportMoodle({ reports, kitRoot: PACKAGE_ROOT, roster, out, assignment: 'LSTM lab', lang: 'en' });
    const rows = read(out);
    expect(rows[0]).toEqual(['Email address', 'LSTM lab', 'Feedback']);
    expect(rows.slice(1).map((row) => row.slice(0, 2))).toEqual([
      ['anna@example.edu', MAX],
      ['petrov@example.edu', '0'],
    ]);
    expect(rows[1][2]).toMatch(new RegExp(`^${MAX} of ${MAX} points\\. 01-vanishing-gradient: 15/15\\. `));
    expect(rows[2][2]).toMatch(new RegExp(`^0 of ${MAX} points\\. 01-vanishing-gradient: 0/15\\. `));
    expect(r.students).toBe(2);
    expect(r.warnings[0]).toBe(
      'sidorov: no email in the roster, so Moodle cannot match them; left out of the file: add it to the roster',
    );
  });

  it('identifies students by ID number when asked, and writes the feedback in Russian', () => {
    const out = path.join(dir, 'moodle-idnumber.csv');
    exportMoodle({ reports, kitRoot: PACKAGE_ROOT, roster, out, identifier: 'idnumber', lang: 'ru' });
    const rows = read(out);
    expect(rows[0][0]).toBe('ID number');
    expect(rows[0][2]).toBe('Отзыв');
    expect(rows.slice(1).map((row) => row[0])).toEqual(['S-001', 'S-002']);
    expect(rows[1][2]).toMatch(new RegExp(`^${MAX} из ${MAX} баллов\\.`));
  });
});
