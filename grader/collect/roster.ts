/**
 * The class roster: a CSV file with a header row and one student per row — `id`, `name`, `repo`,
 * an optional `extension_days`, and the identifiers a learning management system matches grades
 * by (`email`, `sis_id`, `sis_login_id`, `section`; see grader/export/lms). Rows are checked by
 * roster.schema.json, then by the rules a schema cannot say (unique ids, reserved names, URL
 * schemes). Every problem is a one-line UsageError naming the file, the line and the field, and
 * saying how to fix it.
 *
 * Rosters come as spreadsheets save them: UTF-8 with or without a byte-order mark, UTF-16, or
 * cp1251 (spreadsheet-text.ts), separated by commas, semicolons (a Russian Excel's "CSV") or tabs,
 * whichever the header line uses most.
 *
 * Ids may be in any alphabet (Cyrillic included): the id is the student's folder name as it is,
 * which is safe on every system as long as it holds only letters, digits, '-', '_' and inner dots.
 * It is put in Unicode normal form C first, so "й" typed on a Mac and on Windows is one id and one
 * folder, and ids that differ only in case clash (one folder on macOS and Windows).
 */
import { parse } from 'csv-parse/sync';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors';
import { compileSchema, firstSchemaError } from '../schemas';
import { readSpreadsheetText, SAVE_AS_UTF8 } from './spreadsheet-text';

export interface RosterEntry {
  /** Safe folder name: the student's export is `<into>/<id>/`. */
  id: string;
  name: string;
  /** A git URL as written, or a local path made absolute against the roster's folder. */
  repo: string;
  extensionDays: number;
  /** The CSV line where the row starts, for messages. */
  line: number;
  /** What an LMS knows the student by, when the roster has it. */
  email?: string;
  sisId?: string;
  sisLoginId?: string;
  section?: string;
}

/** The roster columns that only carry LMS identifiers, and the entry field each one fills. */
export const LMS_COLUMNS = { email: 'email', sis_id: 'sisId', sis_login_id: 'sisLoginId', section: 'section' } as const;

/** One row as the schema sees it: cells as text, extension_days as a number when it is one. */
interface RosterRow {
  id: string;
  name: string;
  repo: string;
  extension_days?: number | string;
  email?: string;
  sis_id?: string;
  sis_login_id?: string;
  section?: string;
}

const COLUMNS = ['id', 'name', 'repo', 'extension_days', ...Object.keys(LMS_COLUMNS)];
const SEPARATORS = [',', ';', '\t'] as const;
const SEPARATOR_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
const REQUIRED_COLUMNS = ['id', 'name', 'repo'];
const HOW_TO_FIX: Record<string, string> = {
  id: "use letters (any alphabet), digits, '-', '_' and '.', starting with a letter or digit, with no '..' (the id becomes the student's folder name)",
  name: "write the student's name",
  repo: "write a git URL (https://…, ssh://…, git@host:owner/repo.git) or a local path; it may not start with '-'",
  extension_days: 'write a number of days from 0 to 365, like 2, or leave the cell empty',
  email: 'write an e-mail address like ann@example.edu, or leave the cell empty',
  sis_id: 'write the student id of your LMS (at most 100 characters), or leave the cell empty',
  sis_login_id: 'write the login of your LMS (at most 100 characters), or leave the cell empty',
  section: 'write the section name (at most 100 characters), or leave the cell empty',
};
// Schemes git can fetch from without running a helper program (`ext::` and friends never match:
// anything that is not one of these URLs or a user@host:path is read as a local path).
const URL_SCHEMES = new Set(['https', 'http', 'ssh', 'git', 'file']);
// Names collect itself writes into --into; ids cannot start with '.', so only this one can clash.
const RESERVED_IDS = new Set(['manifest.json']);

const validateRows = compileSchema<RosterRow[]>('roster.schema.json');

export function readRoster(file: string): RosterEntry[] {
  if (!existsSync(file))
    throw new UsageError(
      `${file}: roster not found; pass a CSV file whose header is id,name,repo (and optionally extension_days)`,
    );
  const { text } = readSpreadsheetText(file, { saveAs: SAVE_AS_UTF8.csv });
  const { rows, lines } = parseRows(text, file);
  if (!validateRows(rows)) throw new UsageError(describeSchemaError(file, rows, lines));
  const entries = rows.map((row, i) => {
    const entry: RosterEntry = {
      id: row.id,
      name: row.name,
      repo: resolveRepo(row.repo, file, lines[i]),
      extensionDays: typeof row.extension_days === 'number' ? row.extension_days : 0,
      line: lines[i],
    };
    for (const [column, field] of Object.entries(LMS_COLUMNS)) {
      const value = row[column as keyof typeof LMS_COLUMNS];
      if (value) entry[field] = value;
    }
    return entry;
  });
  checkIds(entries, file);
  return entries;
}

/** The separator the header line uses most (outside quotes); a comma when it uses none. */
export function detectSeparator(text: string): (typeof SEPARATORS)[number] {
  const header = (text.split('\n').find((l) => l.trim() !== '') ?? '').replace(/"[^"]*"/g, '');
  let best: (typeof SEPARATORS)[number] = ',';
  for (const sep of SEPARATORS) if (header.split(sep).length > header.split(best).length) best = sep;
  return best;
}

