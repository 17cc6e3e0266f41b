/**
 * The leak scan: proof that a student kit holds nothing a student must not see. It looks for
 *   - any file under solutions/, and any hidden suite (*.hidden.test.ts);
 *   - the solution marker text, anywhere;
 *   - reference code: every non-trivial line inside the solution markers of solutions/**\/*.ts that
 *     the generated stub does not have, and every distinctive line of the other teacher-only files
 *     (hidden suites, case generators, the mistakes and diagnosis catalogues);
 *   - the texts only hidden checks use (the message catalog's area `hidden`), in any file;
 *   - the course secret, when one is given;
 *   - held-out data: any row at or after a held-out rule's `from`, in any CSV with the rule's
 *     column, and any held-out row of the source data, verbatim, in any file.
 * `release` runs it on every kit before packing; the tests run it on kits with planted leaks.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DATASETS_DIR, listFiles, readDataRules, splitCsv, type HeldOutRule } from './datasets';
import { fingerprints, MARKER, normaliseLine, type Fingerprints } from './fingerprints';
import { LANGS } from '../shared/results';

export type LeakKind =
  | 'solutions-file'
  | 'hidden-suite'
  | 'solution-marker'
  | 'reference-code'
  | 'teacher-code'
  | 'hidden-text'
  | 'secret'
  | 'held-out-data';

export interface Leak {
  kind: LeakKind;
  /** Kit-relative path. */
  file: string;
  line?: number;
  detail: string;
}

/** Files larger than this are not read line by line (no kit file comes close). */
const MAX_TEXT_BYTES = 8 * 1024 * 1024;

/** Shorter texts may well be said elsewhere too ("fix the forward pass first"); longer ones are a hidden check's own. */
const MIN_HIDDEN_TEXT = 40;

/** The catalog's texts of the area `hidden`, as written and as JSON writes them, → their key. */
function hiddenTexts(sourceRoot: string): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (node: unknown, key: string): void => {
    if (typeof node === 'string') {
      if (node.length >= MIN_HIDDEN_TEXT)
        for (const form of [node, JSON.stringify(node).slice(1, -1)]) texts.set(form, key);
    } else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, `${key}.${k}`);
    }
  };
  for (const lang of LANGS) {
    const file = path.join(sourceRoot, 'templates', `strings.${lang}.json`);
    if (existsSync(file)) walk((JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>).hidden, 'hidden');
  }
  return texts;
}

/** Held-out rules of the source data, and its held-out rows verbatim. */
function heldOutData(sourceRoot: string): { rules: HeldOutRule[]; rows: Map<string, string> } {
  const rules: HeldOutRule[] = [];
  const rows = new Map<string, string>();
  for (const rule of readDataRules(sourceRoot)) {
    if (!rule.heldOut) continue;
    const { column, from } = rule.heldOut;
    if (!rules.some((r) => r.column === column && r.from === from)) rules.push({ column, from });
    const file = path.join(sourceRoot, DATASETS_DIR, rule.path);
    if (!existsSync(file)) continue;
    for (const row of splitCsv(readFileSync(file, 'utf8'), rule.heldOut, file).heldOutRows)
      rows.set(row.trim(), `${DATASETS_DIR}/${rule.path}`);
  }
  return { rules, rows };
}

function isText(data: Buffer): boolean {
  return data.length <= MAX_TEXT_BYTES && !data.subarray(0, 8000).includes(0);
}

/** Rows of a kit CSV at or after a held-out rule's `from`, for every rule whose column the CSV has. */
function heldOutRowsIn(text: string, rules: HeldOutRule[]): { line: number; value: string; rule: HeldOutRule }[] {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch {
    return [];
  }
  const found: { line: number; value: string; rule: HeldOutRule }[] = [];
  const header = records[0] ?? [];
  for (const rule of rules) {
    const column = header.indexOf(rule.column);
    if (column < 0) continue;
    records.slice(1).forEach((record, i) => {
      const value = record[column];
      if (value !== undefined && value >= rule.from) found.push({ line: i + 2, value, rule });
    });
  }
  return found;
}

export interface ScanOptions {
  /** The kit folder to scan. */
  kitDir: string;
  /** The course repository: where solutions/ and datasets/ are. */
  sourceRoot: string;
  /** The course secret; not looked for when null or absent. */
  secret?: string | null;
}

/** What the scan looks for, read once from the course repository. */
interface Sought extends Fingerprints {
  /** Reference lines long enough to be looked for inside a longer line too. */
  longReference: string[];
  secret: string | null;
  /** Texts only hidden checks use → their key. */
  hidden: Map<string, string>;
  data: ReturnType<typeof heldOutData>;
}

