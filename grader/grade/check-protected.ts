/**
 * Step 2: protected files (public tests, fixtures, the toolkit) are graded from the kit's own
 * copies. A student's changed copy is not used, and not silently forgiven either: it is noted.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IntegrityNote } from '../results';

export interface KitManifest {
  kitVersion: string;
  /** Path relative to exercises/ → SHA-256 of the kit's copy. */
  protected: Record<string, string>;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function loadManifest(kitRoot: string): KitManifest {
  return JSON.parse(readFileSync(path.join(kitRoot, 'exercises', 'manifest.json'), 'utf8')) as KitManifest;
}

export function findTampering(submissionExercises: string, manifest: KitManifest): IntegrityNote[] {
  const notes: IntegrityNote[] = [];
  for (const [rel, hash] of Object.entries(manifest.protected)) {
    const file = path.join(submissionExercises, rel);
    if (!existsSync(file)) continue;
    const stat = lstatSync(file);
    const changed = !stat.isFile() || sha256(readFileSync(file)) !== hash;
    if (changed) {
      notes.push({
        kind: 'tampered',
        file: `exercises/${rel}`,
        message: {
          en: `exercises/${rel} differs from the kit's copy. It is protected, so grading used the original; your changes to it had no effect.`,
          ru: `exercises/${rel} отличается от копии в наборе. Этот файл защищён, поэтому при проверке использовался оригинал; ваши изменения в нём не учитывались.`,
        },
      });
    }
  }
  return notes;
}
