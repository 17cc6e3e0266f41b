/**
 * Pairs of submissions whose code is suspiciously alike, for a teacher to look at: the student's
 * own files of each exercise, compared after normalising names and layout, with the generated
 * stubs as the shared starting point that never counts.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog';
import type { StudentEntry } from '../grade-all/discover';
import { findSimilarPairs, type SimilarPair, type SourceFile } from '../similarity';

const MAX_BYTES = 256 * 1024;

function sourcesOf(exercisesDir: string, exercise: string, student: string): SourceFile[] {
  const dir = path.join(exercisesDir, exercise);
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .filter((name) => {
      const stat = lstatSync(path.join(dir, name));
      return stat.isFile() && stat.size <= MAX_BYTES;
    })
    .map((name) => ({ student, exercise, file: `${exercise}/${name}`, text: readFileSync(path.join(dir, name), 'utf8') }));
}

function exercisesDirOf(dir: string): string {
  const nested = path.join(dir, 'exercises');
  return existsSync(nested) ? nested : dir;
}

export function similarPairs(kitRoot: string, catalog: Catalog, students: StudentEntry[]): SimilarPair[] {
  const files: SourceFile[] = [];
  const baseline: SourceFile[] = [];
  for (const exercise of catalog.exercises) {
    baseline.push(...sourcesOf(path.join(kitRoot, 'exercises'), exercise.id, '(stub)'));
    for (const s of students) if (s.dir) files.push(...sourcesOf(exercisesDirOf(s.dir), exercise.id, s.id));
  }
  return findSimilarPairs(files, { baseline });
}
