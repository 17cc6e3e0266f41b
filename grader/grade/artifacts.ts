/**
 * Step 3b: the data files a submission hands in besides code (exercise 05's trained `model.json`). The trusted
 * suites read them as data and never run them, so they are copied out of the submission into the grader's own
 * work folder first: regular files only, no symbolic link followed, no named pipe opened for long, and at most
 * the size the catalog allows. What the suites get is the copy's path, or why there is none.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog';

/** A copied artifact, or the reason it could not be taken (missing, not a regular file, too large). */
export type Artifact = { path: string } | { problem: 'missing' | 'not-a-file' | 'too-large'; limitBytes: number };

/** Exercise id → file name (as course.json names it) → the artifact. */
export type Artifacts = Record<string, Record<string, Artifact>>;

export function copyArtifacts(exercisesDir: string, catalog: Catalog, dest: string): Artifacts {
  const out: Artifacts = {};
  for (const exercise of catalog.exercises) {
    for (const spec of exercise.artifacts ?? []) {
      const target = path.join(dest, exercise.id, spec.file);
      (out[exercise.id] ??= {})[spec.file] = copyOne(path.join(exercisesDir, exercise.id), spec.file, spec.maxBytes, target);
    }
  }
  return out;
}

function copyOne(dir: string, file: string, maxBytes: number, target: string): Artifact {
  if (path.basename(file) !== file) return { problem: 'missing', limitBytes: maxBytes };
  let fd: number | undefined;
  try {
    if (!lstatSync(dir).isDirectory()) return { problem: 'missing', limitBytes: maxBytes };
    // O_NOFOLLOW refuses a symbolic link; O_NONBLOCK keeps a named pipe from blocking the open.
    fd = openSync(path.join(dir, file), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return { problem: 'not-a-file', limitBytes: maxBytes };
    const buffer = Buffer.alloc(maxBytes + 1);
    let size = 0;
    for (let n = -1; n !== 0 && size < buffer.length; size += n) n = readSync(fd, buffer, size, buffer.length - size, size);
    if (size > maxBytes) return { problem: 'too-large', limitBytes: maxBytes };
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, buffer.subarray(0, size));
    return { path: target };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: code === 'ELOOP' ? 'not-a-file' : 'missing', limitBytes: maxBytes };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
