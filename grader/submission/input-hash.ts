/**
 * What a result depends on, as one hash: the kit (catalog, references, suites, fixtures, grader),
 * the student's files, and how they were graded (seed, language, submission time, limits, which missing sandbox
 * layers the teacher accepted). A rerun skips a student whose hash has not changed: a strict rerun after a run with
 * `--allow-weak-sandbox` grades everyone again instead of keeping results graded with a layer missing.
 *
 * The student's files are hashed from the same listing grading uses (list.ts), read within the same
 * bounds: a link is hashed as its target's text (a repointed link changes the hash even when the new target has
 * the same length), a file over the per-file bound as its size, and a submission over a bound as which bound and by
 * how much. So hashing a class costs at most what the bounds allow, whatever a folder holds.
 */
import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listSubmission, type Listing } from './list';
import { readInside } from './read';
import { UNBOUNDED } from './bounds';

function hashListing(hash: Hash, listing: Listing, read: (rel: string) => Buffer | string): void {
  for (const entry of listing.entries) {
    hash.update(`\u0000${entry.kind}\u0000${entry.rel}\u0000`);
    if (entry.kind === 'file') hash.update(read(entry.rel));
    else if (entry.kind === 'too-large') hash.update(`size:${entry.size}`);
    else if (entry.kind === 'link') hash.update(`target:${entry.target}`);
  }
  if (listing.exceeded) hash.update(`\u0000exceeded\u0000${JSON.stringify(listing.exceeded)}`);
}

export function kitFingerprint(kitRoot: string): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(kitRoot, 'course.json')));
  hash.update(readFileSync(path.join(kitRoot, 'package.json')));
  for (const dir of ['solutions', 'exercises', 'grader', 'templates']) {
    hash.update(`\u0001${dir}`);
    const root = path.join(kitRoot, dir);
    // The kit is the teacher's own: the same listing rules, no bounds.
    hashListing(hash, listSubmission(root, UNBOUNDED), (rel) => readFileSync(path.join(root, rel)));
  }
  return hash.digest('hex');
}

/** `exercisesDir` is the submission's exercises folder as grading resolves it (see grade/resolve-submission.ts). */
export function inputHash(
  kit: string,
  exercisesDir: string,
  settings: Record<string, unknown>,
  listing = listSubmission(exercisesDir),
): string {
  const hash = createHash('sha256');
  hash.update(kit);
  hash.update(JSON.stringify(settings));
  hashListing(hash, listing, (rel) => {
    const read = readInside(listing.root, rel, listing.bounds.fileBytes);
    // A file that changed kind since it was listed (now a pipe, gone) hashes as what reading it gives now.
    return 'problem' in read
      ? `problem:${read.problem}`
      : Buffer.concat([read.bytes, Buffer.from(read.truncated ? '\u0000+' : '')]);
  });
  return hash.digest('hex');
}
