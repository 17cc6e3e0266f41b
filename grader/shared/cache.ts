/**
 * Text derived from other text (a compiled file, the verdict that a file passed its checks), kept in a kit's
 * `.gatelab/cache/` (which the kit's .gitignore leaves out) under the hash of what it derives from, so that a command
 * does not derive it again on every start. One file per name: the hash on its first line, the text after it. A kit
 * that cannot be written to derives the text every time instead; a cache is never needed for a result.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from './atomic';

export function cacheFolder(kitRoot: string): string {
  return path.join(kitRoot, '.gatelab', 'cache');
}

/**
 * The text `make()` derives from `inputs`, from the cache when the inputs are the ones it was cached with. When
 * `make` throws, nothing is cached and the error propagates.
 */
export function cachedText(kitRoot: string, name: string, inputs: readonly string[], make: () => string): string {
  const hash = inputs.reduce((h, input) => h.update(input).update('\u0000'), createHash('sha256')).digest('hex');
  const file = path.join(cacheFolder(kitRoot), name);
  try {
    const stored = readFileSync(file, 'utf8');
    const newline = stored.indexOf('\n');
    if (stored.slice(0, newline) === hash) return stored.slice(newline + 1);
  } catch {
    // Not cached yet.
  }
  const text = make();
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, `${hash}\n${text}`);
  } catch {
    // Only a cache: the text is still right.
  }
  return text;
}
