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
import { makeStub } from '../generate/index';
import { DATASETS_DIR, listFiles, readDataRules, splitCsv, type HeldOutRule } from './datasets';
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

const MARKER = ['BEGIN', 'SOLUTION'].join(' '); // spelt apart so this file does not match itself
const BEGIN = new RegExp(`^\\s*//\\s*${MARKER}\\s*$`);
const END = /^\s*\/\/\s*END SOLUTION\s*$/;
/** Lines shorter than this (after normalising) are too common to prove anything: `}`, `return out;`. */
const MIN_LINE = 16;
/** Files larger than this are not read line by line (no kit file comes close). */
const MAX_TEXT_BYTES = 8 * 1024 * 1024;

/** A line as compared: comments and surrounding space dropped, inner runs of space made one. */
export function normaliseLine(line: string): string {
  return line
    .replace(/\/\/.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const meaningful = (line: string) =>
  line.length >= MIN_LINE && /[A-Za-z_$]/.test(line) && !/^(\*|\/\*|\/\*\*|import |export \* from)/.test(line);

function linesOf(text: string): string[] {
  return text.split('\n').map(normaliseLine).filter(meaningful);
}

interface Fingerprints {
  /** Reference lines (inside the solution markers) → where they come from. */
  reference: Map<string, string>;
  /** Lines of the other teacher-only files → where they come from. */
  teacher: Map<string, string>;
}

/** The lines of the files under `dir` whose names match `which`. */
function linesUnder(dir: string, which: RegExp): Set<string> {
  const lines = new Set<string>();
  if (!existsSync(dir)) return lines;
  for (const rel of listFiles(dir))
    if (which.test(rel)) for (const l of linesOf(readFileSync(path.join(dir, rel), 'utf8'))) lines.add(l);
  return lines;
}

const CODE = /\.ts$/;
/** Text a kit ships on purpose; data rows are left to the held-out check. */
const TEXT = /\.(ts|md|json)$/;

/**
 * What reference and teacher-only code looks like. A line the kit has by design is not a fingerprint:
 * the stub's own lines, and the code of the engine (grader/), the toolkit (exercises/lib/) and the data
 * loaders (datasets/), which share everyday lines with the reference. Teacher files also share
 * boilerplate with the public tests and usage examples with the docs, so for them every line of the
 * public sources (grader/, exercises/, datasets/) is excused. What is left is looked for everywhere in
 * the kit, statements, tests and hints included.
 */
function fingerprints(sourceRoot: string): Fingerprints {
  const solutions = path.join(sourceRoot, 'solutions');
  const reference = new Map<string, string>();
  const teacher = new Map<string, string>();
  if (!existsSync(solutions)) return { reference, teacher };
  const at = (dir: string) => path.join(sourceRoot, dir);
  const engineLines = new Set([
    ...linesUnder(at('grader'), CODE),
    ...linesUnder(at('exercises/lib'), CODE),
    ...linesUnder(at(DATASETS_DIR), CODE),
  ]);
  const publicLines = new Set([
    ...engineLines,
    ...['grader', 'exercises', DATASETS_DIR].flatMap((d) => [...linesUnder(at(d), TEXT)]),
  ]);
  for (const rel of listFiles(solutions)) {
    if (!rel.endsWith('.ts')) continue;
    const text = readFileSync(path.join(solutions, rel), 'utf8');
    const where = `solutions/${rel}`;
    const lines = text.split('\n');
    if (lines.some((l) => BEGIN.test(l))) {
      let stubLines = new Set<string>();
      try {
        stubLines = new Set(linesOf(makeStub(text, rel.split('/')[0], where)));
      } catch {
        // Unbalanced markers: generate reports them; every marked line still counts as reference.
      }
      let inside = false;
      lines.forEach((raw, i) => {
        if (BEGIN.test(raw)) inside = true;
        else if (END.test(raw)) inside = false;
        else if (inside) {
          const l = normaliseLine(raw);
          if (meaningful(l) && !stubLines.has(l) && !engineLines.has(l)) reference.set(l, `${where}:${i + 1}`);
        }
      });
    } else {
      lines.forEach((raw, i) => {
        const l = normaliseLine(raw);
        if (meaningful(l) && !publicLines.has(l)) teacher.set(l, `${where}:${i + 1}`);
      });
    }
  }
  return { reference, teacher };
}

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

/** Every leak in the kit; an empty list proves the kit clean of everything above. */
export function scanKit(opts: ScanOptions): Leak[] {
  const leaks: Leak[] = [];
  const { reference, teacher } = fingerprints(opts.sourceRoot);
  const data = heldOutData(opts.sourceRoot);
  const longReference = [...reference.keys()].filter((l) => l.length >= 40);
  const secret = opts.secret?.trim() || null;
  const hidden = hiddenTexts(opts.sourceRoot);

  for (const rel of listFiles(opts.kitDir)) {
    if (rel.split('/')[0] === 'node_modules') continue;
    if (rel.split('/').includes('solutions'))
      leaks.push({ kind: 'solutions-file', file: rel, detail: 'a file under solutions/ (teacher-only)' });
    if (rel.endsWith('.hidden.test.ts')) leaks.push({ kind: 'hidden-suite', file: rel, detail: 'a hidden suite' });
    const bytes = readFileSync(path.join(opts.kitDir, rel));
    if (secret && bytes.includes(secret))
      leaks.push({ kind: 'secret', file: rel, detail: 'contains the course secret' });
    if (!isText(bytes)) continue;
    const text = bytes.toString('utf8');
    const rawLines = text.split('\n');
    const seen = new Set<string>();
    rawLines.forEach((raw, i) => {
      const line = i + 1;
      if (raw.includes(MARKER))
        leaks.push({ kind: 'solution-marker', file: rel, line, detail: `the text "${MARKER}"` });
      const l = normaliseLine(raw);
      const from = reference.get(l);
      if (from && !seen.has(l)) {
        seen.add(l);
        leaks.push({
          kind: 'reference-code',
          file: rel,
          line,
          detail: `reference code from ${from}: ${l.slice(0, 80)}`,
        });
      }
      const teacherFrom = teacher.get(l);
      if (teacherFrom && !seen.has(l)) {
        seen.add(l);
        leaks.push({
          kind: 'teacher-code',
          file: rel,
          line,
          detail: `teacher-only code from ${teacherFrom}: ${l.slice(0, 80)}`,
        });
      }
      const row = data.rows.get(raw.trim());
      if (row)
        leaks.push({
          kind: 'held-out-data',
          file: rel,
          line,
          detail: `a held-out row of ${row}: ${raw.trim().slice(0, 80)}`,
        });
    });
    // Reference code inside a longer line (joined, minified or reformatted onto one line).
    if (longReference.length > 0) {
      const flat = text.replace(/\s+/g, ' ');
      for (const l of longReference) {
        if (!seen.has(l) && flat.includes(l)) {
          seen.add(l);
          leaks.push({
            kind: 'reference-code',
            file: rel,
            detail: `reference code from ${reference.get(l)}: ${l.slice(0, 80)}`,
          });
        }
      }
    }
    const said = [...hidden].find(([form]) => text.includes(form));
    if (said)
      leaks.push({
        kind: 'hidden-text',
        file: rel,
        detail: `a text only hidden checks use (${said[1]}): ${said[0].slice(0, 60)}`,
      });
    if (/\.(csv|tsv)$/i.test(rel) && data.rules.length > 0) {
      for (const hit of heldOutRowsIn(text, data.rules)) {
        leaks.push({
          kind: 'held-out-data',
          file: rel,
          line: hit.line,
          detail: `${hit.rule.column} ${hit.value} is held out (from ${hit.rule.from})`,
        });
      }
    }
  }
  return leaks;
}

export function formatLeak(leak: Leak): string {
  return `${leak.file}${leak.line ? `:${leak.line}` : ''}: ${leak.kind}: ${leak.detail}`;
}