/** CSV text → one object per row plus the line each row starts on; the header is checked here. */
function parseRows(text: string, file: string): { rows: RosterRow[]; lines: number[] } {
  let records: { record: string[]; info: { lines: number } }[];
  // Line endings are normalised first: csv-parse miscounts lines in CRLF files, and messages need them.
  const normalised = text.replace(/\r\n?/g, '\n');
  const delimiter = detectSeparator(normalised);
  const sep = SEPARATOR_NAMES[delimiter];
  try {
    // With `info: true` each record comes as { record, info }; csv-parse's types do not model that option.
    records = parse(normalised, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      delimiter,
    }) as unknown as typeof records;
  } catch (err) {
    const where = (err as { lines?: number }).lines;
    throw new UsageError(
      `${file}${where ? ` line ${where}` : ''}: not valid CSV (${(err as Error).message}); every row needs the same cells as the header, separated by a ${sep} as the header is, and a cell with a ${sep} in it must be in double quotes`,
    );
  }
  if (records.length === 0)
    throw new UsageError(`${file}: the roster is empty; write a header line id,name,repo and one line per student`);
  const [header, ...body] = records;
  const columns = checkHeader(
    header.record.map((c) => c.toLowerCase()),
    file,
    header.info.lines,
  );
  if (body.length === 0)
    throw new UsageError(`${file}: the roster has a header but no students; add one line per student`);
  const rows = body.map(({ record }) => {
    const row: Record<string, string | number> = {};
    columns.forEach((column, c) => {
      const cell = column === 'id' ? record[c].normalize('NFC') : record[c];
      if (column === 'extension_days') {
        // An empty cell means no extension; a number becomes a number so the schema can check its range.
        // A decimal comma (a Russian spreadsheet's 0,5) reads as a decimal point.
        const days = cell.replace(/^(\d+),(\d+)$/, '$1.$2');
        if (cell !== '') row[column] = /^\d+(\.\d+)?$/.test(days) ? Number(days) : cell;
      } else if (column in LMS_COLUMNS) {
        if (cell !== '') row[column] = cell;
      } else row[column] = cell;
    });
    return row as unknown as RosterRow;
  });
  // info.lines is where a record ends; a quoted cell may span lines, so count back to its start.
  const lines = body.map(
    ({ record, info }) => info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
  );
  return { rows, lines };
}

function checkHeader(columns: string[], file: string, line: number): string[] {
  const where = `${file} line ${line} (the header)`;
  for (const column of columns) {
    if (!COLUMNS.includes(column)) {
      throw new UsageError(
        `${where}: unknown column "${column}"; the columns are ${COLUMNS.join(', ')}, separated by commas or semicolons: remove it or fix its spelling`,
      );
    }
  }
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated) throw new UsageError(`${where}: column "${repeated}" appears twice; keep one`);
  const missing = REQUIRED_COLUMNS.find((c) => !columns.includes(c));
  if (missing)
    throw new UsageError(
      `${where}: missing column "${missing}"; the header must name id, name and repo (and optionally extension_days)`,
    );
  return columns;
}

/** Turns "at /3/id: …" into the CSV line and column of that cell, with the fix for that column. */
function describeSchemaError(file: string, rows: RosterRow[], lines: number[]): string {
  const err = validateRows.errors?.[0];
  const match = /^\/(\d+)\/(\w+)/.exec(err?.instancePath ?? '');
  if (!match) return `${file}: ${firstSchemaError(validateRows.errors)}`;
  const [, index, field] = match;
  const value = (rows[Number(index)] as unknown as Record<string, unknown>)[field];
  const what = value === '' ? `${field} is empty` : `${field} ${JSON.stringify(value)} is not valid`;
  return `${file} line ${lines[Number(index)]}: ${what}; ${HOW_TO_FIX[field] ?? firstSchemaError(validateRows.errors)}`;
}

function resolveRepo(repo: string, file: string, line: number): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(repo)?.[1];
  if (scheme !== undefined) {
    if (!URL_SCHEMES.has(scheme.toLowerCase())) {
      throw new UsageError(
        `${file} line ${line}: repo "${repo}" uses the scheme "${scheme}", which collect does not fetch from; use https://, ssh://, git:// or file://, or a local path`,
      );
    }
    return repo;
  }
  if (/^[\w.-]+@[\w.-]+:/.test(repo)) return repo; // scp-like ssh: git@github.com:owner/repo.git
  return path.resolve(path.dirname(path.resolve(file)), repo);
}

function checkIds(entries: RosterEntry[], file: string): void {
  // Folder names compare without case on macOS and Windows, so "Ann" and "ann" would share a folder.
  const seen = new Map<string, RosterEntry>();
  for (const entry of entries) {
    const key = entry.id.toLowerCase();
    if (RESERVED_IDS.has(key))
      throw new UsageError(
        `${file} line ${entry.line}: id "${entry.id}" is the name of collect's own manifest file; choose another id`,
      );
    const first = seen.get(key);
    if (first) {
      const same = first.id === entry.id ? 'is already used' : `differs only in case from "${first.id}"`;
      throw new UsageError(
        `${file} line ${entry.line}: id "${entry.id}" ${same} on line ${first.line}; give each student their own id`,
      );
    }
    seen.set(key, entry);
  }
}
