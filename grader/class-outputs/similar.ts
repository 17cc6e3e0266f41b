/**
 * Pairs of submissions whose code is suspiciously alike, for a teacher to look at: exactly the
 * files each student had graded (grader/similarity/sources.ts), compared after normalising names
 * and layout, with the generated stubs as the shared starting point that never counts.
 */
import type { Catalog } from '../shared/catalog';
import type { StudentEntry } from '../shared/student-entry';
import { findSimilarPairs, type SimilarPair, type SourceFile } from '../similarity';
import { classSources, kitBaseline } from '../similarity/sources';

export function similarPairs(kitRoot: string, catalog: Catalog, students: StudentEntry[]): SimilarPair[] {
  const { files, baseline } = classSources(kitRoot, catalog, students);
  return findSimilarPairs(files, { baseline });
}

/** The same comparison over sources read earlier (`gatelab merge`: each shard wrote its students' sources). */
export function similarPairsOf(kitRoot: string, catalog: Catalog, files: SourceFile[]): SimilarPair[] {
  return findSimilarPairs(files, { baseline: kitBaseline(kitRoot, catalog) });
}