/** Every leak in the kit; an empty list proves the kit clean of everything above. */
export function scanKit(opts: ScanOptions): Leak[] {
  const { reference, teacher } = fingerprints(opts.sourceRoot);
  const sought: Sought = {
    reference,
    teacher,
    data: heldOutData(opts.sourceRoot),
    longReference: [...reference.keys()].filter((l) => l.length >= 40),
    secret: opts.secret?.trim() || null,
    hidden: hiddenTexts(opts.sourceRoot),
  };
  return listFiles(opts.kitDir)
    .filter((rel) => rel.split('/')[0] !== 'node_modules')
    .flatMap((rel) => fileLeaks(rel, readFileSync(path.join(opts.kitDir, rel)), sought));
}

/** The leaks of one kit file: where it is, the secret in its bytes, then what its text says. */
function fileLeaks(rel: string, bytes: Buffer, sought: Sought): Leak[] {
  const leaks: Leak[] = [];
  if (rel.split('/').includes('solutions'))
    leaks.push({ kind: 'solutions-file', file: rel, detail: 'a file under solutions/ (teacher-only)' });
  if (rel.endsWith('.hidden.test.ts')) leaks.push({ kind: 'hidden-suite', file: rel, detail: 'a hidden suite' });
  if (sought.secret && bytes.includes(sought.secret))
    leaks.push({ kind: 'secret', file: rel, detail: 'contains the course secret' });
  if (!isText(bytes)) return leaks;
  const text = bytes.toString('utf8');
  // A line of reference or teacher code is reported once per file, where it is first seen.
  const seen = new Set<string>();
  leaks.push(...lineLeaks(rel, text, sought, seen), ...joinedReferenceLeaks(rel, text, sought, seen));
  const said = [...sought.hidden].find(([form]) => text.includes(form));
  if (said)
    leaks.push({
      kind: 'hidden-text',
      file: rel,
      detail: `a text only hidden checks use (${said[1]}): ${said[0].slice(0, 60)}`,
    });
  if (/\.(csv|tsv)$/i.test(rel) && sought.data.rules.length > 0) {
    for (const hit of heldOutRowsIn(text, sought.data.rules)) {
      leaks.push({
        kind: 'held-out-data',
        file: rel,
        line: hit.line,
        detail: `${hit.rule.column} ${hit.value} is held out (from ${hit.rule.from})`,
      });
    }
  }
  return leaks;
}

/** Line by line: the solution marker, reference and teacher-only code, held-out rows verbatim. */
function lineLeaks(rel: string, text: string, sought: Sought, seen: Set<string>): Leak[] {
  const leaks: Leak[] = [];
  const fingerprinted = [
    ['reference-code', sought.reference, 'reference code'],
    ['teacher-code', sought.teacher, 'teacher-only code'],
  ] as const;
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.includes(MARKER)) leaks.push({ kind: 'solution-marker', file: rel, line, detail: `the text "${MARKER}"` });
    const l = normaliseLine(raw);
    for (const [kind, lines, what] of fingerprinted) {
      const from = lines.get(l);
      if (from && !seen.has(l)) {
        seen.add(l);
        leaks.push({ kind, file: rel, line, detail: `${what} from ${from}: ${l.slice(0, 80)}` });
      }
    }
    const row = sought.data.rows.get(raw.trim());
    if (row)
      leaks.push({
        kind: 'held-out-data',
        file: rel,
        line,
        detail: `a held-out row of ${row}: ${raw.trim().slice(0, 80)}`,
      });
  });
  return leaks;
}

/** Reference code inside a longer line (joined, minified or reformatted onto one line). */
function joinedReferenceLeaks(rel: string, text: string, sought: Sought, seen: Set<string>): Leak[] {
  if (sought.longReference.length === 0) return [];
  const leaks: Leak[] = [];
  const flat = text.replace(/\s+/g, ' ');
  for (const l of sought.longReference) {
    if (!seen.has(l) && flat.includes(l)) {
      seen.add(l);
      leaks.push({
        kind: 'reference-code',
        file: rel,
        detail: `reference code from ${sought.reference.get(l)}: ${l.slice(0, 80)}`,
      });
    }
  }
  return leaks;
}

export function formatLeak(leak: Leak): string {
  return `${leak.file}${leak.line ? `:${leak.line}` : ''}: ${leak.kind}: ${leak.detail}`;
}
