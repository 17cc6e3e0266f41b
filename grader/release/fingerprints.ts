/**
 * What reference and teacher-only code looks like to the leak scan (scan.ts): lines normalised the same way on both
 * sides, the reference lines inside the solution markers of solutions/**\/*.ts that the stub does not have, and the
 * distinctive lines of the other teacher-only files, each with where it comes from.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeStub } from '../generate/index';
import { DATASETS_DIR, listFiles } from './datasets';

export const MARKER = ['BEGIN', 'SOLUTION'].join(' '); // spelt apart so this file does not match itself
const BEGIN = new RegExp(`^\\s*//\\s*${MARKER}\\s*$`);
const END = /^\s*\/\/\s*END SOLUTION\s*$/;
/** Lines shorter than this (after normalising) are too common to prove anything: `}`, `return out;`. */
const MIN_LINE = 16;

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

export interface Fingerprints {
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
export function fingerprints(sourceRoot: string): Fingerprints {
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
