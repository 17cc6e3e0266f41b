/**
 * Which of our files the student kit needs: every module reachable by import from the kit's entry
 * points (the student CLI and every file in exercises/), type-only imports included, so the kit
 * type-checks as well as runs. The packages those files import become the kit's dependencies.
 *
 * A reachable file outside what a kit may hold (grader/, exercises/, datasets/) stops the release:
 * it is how a public check that imports solutions/ would otherwise leak the reference.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { UsageError } from '../shared/errors';

/** Top-level folders a kit may take files from. */
export const SHIPPABLE_ROOTS = ['grader', 'exercises', 'datasets'];

/**
 * Files read at run time rather than imported: the sandbox runner and the launcher's helper (both transpiled on the
 * fly), the JSON Schemas, and the message catalog (grader/shared/messages.ts) the student commands, the public checks
 * and the given scripts speak from; release writes the catalog without its teacher-only areas (KIT_OMITS).
 */
export const RUNTIME_ASSETS = [
  'grader/sandbox/runner.ts',
  'grader/sandbox/launcher-main.ts',
  'grader/schemas/*.schema.json',
  'templates/strings.*.json',
];

export interface Closure {
  /** Kit-relative paths (forward slashes), sorted. */
  files: string[];
  /** npm package names imported by those files, sorted. */
  packages: string[];
}

const BUILTIN = new Set(builtinModules);
const toPosix = (p: string) => p.split(path.sep).join('/');

function resolveRelative(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.d.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function traceImports(kitRoot: string, entries: string[]): Closure {
  const root = path.resolve(kitRoot);
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((e) => path.resolve(root, e));
  const importer = new Map<string, string>();
  while (queue.length > 0) {
    const file = queue.pop() as string;
    const rel = toPosix(path.relative(root, file));
    if (files.has(rel)) continue;
    const via = importer.get(file);
    if (rel.startsWith('..') || !SHIPPABLE_ROOTS.includes(rel.split('/')[0])) {
      throw new UsageError(
        `${via ? `${via} imports ${rel}` : rel}, which must not reach students (a kit takes files only from ${SHIPPABLE_ROOTS.join('/, ')}/); remove the import or move what it needs into grader/`,
      );
    }
    files.add(rel);
    if (!/\.tsx?$/.test(file)) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: spec } of importedFiles) {
      if (spec.startsWith('.')) {
        const target = resolveRelative(file, spec);
        if (!target) throw new UsageError(`${rel}: cannot resolve the import "${spec}"; fix the path before releasing`);
        if (!importer.has(target)) importer.set(target, rel);
        queue.push(target);
      } else if (!spec.startsWith('node:') && !BUILTIN.has(spec)) {
        packages.add(packageName(spec));
      }
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}
