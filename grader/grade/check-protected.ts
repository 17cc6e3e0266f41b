/**
 * Step 2: protected files (public tests, fixtures, the toolkit) are graded from the kit's own
 * copies. A student's changed copy is not used, and not silently forgiven either: it is noted.
 * The student's copies are taken from the submission's listing and read within its bounds: a link, a pipe or a
 * 2 GB file in place of a protected file is a changed copy, noted without being read.
 */
import type { IntegrityNote } from '../shared/results';
import { listSubmission, readInside, type Listing } from '../submission';
import { sha256, type KitManifest } from '../shared/manifest';
import { text } from '../shared/messages';

function unchanged(listing: Listing, rel: string, hash: string): boolean {
  const entry = listing.byRel.get(rel);
  if (entry?.kind !== 'file') return false;
  const read = readInside(listing.root, rel, listing.bounds.fileBytes);
  return !('problem' in read) && !read.truncated && sha256(read.bytes) === hash;
}

export function findTampering(
  submissionExercises: string,
  manifest: KitManifest,
  listing = listSubmission(submissionExercises),
): IntegrityNote[] {
  const notes: IntegrityNote[] = [];
  for (const [rel, hash] of Object.entries(manifest.protected)) {
    // A protected file the student does not have is simply not there: grading uses the kit's copy either way.
    // A folder in its place is listed by its contents.
    if (!listing.byRel.has(rel) && !listing.entries.some((e) => e.rel.startsWith(`${rel}/`))) continue;
    if (!unchanged(listing, rel, hash)) {
      notes.push({
        kind: 'tampered',
        file: `exercises/${rel}`,
        message: text('grade.tampered', { file: `exercises/${rel}` }),
      });
    }
  }
  return notes;
}
