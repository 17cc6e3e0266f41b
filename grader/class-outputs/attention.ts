/**
 * Who needs the teacher's attention, one entry per student and reason: no submission, a
 * submission that could not be graded or crashed, a late one, a timeout, changed protected files.
 * The class report opens with it, and grade-all's console ends with it, one line per student.
 */
import type { Catalog } from '../shared/catalog';
import { formatMilli } from '../shared/points';
import type { ClassRow } from './rows';

export type AttentionKind = 'missing' | 'errored' | 'late' | 'timeouts' | 'tampered';

export interface AttentionItem {
  kind: AttentionKind;
  id: string;
  /** A short detail in English for the console (the report words its own from the catalog's area class). */
  detail: string;
  lateDays?: number;
  penaltyMilli?: number;
  error?: string;
  /** Checks that errored or crashed, for a graded submission. */
  crashed?: string[];
}

export function attentionItems(rows: ClassRow[]): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const row of rows) {
    const r = row.results;
    if (!r) {
      if (row.status === 'error')
        items.push({
          kind: 'errored',
          id: row.id,
          detail: `could not be graded: ${(row.error ?? '').split('\n')[0]}`,
          error: row.error ?? '',
        });
      else
        items.push({ kind: 'missing', id: row.id, detail: `no submission (${row.status}); the grade book counts 0` });
      continue;
    }
    const crashed = r.tests
      .filter((t) => t.gatelab.outcome === 'error' || t.gatelab.outcome === 'crashed')
      .map((t) => `${t.gatelab.exercise}/${t.gatelab.id}`);
    // Code that did not run (a sandbox layer missing, fail closed) says so, not that its checks crashed.
    if (r.sandbox?.ran === false)
      items.push({
        kind: 'errored',
        id: row.id,
        detail: `NOT RUN: the sandbox lacks ${r.sandbox.refused.join(', ')}; these results are not grades`,
        crashed,
      });
    else if (crashed.length)
      items.push({
        kind: 'errored',
        id: row.id,
        detail: `errors or crashes in ${crashed.length} check(s), first ${crashed[0]}`,
        crashed,
      });
    if (r.submission.late_days > 0) {
      const penalty = r.submission.penalty_milli;
      items.push({
        kind: 'late',
        id: row.id,
        detail: `${r.submission.late_days} day(s) late, −${formatMilli(penalty)} points`,
        lateDays: r.submission.late_days,
        penaltyMilli: penalty,
      });
    }
    if (r.tests.some((t) => t.gatelab.outcome === 'timeout'))
      items.push({ kind: 'timeouts', id: row.id, detail: 'a check ran out of time' });
    if (r.integrity.some((n) => n.kind === 'tampered'))
      items.push({ kind: 'tampered', id: row.id, detail: 'changed protected files (public tests or fixtures)' });
  }
  return items;
}

/** The end of grade-all's console: one line per missing, errored or late student (and the rest that need a look). */
export function attentionLines(rows: ClassRow[]): string[] {
  const label: Record<AttentionKind, string> = {
    missing: 'missing',
    errored: 'error',
    late: 'late',
    timeouts: 'timeout',
    tampered: 'tampered',
  };
  return attentionItems(rows).map((i) => `${label[i.kind]}: ${i.id} — ${i.detail}`);
}

/** The course's time zone offset, from its deadline ("…+03:00" → +180 minutes; "Z" → 0). */
export function courseOffsetMinutes(catalog: Catalog): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(catalog.deadline);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** A moment as "YYYY-MM-DD HH:MM +03:00" in the course's time zone. */
export function courseTime(iso: string | Date, offsetMinutes: number): string {
  const t = new Date(new Date(iso).getTime() + offsetMinutes * 60_000).toISOString();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone =
    offsetMinutes === 0
      ? 'UTC'
      : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${t.slice(0, 10)} ${t.slice(11, 16)} ${zone}`;
}
