/**
 * The one atomic file writer: a reader (or an interrupted run) never sees a half-written file. The
 * text is written beside the target under a temporary name, then renamed over it. The same for
 * synchronous and asynchronous callers; isAtomicTemporary tells a crash's leftovers apart.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const TEMPORARY = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/** The temporary file sits in the target's directory so the rename never crosses file systems. */
function temporaryFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** True for a name this writer gives its temporary files (left behind only by a killed process). */
export function isAtomicTemporary(name: string): boolean {
  return TEMPORARY.test(name);
}

export function writeFileAtomicSync(file: string, text: string | Uint8Array): void {
  const temporary = temporaryFor(file);
  try {
    writeFileSync(temporary, text, 'utf8');
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = temporaryFor(file);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
