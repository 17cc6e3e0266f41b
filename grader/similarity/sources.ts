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

/** The kit's stubs as graded sources: the baseline every student was given, which never counts. */
export function kitBaseline(kitRoot: string, catalog: Catalog): SourceFile[] {
  return gradedSources(path.join(kitRoot, 'exercises'), catalog, '(stub)');
}

/**
 * One student's graded sources, inside the student's own error boundary: a folder that is not a submission (no
 * exercises folder, a link in its place) gives none, and nothing of this student is compared.
 */
export function studentSources(catalog: Catalog, student: { id: string; dir: string | null }): SourceFile[] {
  if (!student.dir) return [];
  try {
    return gradedSources(resolveSubmission(student.dir, catalog), catalog, student.id);
  } catch {
    return [];
  }
}

/** Every student's graded sources, and the kit's stubs as the baseline that never counts. */
export function classSources(
  kitRoot: string,
  catalog: Catalog,
  students: { id: string; dir: string | null }[],
): { files: SourceFile[]; baseline: SourceFile[] } {
  return { files: students.flatMap((s) => studentSources(catalog, s)), baseline: kitBaseline(kitRoot, catalog) };
}
