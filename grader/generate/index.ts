/**
 * `gatelab generate`: solutions/ is the single source of each exercise. From it come the
 * student stubs (each `// BEGIN SOLUTION … // END SOLUTION` region becomes one uniform throw),
 * the public fixtures (computed by the reference on a fixed public seed), the manifest of
 * protected files with their checksums, and the example class's perfect and untouched students. `--check` writes nothing and reports drift instead.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findExercise, loadCatalog, type Catalog, type ExerciseSpec } from '../shared/catalog';
import { UsageError } from '../shared/errors';
import { stringifyFixture } from '../harness/codec';
import { sha256, type KitManifest } from '../shared/manifest';
import { text } from '../shared/messages';
import { publicFixtureMaker } from '../grade/suites';

const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION\s*$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;
/** The published examples are drawn from this seed; hidden and graded cases never use it. */
export const PUBLIC_SEED = 20_151_231;

function enclosingFunction(lines: string[], from: number): string {
  for (let i = from; i >= 0; i--) {
    const m =
      /\bfunction\s+(\w+)/.exec(lines[i]) ??
      /\b(?:const|let)\s+(\w+)\s*=.*=>/.exec(lines[i]) ??
      /^\s*(?:static\s+)?(\w+)\s*\([^)]*\)[^=]*\{\s*$/.exec(lines[i]);
    if (m) return m[1];
  }
  return 'this function';
}

/** What a stub throws, in both languages (English first: its STUB_MARKER is how the harness knows a stub). */
export function stubMessage(exercise: string, fn: string): string {
  const said = text('stub.message', { exercise, fn });
  return `${said.en} / ${said.ru}`;
}

/** The student's version of a reference file. */
export function makeStub(source: string, exercise: string, file: string): string {
  const lines = source.split('\n');
  const out: string[] = [];
  let regions = 0;
  for (let i = 0; i < lines.length; i++) {
    const begin = BEGIN.exec(lines[i]);
    if (!begin) {
      if (END.test(lines[i]))
        throw new UsageError(`${file}:${i + 1}: END SOLUTION without a BEGIN SOLUTION before it; pair the markers`);
      out.push(lines[i]);
      continue;
    }
    const end = lines.findIndex((l, j) => j > i && END.test(l));
    if (end < 0)
      throw new UsageError(
        `${file}:${i + 1}: BEGIN SOLUTION is never closed; add "// END SOLUTION" after the solution`,
      );
    const nested = lines.slice(i + 1, end).findIndex((l) => BEGIN.test(l));
    if (nested >= 0)
      throw new UsageError(
        `${file}:${i + 2 + nested}: BEGIN SOLUTION inside another one; close the first region before opening the next`,
      );
    const fn = enclosingFunction(lines, i);
    const indent = begin[1];
    out.push(`${indent}// TODO: write ${fn} (README.md / README.ru.md explain what it must return).`);
    out.push(`${indent}throw new Error(${JSON.stringify(stubMessage(exercise, fn))});`);
    regions++;
    i = end;
  }
  if (regions === 0) throw new UsageError(`${file}: no "// BEGIN SOLUTION" region; mark what students must write`);
  return out.join('\n');
}

const EXAMPLE_CLASS = 'examples/class';

/** The reference as a student who solved everything would hand it in: the marker lines dropped. */
export function withoutMarkers(source: string): string {
  return source
    .split('\n')
    .filter((line) => !BEGIN.test(line) && !END.test(line))
    .join('\n');
}

export interface GeneratedFile {
  path: string;
  content: string;
}

/**
 * Everything `generate` would write, as (kit-relative path, content) pairs. With `only`, just
 * those exercises are regenerated; the manifest still covers every exercise's files on disk.
 */
