/**
 * Puts the runner into a staging folder: runner.ts transpiled alone to CommonJS, so the child needs
 * no TypeScript tooling and no read access outside the staging root. The transpiled runner is cached
 * (shared/cache.ts): transformSync starts a compiler process of its own and waits for it, which was a
 * large part of a cold `check`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transformSync, version } from 'esbuild';
import { cachedText } from '../shared/cache';
import { PACKAGE_ROOT } from '../shared/kit';

let compiled: string | undefined;

const OPTIONS = { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: 'runner.ts' } as const;

export function runnerSource(): string {
  if (compiled !== undefined) return compiled;
  const source = fs.readFileSync(path.join(__dirname, 'runner.ts'), 'utf8');
  compiled = cachedText(
    PACKAGE_ROOT,
    'runner.js',
    [source, version, JSON.stringify(OPTIONS)],
    () => transformSync(source, OPTIONS).code,
  );
  return compiled;
}

/** Writes <stagingDir>/runner.js (read-only) and returns its path. */
export function writeRunner(stagingDir: string): string {
  const file = path.join(stagingDir, 'runner.js');
  if (fs.existsSync(file)) fs.chmodSync(file, 0o644);
  fs.writeFileSync(file, runnerSource(), { mode: 0o444 });
  fs.chmodSync(file, 0o444); // writeFileSync keeps the mode of an existing file
  return file;
}
