/**
 * Step 3: compile the submission into a staging folder the sandbox may read.
 *
 * Student files are transpiled one by one with esbuild (no bundling: bundling would resolve
 * imports in the trusted process and could pull the reference into the student's code). Which
 * files are compiled comes from the submission's one listing (grader/submission): only regular
 * files within the source bound are read, never links, so a link to the reference is not
 * followed, and similarity later compares exactly these files. The toolkit comes from the kit,
 * not from the submission. The compiled output is scanned for imports and calls that a
 * submission has no business making; they still fail in the sandbox, and the scan puts them in
 * the report. What the kit itself ships is never a note: an import of an exercise the catalog
 * says this one `requires`, and whatever the kit's own copy of a file already does (05's training
 * script ends its process on bad arguments).
 */
import { transform } from 'esbuild';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import type { CompileProblem } from '../harness/context';
import type { IntegrityNote } from '../shared/results';
import { text } from '../shared/messages';
import { writeRunner } from '../sandbox';
import {
  BOUNDS,
  exerciseSources,
  listSubmission,
  readSource,
  shownPath,
  type Entry,
  type Listing,
} from '../submission';

const TARGET = 'node20';

export interface CompileResult {
  compileErrors: Record<string, CompileProblem>;
  notes: IntegrityNote[];
}

async function transpile(
  source: string,
  file: string,
): Promise<{ code: string; map: string } | { problem: CompileProblem }> {
  try {
    // The source map (written next to the code, never loaded by it) lets an error be shown at the student's own line.
    const out = await transform(source, {
      loader: 'ts',
      format: 'cjs',
      target: TARGET,
      sourcefile: file,
      logLevel: 'silent',
      sourcemap: 'external',
    });
    return { code: out.code, map: out.map };
  } catch (err) {
    const first = (err as { errors?: { text: string; location?: { line: number } | null }[] }).errors?.[0];
    return { problem: { file, line: first?.location?.line ?? 0, message: first?.text ?? String(err) } };
  }
}

/** The toolkit and runner every staging folder shares, compiled once per kit. */
export async function compileKitRuntime(kitRoot: string, cacheDir: string): Promise<void> {
  const libSource = readFileSync(path.join(kitRoot, 'exercises', 'lib', 'matrix.ts'), 'utf8');
  const lib = await transpile(libSource, 'lib/matrix.ts');
  if (!('code' in lib)) throw new Error(`the kit's exercises/lib/matrix.ts does not compile: ${lib.problem.message}`);
  mkdirSync(path.join(cacheDir, 'lib'), { recursive: true });
  writeFileSync(path.join(cacheDir, 'lib', 'matrix.js'), lib.code);
  await writeRunner(cacheDir);
}

export async function compileSubmission(opts: {
  exercisesDir: string;
  staging: string;
  runtimeDir: string;
  catalog: Catalog;
  /** The submission's listing when the caller has it (grade does); else it is made here. */
  listing?: Listing;
  /** The kit's own exercises/ folder: findings its copy of a file has too are not the student's (default: none). */
  kitExercisesDir?: string;
}): Promise<CompileResult> {
  const { staging, runtimeDir, catalog } = opts;
  const listing = opts.listing ?? listSubmission(opts.exercisesDir);
  const result: CompileResult = { compileErrors: {}, notes: [] };
  mkdirSync(path.join(staging, 'lib'), { recursive: true });
  copyFileSync(path.join(runtimeDir, 'lib', 'matrix.js'), path.join(staging, 'lib', 'matrix.js'));
  copyFileSync(path.join(runtimeDir, 'runner.js'), path.join(staging, 'runner.js'));

  // An exercise that builds on another (05 runs the student's own 03 cell) needs that one's modules too, even when
  // only it is checked; a compile error there is its compile error as well.
  const ids = [...new Set(catalog.exercises.flatMap((e) => [...(e.requires ?? []), e.id]))];
  for (const id of ids) {
    const sources = exerciseSources(listing, id);
    if (sources.length === 0) continue;
    const to = path.join(staging, id);
    mkdirSync(to, { recursive: true });
    for (const entry of sources)
      await compileOne({ listing, entry, to, result, id, catalog, kitExercisesDir: opts.kitExercisesDir });
  }
  for (const exercise of catalog.exercises) {
    const broken = (exercise.requires ?? []).find((id) => result.compileErrors[id]);
    if (broken) result.compileErrors[exercise.id] ??= result.compileErrors[broken];
  }
  makeReadable(staging);
  return result;
}

async function compileOne(o: {
  listing: Listing;
  entry: Entry;
  to: string;
  result: CompileResult;
  id: string;
  catalog: Catalog;
  kitExercisesDir?: string;
}): Promise<void> {
  const { entry, result, id } = o;
  const rel = entry.rel;
  const source = readSource(o.listing, entry);
  if ('skipped' in source) {
    result.notes.push({ kind: 'sandbox', file: shownPath(`exercises/${rel}`), message: source.skipped });
    return;
  }
  const out = await transpile(source.text, rel);
  if ('problem' in out) {
    result.compileErrors[id] ??= out.problem;
    result.notes.push({
      kind: 'compile-error',
      file: `exercises/${rel}`,
      line: out.problem.line,
      // Our sentence in the report's language, then the compiler's own text as code.
      message: text('compile.doesNotCompile', { message: tool(out.problem.message) }),
    });
    return;
  }
  writeFileSync(path.join(o.to, path.posix.basename(rel).replace(/\.ts$/, '.js')), out.code);
  writeFileSync(path.join(o.to, path.posix.basename(rel).replace(/\.ts$/, '.js.map')), out.map);
  const requires = o.catalog.exercises.find((e) => e.id === id)?.requires ?? [];
  const found = scanSource(rel, source.text, out.code, requires);
  result.notes.push(
    ...(found.length > 0 ? await withoutKitFindings(found, o.kitExercisesDir, rel, source.text, requires) : []),
  );
}

