/**
 * `gatelab export moodle <reports> --roster <csv> --out <file>`: a file for Moodle's Grades →
 * Import → CSV file. Following Moodle's "Import grades" documentation (docs.moodle.org, Import
 * grades → CSV import): the first row names the columns; on import the teacher picks the column
 * that identifies users ("Identify user by", mapped to the user's email address or ID number),
 * maps the grade column to the assignment's grade item and the feedback column to "Feedback for"
 * that item. So the file has three columns: the identifier (headed as Moodle's own grade export
 * heads it: "Email address" or "ID number"), the grade, and the feedback. Comma-separated UTF-8,
 * the import form's defaults.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { area, formatMessage } from '../../shared/messages';
import { formatMilli } from '../../shared/points';
import type { Lang } from '../../shared/results';
import type { LmsExportOptions, LmsExportResult } from './canvas';
import { csvLine, lmsGrades, type LmsRow } from './rows';

export const MOODLE_IDS = { email: 'Email address', idnumber: 'ID number' } as const;
export type MoodleId = keyof typeof MOODLE_IDS;

interface FeedbackStrings {
  feedback: string;
  total: string;
  exercise: string;
  late: string;
  manual: string;
  missing: string;
  error: string;
}

function feedbackStrings(lang: Lang): FeedbackStrings {
  return area(lang, 'teacher.moodle') as unknown as FeedbackStrings;
}

/** One line a student reads in Moodle: the total, each exercise, the late penalty and the TA's points. */
export function moodleFeedback(row: LmsRow, maxMilli: number, t: FeedbackStrings): string {
  const r = row.row.results;
  if (!r) return row.row.status === 'error' ? t.error : t.missing;
  const parts = [formatMessage(t.total, { final: formatMilli(r.final_milli), max: formatMilli(maxMilli) })];
  for (const e of r.exercises)
    parts.push(
      formatMessage(t.exercise, { exercise: e.id, score: formatMilli(e.score_milli), max: formatMilli(e.max_milli) }),
    );
  if (r.submission.penalty_milli > 0)
    parts.push(
      formatMessage(t.late, { penalty: formatMilli(r.submission.penalty_milli), days: String(r.submission.late_days) }),
    );
  if (r.manual) parts.push(formatMessage(t.manual, { points: formatMilli(r.manual.total_milli) }));
  return parts.join(' ');
}

export function exportMoodle(opts: LmsExportOptions & { identifier?: MoodleId; lang?: Lang }): LmsExportResult {
  const grades = lmsGrades(opts);
  const identifier = opts.identifier ?? 'email';
  const t = feedbackStrings(opts.lang ?? grades.catalog.defaultLanguage);
  const assignment = opts.assignment ?? grades.catalog.course[grades.catalog.defaultLanguage];
  const lines = [csvLine([MOODLE_IDS[identifier], assignment, t.feedback])];
  const warnings: string[] = [];
  let students = 0;
  for (const row of grades.rows) {
    const id = identifier === 'email' ? row.entry.email : row.entry.sisId;
    if (!id) {
      warnings.push(
        `${row.entry.id}: no ${identifier === 'email' ? 'email' : 'sis_id'} in the roster, so Moodle cannot match them; left out of the file: add it to the roster`,
      );
      continue;
    }
    lines.push(csvLine([id, formatMilli(row.finalMilli), moodleFeedback(row, grades.maxMilli, t)]));
    students++;
  }
  for (const id of grades.notOnRoster)
    warnings.push(
      `${id}: graded but not on the roster, so not in the file; add them to the roster to export their grade`,
    );
  const file = path.resolve(opts.out);
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, students, warnings };
}