export async function generateFiles(kitRoot: string, catalog: Catalog, only?: string[]): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const protectedFiles: Record<string, string> = {};
  const protect = (rel: string, content: string | Buffer) => {
    protectedFiles[rel] = sha256(content);
  };
  protect('lib/matrix.ts', readFileSync(path.join(kitRoot, 'exercises', 'lib', 'matrix.ts')));
  for (const exercise of catalog.exercises) {
    const dir = path.join(kitRoot, 'exercises', exercise.id);
    if (only && !only.includes(exercise.id)) {
      const fixtures = path.join(dir, 'fixtures.json');
      if (existsSync(fixtures)) protect(`${exercise.id}/fixtures.json`, readFileSync(fixtures));
      protectTests(dir, exercise.id, protect);
      continue;
    }
    files.push(
      ...moduleFiles(kitRoot, exercise),
      ...givenFiles(kitRoot, exercise),
      ...exampleHandIns(kitRoot, exercise),
    );
    const make = await publicFixtureMaker(kitRoot, exercise.id);
    if (make) {
      const content = stringifyFixture(await make(PUBLIC_SEED));
      files.push({ path: `exercises/${exercise.id}/fixtures.json`, content });
      protect(`${exercise.id}/fixtures.json`, content);
    }
    protectTests(dir, exercise.id, protect);
  }
  const manifest: KitManifest = { kitVersion: catalog.kitVersion, protected: protectedFiles };
  files.push({ path: 'exercises/manifest.json', content: JSON.stringify(manifest, null, 2) + '\n' });
  return files;
}

/** Each module's stub, and its copies for the example class's perfect and untouched students (reference and stub). */
function moduleFiles(kitRoot: string, exercise: ExerciseSpec): GeneratedFile[] {
  return exercise.modules.flatMap((module) => {
    const source = path.join(kitRoot, 'solutions', exercise.id, module);
    if (!existsSync(source))
      throw new UsageError(
        `${source}: missing; course.json lists module "${module}" for ${exercise.id}; add the file or fix "modules"`,
      );
    const reference = readFileSync(source, 'utf8');
    const stub = makeStub(reference, exercise.id, source);
    return [
      { path: `exercises/${exercise.id}/${module}`, content: stub },
      { path: `${EXAMPLE_CLASS}/s01-perfect/exercises/${exercise.id}/${module}`, content: withoutMarkers(reference) },
      { path: `${EXAMPLE_CLASS}/s02-untouched/exercises/${exercise.id}/${module}`, content: stub },
    ];
  });
}

/** The files course.json's "given" hands students as they are in solutions/. */
function givenFiles(kitRoot: string, exercise: ExerciseSpec): GeneratedFile[] {
  return (exercise.given ?? []).map((file) => {
    const source = path.join(kitRoot, 'solutions', exercise.id, file);
    if (!existsSync(source))
      throw new UsageError(
        `${source}: missing; course.json gives "${file}" to ${exercise.id}; add the file or fix "given"`,
      );
    return { path: `exercises/${exercise.id}/${file}`, content: readFileSync(source, 'utf8') };
  });
}

/**
 * What the example class hands in besides code: the perfect student the reference's own data files (the trained
 * model.json), the untouched student the kit's answer templates as they are.
 */
function exampleHandIns(kitRoot: string, exercise: ExerciseSpec): GeneratedFile[] {
  const id = exercise.id;
  /** The kit-relative file `from`, when it exists, as the example class's file `to`. */
  const handIn = (from: string, to: string): GeneratedFile[] => {
    const source = path.join(kitRoot, from);
    return existsSync(source) ? [{ path: `${EXAMPLE_CLASS}/${to}`, content: readFileSync(source, 'utf8') }] : [];
  };
  return [
    ...(exercise.artifacts ?? []).flatMap(({ file }) =>
      handIn(`solutions/${id}/${file}`, `s01-perfect/exercises/${id}/${file}`),
    ),
    ...(exercise.answers ?? []).flatMap(({ file }) =>
      handIn(`exercises/${id}/${file}`, `s02-untouched/exercises/${id}/${file}`),
    ),
  ];
}

function protectTests(dir: string, exerciseId: string, protect: (rel: string, content: Buffer) => void): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.test.ts')) protect(`${exerciseId}/${name}`, readFileSync(path.join(dir, name)));
  }
}

/** Writes the generated files, or with `check` lists those that differ from what is committed. */
export async function generate(opts: {
  kitRoot: string;
  check?: boolean;
  only?: string[];
}): Promise<{ written: string[]; drifted: string[] }> {
  const catalog = loadCatalog(opts.kitRoot);
  const only = opts.only?.map((id) => findExercise(catalog, id).id);
  const files = await generateFiles(opts.kitRoot, catalog, only);
  const written: string[] = [];
  const drifted: string[] = [];
  for (const file of files) {
    const target = path.join(opts.kitRoot, file.path);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
    if (current === file.content) continue;
    if (opts.check) drifted.push(file.path);
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
      written.push(file.path);
    }
  }
  return { written, drifted };
}