/** Drops the findings the kit's own copy of `rel` has as well: they are the kit's, not the student's. */
async function withoutKitFindings(
  found: IntegrityNote[],
  kitDir: string | undefined,
  rel: string,
  source: string,
  requires: string[],
): Promise<IntegrityNote[]> {
  if (kitDir === undefined) return found;
  let kitSource: string;
  try {
    const file = path.join(kitDir, rel);
    const st = lstatSync(file);
    if (!st.isFile() || st.size > BOUNDS.sourceBytes) return found;
    kitSource = readFileSync(file, 'utf8');
  } catch {
    return found; // The kit has no such file: everything found is the student's.
  }
  if (kitSource === source) return [];
  const shipped = await kitFindings(rel, kitSource, requires);
  return shipped === null ? found : found.filter((n) => !shipped.has(`${n.kind}\u0000${n.message.en}`));
}

/** What the kit's copy of `rel` is noted for (null when it does not transpile), once per process and content. */
const kitFound = new Map<string, Promise<Set<string> | null>>();
function kitFindings(rel: string, kitSource: string, requires: string[]): Promise<Set<string> | null> {
  const key = JSON.stringify([rel, kitSource, requires]);
  let found = kitFound.get(key);
  if (found === undefined) {
    found = transpile(kitSource, rel).then((kit) =>
      'code' in kit
        ? new Set(scanSource(rel, kitSource, kit.code, requires).map((n) => `${n.kind}\u0000${n.message.en}`))
        : null,
    );
    if (kitFound.size >= 64) kitFound.clear();
    kitFound.set(key, found);
    found.catch(() => kitFound.delete(key)); // a failure is the caller's, and not kept for the next student
  }
  return found;
}

/** A tool's message as one line of code text (no backtick can close the code span early). */
const tool = (message: string): string => message.replace(/`/g, "'").replace(/\s*\n\s*/g, ' ');

/** The sandbox may run as an unprivileged user, so the staging tree must be world-readable. */
function makeReadable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) makeReadable(p);
    else chmodSync(p, 0o644);
  }
}

function lineOf(source: string, needle: string): number | undefined {
  const at = source.indexOf(needle);
  return at < 0 ? undefined : source.slice(0, at).split('\n').length;
}

/** Calls a submission has no use for, by the integrity note kind they get (its text: the catalog's `compile.<kind>`). */
const SUSPICIOUS: { pattern: RegExp; kind: IntegrityNote['kind'] }[] = [
  { pattern: /\bprocess\s*\.\s*(exit|reallyExit|abort)\b/, kind: 'process-exit' },
  { pattern: /\bprocess\s*\.\s*(kill|binding|dlopen|_linkedBinding)\b/, kind: 'access-denied' },
  {
    pattern:
      /\b(Math|Number|Array\.prototype|Float64Array\.prototype|Object\.prototype|JSON|globalThis)\s*(\.\s*\w+\s*)?=(?!=)|Object\.(defineProperty|assign|setPrototypeOf)\s*\(\s*(Math|Number|Array\.prototype|Float64Array\.prototype|Object\.prototype|globalThis)\b/,
    kind: 'global-patch',
  },
];

/**
 * Imports outside the exercise, the toolkit and the exercises this one `requires` (course.json), and calls a
 * submission has no business making.
 */
export function scanSource(
  rel: string,
  source: string,
  compiled: string,
  requires: readonly string[] = [],
): IntegrityNote[] {
  const notes: IntegrityNote[] = [];
  const dir = path.posix.dirname(rel);
  const dirs = [dir, ...requires];
  for (const match of compiled.matchAll(/\brequire\s*\(\s*(["'`])([^"'`]*)\1\s*\)/g)) {
    const spec = match[2];
    const resolved = spec.startsWith('.')
      ? path.posix.normalize(path.posix.join(dir, spec)).replace(/\.(ts|js)$/, '')
      : null;
    const allowed = resolved !== null && (resolved === 'lib/matrix' || dirs.some((d) => resolved.startsWith(`${d}/`)));
    if (!allowed) {
      notes.push({
        kind: 'forbidden-import',
        file: `exercises/${rel}`,
        line: lineOf(source, spec),
        message: text('compile.forbiddenImport', { spec }),
      });
    }
  }
  if (/\brequire\s*\(\s*[^"'`\s)]/.test(compiled) || /\bimport\s*\(\s*[^"'`\s)]/.test(compiled)) {
    notes.push({
      kind: 'forbidden-import',
      file: `exercises/${rel}`,
      message: text('compile.computedImport'),
    });
  }
  for (const s of SUSPICIOUS) {
    const m = s.pattern.exec(source);
    if (m)
      notes.push({
        kind: s.kind,
        file: `exercises/${rel}`,
        line: lineOf(source, m[0]),
        message: text(`compile.${s.kind}`),
      });
  }
  return notes;
}
