/**
 * Step 1: find the student's exercises folder. A submission is a student's `exercises/` folder,
 * a kit root that contains one, or a folder of exercises folders (like `solutions/`).
 *
 * Only real folders count, never a symbolic link (the rule of grader/submission/list.ts): an `exercises` link into a
 * classmate's folder is not this student's submission, for grading, hashing and similarity alike.
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import { UsageError } from '../shared/errors';

function kindOf(file: string): 'folder' | 'link' | 'other' | 'none' {
  try {
    const stat = lstatSync(file);
    return stat.isDirectory() ? 'folder' : stat.isSymbolicLink() ? 'link' : 'other';
  } catch {
    return 'none';
  }
}

export function resolveSubmission(dir: string, catalog: Catalog): string {
  const root = path.resolve(dir);
  if (kindOf(root) !== 'folder') {
    throw new UsageError(`${dir}: submission folder not found; pass the student's kit folder or its exercises/ folder`);
  }
  const nested = path.join(root, 'exercises');
  const nestedKind = kindOf(nested);
  if (nestedKind === 'folder') return nested;
  if (catalog.exercises.some((e) => kindOf(path.join(root, e.id)) === 'folder')) return root;
  if (nestedKind === 'link') {
    throw new UsageError(
      `${dir}: exercises is a symbolic link, which is never followed; the student must hand in the exercises folder itself`,
    );
  }
  const expected = catalog.exercises.map((e) => e.id).join(', ');
  throw new UsageError(
    `${dir}: no exercises/ folder and none of the exercise folders (${expected}); pass the student's kit folder`,
  );
}
