/**
 * The files similarity compares: exactly the source files grading compiled, taken from the same listing
 * (grader/submission) and read by the same rule (readSource). A link is never followed, so a student whose
 * `exercises` is a link into a classmate's folder hands in nothing here, and the classmate is not framed. Each
 * student's files are gathered inside that student's own error boundary: a folder that cannot be read as a
 * submission contributes nothing (its row in the class report says why) and never stops the comparison.
 */
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import { resolveSubmission } from '../grade/resolve-submission';
import { exerciseSources, listSubmission, readSource } from '../submission';
import type { SourceFile } from './submission';

/**
 * A student's graded source files, each exercise of the catalog in turn; none when over a bound, and none of an
 * exercise whose sources exceed BOUNDS.comparedBytes.
 */
export function gradedSources(exercisesDir: string, catalog: Catalog, student: string): SourceFile[] {
  const listing = listSubmission(exercisesDir);
  if (listing.exceeded) return [];
  const files: SourceFile[] = [];
  for (const exercise of catalog.exercises) {
    const own: SourceFile[] = [];
    let bytes = 0;
    for (const entry of exerciseSources(listing, exercise.id)) {
      const source = readSource(listing, entry);
      if ('text' in source) own.push({ student, exercise: exercise.id, file: entry.rel, text: source.text });
      bytes += 'text' in source ? Buffer.byteLength(source.text) : 0;
      // Tokenising is the costly step of the comparison: one student's pile of sources must not stall the class.
      if (bytes > listing.bounds.comparedBytes) break;
    }
    if (bytes <= listing.bounds.comparedBytes) files.push(...own);
  }
  return files;
}

/** Every student's graded sources, and the kit's stubs as the baseline that never counts. */
export function classSources(kitRoot: string, catalog: Catalog, students: { id: string; dir: string | null }[]): { files: SourceFile[]; baseline: SourceFile[] } {
  const baseline = gradedSources(path.join(kitRoot, 'exercises'), catalog, '(stub)');
  const files: SourceFile[] = [];
  for (const s of students) {
    if (!s.dir) continue;
    try {
      files.push(...gradedSources(resolveSubmission(s.dir, catalog), catalog, s.id));
    } catch {
      // Not a submission (no exercises folder, a link in its place): nothing of this student is compared.
    }
  }
  return { files, baseline };
}
