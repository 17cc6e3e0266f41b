/**
 * The training part of datasets/. `datasets/datasets.json` lists the data files; a file with a
 * held-out rule (`"heldOut": { "column": "date", "from": "2015-01-01" }`) goes to the kit without
 * the rows at or after `from`, byte for byte otherwise, and when the entry says what the kit's copy
 * must be (`studentKit.sha256`), the copy is checked against it. Everything else in datasets/ (the
 * loader, the provenance notes) is copied as it is. No datasets/ folder: nothing to do.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listSubmission, UNBOUNDED } from '../submission';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../shared/errors';
import { sha256 } from '../shared/manifest';

export interface HeldOutRule {
  column: string;
  /** Rows whose `column` is at or after this value are held out (ISO dates compare as text). */
  from: string;
}

export interface DataFileRule {
  /** Relative to datasets/, forward slashes. */
  path: string;
  heldOut?: HeldOutRule;
  studentKit?: { sha256?: string };
}

export const DATASETS_DIR = 'datasets';
export const DATASETS_JSON = 'datasets.json';

/** The files datasets.json describes; an empty list when there is no datasets/ or no data in it. */
export function readDataRules(sourceRoot: string): DataFileRule[] {
  const dir = path.join(sourceRoot, DATASETS_DIR);
  const file = path.join(dir, DATASETS_JSON);
  if (!existsSync(file)) {
    const data = existsSync(dir) ? listFiles(dir).filter((f) => /\.(csv|tsv)$/i.test(f)) : [];
    if (data.length > 0) {
      throw new UsageError(
        `${dir}: holds data files (${data.join(', ')}) but no ${DATASETS_JSON} saying which rows are held out; add it before releasing`,
      );
    }
    return [];
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); fix the syntax`);
  }
  const files = (doc as { files?: unknown } | null)?.files;
  if (!Array.isArray(files))
    throw new UsageError(`${file}: expected {"files": [{"path": …, "heldOut": {"column": …, "from": …}}, …]}`);
  return files.map((entry: unknown, i: number): DataFileRule => {
    const e = entry as Partial<DataFileRule> | null;
    if (!e || typeof e.path !== 'string')
      throw new UsageError(`${file}: /files/${i} has no "path"; name the data file relative to datasets/`);
    const rule = e.heldOut;
    if (rule !== undefined && (typeof rule?.column !== 'string' || typeof rule?.from !== 'string')) {
      throw new UsageError(
        `${file}: /files/${i}/heldOut must be {"column": "<name>", "from": "<first held-out value>"}`,
      );
    }
    return { path: e.path, ...(rule ? { heldOut: rule } : {}), ...(e.studentKit ? { studentKit: e.studentKit } : {}) };
  });
}

/**
 * The regular files under `dir` (relative, sorted), from the one listing (grader/submission) with the kit's own
 * (unbounded) limits: dot-files, node_modules and symbolic links are left out, as everywhere else.
 */
export function listFiles(dir: string): string[] {
  return listSubmission(dir, UNBOUNDED)
    .entries.filter((e) => e.kind === 'file')
    .map((e) => e.rel);
}

const heldOut = (value: string | undefined, rule: HeldOutRule) => value !== undefined && value >= rule.from;

/** A CSV's rows split by the rule: the training text (header and kept rows, as they were) and the held-out rows. */
export function splitCsv(
  text: string,
  rule: HeldOutRule,
  file: string,
): { training: string; heldOutRows: string[]; keptRows: number } {
  // csv-parse types `raw: true` results as plain records; at run time each is { record, raw }.
  const records = parse(text, { raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as {
    record: string[];
    raw: string;
  }[];
  if (records.length === 0)
    throw new UsageError(`${file}: empty; the held-out rule needs a header with the column "${rule.column}"`);
  const column = records[0].record.indexOf(rule.column);
  if (column < 0)
    throw new UsageError(
      `${file}: no column "${rule.column}" (datasets.json's heldOut.column); the header is ${records[0].record.join(',')}`,
    );
  let training = records[0].raw;
  const heldOutRows: string[] = [];
  let keptRows = 0;
  for (const { record, raw } of records.slice(1)) {
    if (heldOut(record[column], rule)) heldOutRows.push(raw.replace(/\r?\n$/, ''));
    else {
      training += raw;
      keptRows++;
    }
  }
  // The last row may lack its newline; a kept one must still end the file the way every other line does.
  if (!training.endsWith('\n') && text.endsWith('\n')) training += '\n';
  return { training, heldOutRows, keptRows };
}

export interface DatasetCopy {
  copied: string[];
  /** path → rows left out. */
  heldOut: Record<string, number>;
}

/** Copies datasets/ into the kit, each held-out file without its held-out rows. */
export function copyDatasets(sourceRoot: string, kitDir: string): DatasetCopy {
  const from = path.join(sourceRoot, DATASETS_DIR);
  const result: DatasetCopy = { copied: [], heldOut: {} };
  if (!existsSync(from)) return result;
  const rules = new Map(readDataRules(sourceRoot).map((r) => [r.path, r]));
  for (const rel of listFiles(from)) {
    const target = path.join(kitDir, DATASETS_DIR, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    const rule = rules.get(rel);
    if (rule?.heldOut) {
      const source = path.join(from, rel);
      const split = splitCsv(readFileSync(source, 'utf8'), rule.heldOut, source);
      const expected = rule.studentKit?.sha256;
      if (expected && sha256(split.training) !== expected) {
        throw new UsageError(
          `${source}: its training part (rows before ${rule.heldOut.from}) does not match studentKit.sha256 in datasets.json; the file or the entry changed, regenerate the entry`,
        );
      }
      writeFileSync(target, split.training);
      result.heldOut[rel] = split.heldOutRows.length;
    } else {
      copyFileSync(path.join(from, rel), target);
    }
    result.copied.push(`${DATASETS_DIR}/${rel}`);
  }
  for (const rule of rules.values()) {
    if (!existsSync(path.join(from, rule.path)))
      throw new UsageError(
        `${path.join(from, DATASETS_JSON)}: lists ${rule.path}, which is not in datasets/; fix the path or add the file`,
      );
  }
  return result;
}
