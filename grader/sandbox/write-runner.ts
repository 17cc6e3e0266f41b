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

const compiled = new Map<string, string>();

/**
 * A file of this folder that runs in a process of its own (the runner, the launcher's helper), transpiled alone to
 * CommonJS, once per process and cached across runs. Read, not imported: release ships these as runtime assets.
 */
export function transpiledAlone(fileName: string): string {
  const kept = compiled.get(fileName);
  if (kept !== undefined) return kept;
  const options = { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: fileName } as const;
  const source = fs.readFileSync(path.join(__dirname, fileName), 'utf8');
  const code = cachedText(
    PACKAGE_ROOT,
    fileName.replace(/\.ts$/, '.js'),
    [source, version, JSON.stringify(options)],
    () => transformSync(source, options).code,
  );
  compiled.set(fileName, code);
  return code;
}

export function runnerSource(): string {
  return transpiledAlone('runner.ts');
}

/** Writes <stagingDir>/runner.js (read-only) and returns its path. */
export function writeRunner(stagingDir: string): string {
  const file = path.join(stagingDir, 'runner.js');
  if (fs.existsSync(file)) fs.chmodSync(file, 0o644);
  fs.writeFileSync(file, runnerSource(), { mode: 0o444 });
  fs.chmodSync(file, 0o444); // writeFileSync keeps the mode of an existing file
  return file;
}
