/**
 * `gatelab export canvas <reports> --roster <csv> --out <file>`: a file for Canvas's Gradebook →
 * Import. The layout follows Canvas's own gradebook CSV (Instructure's guide "How do I import
 * grades in the Gradebook?", and its export, which import reads back): the columns Student, ID,
 * SIS User ID, SIS Login ID, Section, then one column per assignment; a second row "Points
 * Possible" with the assignment's maximum under its column. Canvas matches a row to a student by
 * ID, SIS User ID or SIS Login ID, so the roster's sis_id and sis_login_id fill those columns; the
 * Canvas user ID is not known here and stays empty. A new column name creates a new assignment.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatMilli } from '../../shared/points';
import { csvLine, lmsGrades } from './rows';

export const CANVAS_COLUMNS = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'] as const;

export interface LmsExportOptions {
  reports: string;
  kitRoot: string;
  roster: string;
  out: string;
  /** The assignment's column name (default: the course title in its default language). */
  assignment?: string;
}

export interface LmsExportResult {
  file: string;
  students: number;
  warnings: string[];
}

export function exportCanvas(opts: LmsExportOptions): LmsExportResult {
  const grades = lmsGrades(opts);
  const assignment = opts.assignment ?? grades.catalog.course[grades.catalog.defaultLanguage];
  const lines = [
    csvLine([...CANVAS_COLUMNS, assignment]),
    csvLine(['Points Possible', '', '', '', '', formatMilli(grades.maxMilli)]),
  ];
  const warnings: string[] = [];
  for (const { entry, finalMilli } of grades.rows) {
    if (!entry.sisId && !entry.sisLoginId)
      warnings.push(
        `${entry.id}: no sis_id or sis_login_id in the roster; Canvas can match this row only by the name "${entry.name}"`,
      );
    lines.push(
      csvLine([
        entry.name,
        '',
        entry.sisId ?? '',
        entry.sisLoginId ?? '',
        entry.section ?? '',
        formatMilli(finalMilli),
      ]),
    );
  }
  for (const id of grades.notOnRoster)
    warnings.push(
      `${id}: graded but not on the roster, so not in the file; add them to the roster to export their grade`,
    );
  const file = path.resolve(opts.out);
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  return { file, students: grades.rows.length, warnings };
}
