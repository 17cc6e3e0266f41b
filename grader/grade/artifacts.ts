/**
 * Step 3b: the data files a submission hands in besides code (exercise 05's trained `model.json`). The trusted
 * suites read them as data and never run them, so they are copied out of the submission into the grader's own
 * work folder first, with readSubmittedFile's care; what the suites get is the copy's path, or why there is none.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import type { Artifact, Artifacts } from '../harness/context';
import { BOUNDS, boundText, grouped, jsonDepthExceeds, listSubmission, readInside, type Listing } from '../submission';

// The types are the suites' (the grading context carries them): declared there, below this step.
export type { Artifact, Artifacts };

/**
 * Reads a file a student handed in, which may be hostile: `file` must be a plain name inside `dir`; no symbolic
 * link is followed (neither the folder nor the file), a named pipe cannot block the open, and at most
 * `maxBytes` + 1 bytes are read, so `truncated` says the file is larger than `maxBytes` (and `bytes` holds the first
 * `maxBytes`). (grader/submission/read.ts does the reading.)
 */
export function readSubmittedFile(
  dir: string,
  file: string,
  maxBytes: number,
): { bytes: Buffer; truncated: boolean } | { problem: 'missing' | 'not-a-file' } {
  if (path.basename(file) !== file) return { problem: 'missing' };
  // The folder is the submission's (an exercise folder), so it must be a real one, as below it.
  return readInside(path.dirname(dir), `${path.basename(dir)}/${file}`, maxBytes);
}

function takeArtifact(listing: Listing, rel: string, maxBytes: number, target: string): Artifact {
  const entry = listing.byRel.get(rel);
  if (!entry) return { problem: 'missing', limitBytes: maxBytes };
  if (entry.kind === 'link' || entry.kind === 'special') return { problem: 'not-a-file', limitBytes: maxBytes };
  const read = readInside(listing.root, rel, maxBytes);
  if ('problem' in read) return { problem: read.problem, limitBytes: maxBytes };
  if (read.truncated) return { problem: 'too-large', limitBytes: maxBytes };
  const depth = rel.endsWith('.json') ? jsonDepthExceeds(read.bytes, BOUNDS.jsonDepth) : null;
  if (depth !== null) {
    const message = boundText('jsonTooDeep', {
      file: path.posix.basename(rel),
      actual: grouped(depth),
      limit: BOUNDS.jsonDepth,
    });
    return { problem: 'too-deep', limitBytes: maxBytes, message };
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, read.bytes);
  return { path: target };
}

export function copyArtifacts(
  exercisesDir: string,
  catalog: Catalog,
  dest: string,
  listing = listSubmission(exercisesDir),
): Artifacts {
  const out: Artifacts = {};
  for (const exercise of catalog.exercises) {
    for (const spec of exercise.artifacts ?? []) {
      const rel = `${exercise.id}/${spec.file}`;
      (out[exercise.id] ??= {})[spec.file] = takeArtifact(
        listing,
        rel,
        spec.maxBytes,
        path.join(dest, exercise.id, spec.file),
      );
    }
  }
  return out;
}
