/**
 * Where each exercise's suites and authoring hooks live: public tests in exercises/<id>/,
 * hidden suites and the public-fixture maker in solutions/<id>/ (teacher-only).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import { loadKitModule } from '../shared/kit';

export function suiteFiles(kitRoot: string, catalog: Catalog, which: 'all' | 'public'): string[] {
  const files: string[] = [];
  for (const exercise of catalog.exercises) {
    const dirs = [path.join(kitRoot, 'exercises', exercise.id)];
    if (which === 'all') dirs.push(path.join(kitRoot, 'solutions', exercise.id));
    for (const dir of dirs) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) if (name.endsWith('.test.ts')) files.push(path.join(dir, name));
    }
  }
  return files;
}

export type FixtureMaker = (seed: number) => unknown;

/** `solutions/<id>/fixtures.ts` exports `publicFixtures(seed)`; absent in a student kit. */
export async function publicFixtureMaker(kitRoot: string, exerciseId: string): Promise<FixtureMaker | null> {
  const file = path.join(kitRoot, 'solutions', exerciseId, 'fixtures.ts');
  if (!existsSync(file)) return null;
  const mod = await loadKitModule<{ publicFixtures?: FixtureMaker }>(file);
  return mod.publicFixtures ?? null;
}
