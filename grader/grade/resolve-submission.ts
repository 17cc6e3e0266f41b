/**
 * Step 1: find the student's exercises folder. A submission is a student's `exercises/` folder,
 * a kit root that contains one, or a folder of exercise folders (like `solutions/`).
 */
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog';
import { UsageError } from '../errors';

export function resolveSubmission(dir: string, catalog: Catalog): string {
  const root = path.resolve(dir);
  if (!existsSync(root) || !lstatSync(root).isDirectory()) {
    throw new UsageError(`${dir}: submission folder not found; pass the student's kit folder or its exercises/ folder`);
  }
  const nested = path.join(root, 'exercises');
  if (existsSync(nested) && lstatSync(nested).isDirectory()) return nested;
  const hasExercise = catalog.exercises.some((e) => existsSync(path.join(root, e.id)));
  if (hasExercise) return root;
  const expected = catalog.exercises.map((e) => e.id).join(', ');
  throw new UsageError(`${dir}: no exercises/ folder and none of the exercise folders (${expected}); pass the student's kit folder`);
}
