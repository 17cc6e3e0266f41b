/**
 * Puts the runner into a staging folder: runner.ts transpiled alone to CommonJS, so the child needs
 * no TypeScript tooling and no read access outside the staging root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transformSync } from 'esbuild';

let compiled: string | undefined;

export function runnerSource(): string {
  compiled ??= transformSync(fs.readFileSync(path.join(__dirname, 'runner.ts'), 'utf8'), {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcefile: 'runner.ts',
  }).code;
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
