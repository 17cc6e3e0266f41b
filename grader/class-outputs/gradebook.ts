/**
 * gradebook.csv: one row per student, points as exact decimals (formatted once from integer
 * milli-points) that survive a spreadsheet round trip. Text cells that a spreadsheet would read
 * as a formula are prefixed with an apostrophe.
 */
import type { Catalog } from '../shared/catalog';
import { formatMilli } from '../shared/points';
import type { ClassRow } from './rows';

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function gradebookCsv(catalog: Catalog, rows: ClassRow[]): string {
  const header = [
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
  ];
  const lines = [header.join(',')];
  for (const row of rows) {
    const r = row.results;
    const perExercise = catalog.exercises.map((e) => {
      const ex = r?.exercises.find((x) => x.id === e.id);
      return ex ? formatMilli(ex.score_milli) : '';
    });
    lines.push(
      [
        cell(row.id),
        cell(row.name),
        row.status,
        ...perExercise,
        r ? formatMilli(r.raw_milli) : '',
        r ? formatMilli(r.submission.penalty_milli) : '',
        r?.manual ? formatMilli(r.manual.total_milli) : '',
        r ? formatMilli(r.final_milli) : '0',
        formatMilli(row.maxMilli),
        r ? String(r.submission.late_days) : '',
        cell(r?.submission.commit ?? ''),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
