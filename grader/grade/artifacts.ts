/**
 * Step 3b: the data files a submission hands in besides code (exercise 05's trained `model.json`). The trusted
 * suites read them as data and never run them, so they are copied out of the submission into the grader's own
 * work folder first, with readSubmittedFile's care; what the suites get is the copy's path, or why there is none.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog';

/** A copied artifact, or the reason it could not be taken (missing, not a regular file, too large). */
export type Artifact = { path: string } | { problem: 'missing' | 'not-a-file' | 'too-large'; limitBytes: number };

/** Exercise id → file name (as course.json names it) → the artifact. */
export type Artifacts = Record<string, Record<string, Artifact>>;

/**
 * Reads a file a student handed in, which may be hostile: `file` must be a plain name inside `dir`; no symbolic
 * link is followed (neither the folder nor the file), a named pipe cannot block the open, and at most
 * `maxBytes` + 1 bytes are read, so `truncated` says the file is larger than `maxBytes` (and `bytes` holds the first
 * `maxBytes`).
 */
export function readSubmittedFile(
  dir: string,
  file: string,
  maxBytes: number,
): { bytes: Buffer; truncated: boolean } | { problem: 'missing' | 'not-a-file' } {
  if (path.basename(file) !== file) return { problem: 'missing' };
  let fd: number | undefined;
  try {
    if (!lstatSync(dir).isDirectory()) return { problem: 'missing' };
    // O_NOFOLLOW refuses a symbolic link; O_NONBLOCK keeps a named pipe from blocking the open.
    fd = openSync(path.join(dir, file), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return { problem: 'not-a-file' };
    const buffer = Buffer.alloc(maxBytes + 1);
    let size = 0;
    for (let n = -1; n !== 0 && size < buffer.length; size += n) n = readSync(fd, buffer, size, buffer.length - size, size);
    return { bytes: buffer.subarray(0, Math.min(size, maxBytes)), truncated: size > maxBytes };
  } catch (e) {
    return { problem: (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'not-a-file' : 'missing' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function copyArtifacts(exercisesDir: string, catalog: Catalog, dest: string): Artifacts {
  const out: Artifacts = {};
  for (const exercise of catalog.exercises) {
    for (const spec of exercise.artifacts ?? []) {
      const read = readSubmittedFile(path.join(exercisesDir, exercise.id), spec.file, spec.maxBytes);
      let artifact: Artifact;
      if ('problem' in read) artifact = { problem: read.problem, limitBytes: spec.maxBytes };
      else if (read.truncated) artifact = { problem: 'too-large', limitBytes: spec.maxBytes };
      else {
        const target = path.join(dest, exercise.id, spec.file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, read.bytes);
        artifact = { path: target };
      }
      (out[exercise.id] ??= {})[spec.file] = artifact;
    }
  }
  return out;
}
