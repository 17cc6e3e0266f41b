/**
 * The grades an LMS import file carries: every student of the roster (the LMS's class list) with
 * their final points from the reports folder of grade-all, missing students at 0 as the grade book
 * counts them, plus the students graded but not on the roster (they cannot be matched in the LMS,
 * so the exporters name them in a warning).
 */
import { catalogMaxMilli, loadCatalog, type Catalog } from '../../shared/catalog';
import { loadRows, type ClassRow } from '../../class-outputs/rows';
import { readClassState, reportsFolder } from '../../class-outputs';
import { readRoster, type RosterEntry } from '../../collect/roster';

export interface LmsRow {
  entry: RosterEntry;
  row: ClassRow;
  finalMilli: number;
}

export interface LmsGrades {
  catalog: Catalog;
  maxMilli: number;
  rows: LmsRow[];
  /** Graded students with no roster line: not in the file. */
  notOnRoster: string[];
}

export function lmsGrades(opts: { reports: string; kitRoot: string; roster: string }): LmsGrades {
  const reports = reportsFolder(opts.reports);
  const catalog = loadCatalog(opts.kitRoot);
  const roster = readRoster(opts.roster);
  const state = readClassState(reports);
  const known = new Map(state.students.map((s) => [s.id, s]));
  // Roster students grade-all never saw (no folder at all) are missing, as in the grade book.
  const students = roster.map(
    (e) =>
      known.get(e.id) ?? {
        id: e.id,
        name: e.name,
        dir: null,
        commit: null,
        submittedAt: null,
        seenAt: null,
        extensionDays: 0,
        deadline: null,
        status: 'missing',
      },
  );
  const classRows = loadRows(reports, catalog, students);
  const onRoster = new Set(roster.map((e) => e.id));
  return {
    catalog,
    maxMilli: catalogMaxMilli(catalog),
    rows: roster.map((entry, i) => ({ entry, row: classRows[i], finalMilli: classRows[i].results?.final_milli ?? 0 })),
    notOnRoster: state.students.filter((s) => !onRoster.has(s.id)).map((s) => s.id),
  };
}

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: string[]): string {
  return cells.map(csvCell).join(',');
}
