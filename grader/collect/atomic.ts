/**
 * Writing folders into --into so that a reader (or an interrupted run) never sees half a result:
 * folders are made under a temporary name beside their target, then renamed into place (files go
 * through the one atomic writer, ../atomic.ts). Temporary names start with '.', which no student id
 * can, so they never clash with a student's folder.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isAtomicTemporary } from '../shared/atomic';

const TEMP_PREFIXES = ['.incoming-', '.outgoing-'];

/** A fresh path in `dir` for building `name` before it is renamed into place. */
export function tempPathFor(dir: string, name: string): string {
  return path.join(dir, `.incoming-${name}-${randomBytes(4).toString('hex')}`);
}

/**
 * Puts the finished folder `fresh` at `target`, replacing what was there. A folder cannot be
 * renamed over a non-empty one, so the old one steps aside first and comes back if the swap fails;
 * between the two renames `target` is briefly absent, never half-written.
 */
export async function replaceDir(fresh: string, target: string): Promise<void> {
  const old = path.join(path.dirname(target), `.outgoing-${path.basename(target)}-${randomBytes(4).toString('hex')}`);
  const hadOld = existsSync(target);
  if (hadOld) await rename(target, old);
  try {
    await rename(fresh, target);
  } catch (err) {
    if (hadOld) await rename(old, target);
    throw err;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/** Leftovers of an interrupted run in `dir` (its own temporary folders and the atomic writer's files only). */
export async function removeLeftovers(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (const name of await readdir(dir)) {
    if (TEMP_PREFIXES.some((prefix) => name.startsWith(prefix)) || isAtomicTemporary(name))
      await rm(path.join(dir, name), { recursive: true, force: true });
  }
}
