/**
 * The public examples of an exercise, for a student's own experiments: `loadFixtures('02')` reads
 * exercises/02-forget-gate/fixtures.json and gives it back with matrices as the toolkit's Matrix and NaN/±Infinity
 * restored, exactly as the public checks see it. For example, in a file of your own:
 *
 *     // exercises/02-forget-gate/try.ts — run it with: npx tsx exercises/02-forget-gate/try.ts
 *     import { loadFixtures } from '../../grader/student/fixtures';
 *     import { forgetGateForward } from './forget-gate';
 *     const { cases } = loadFixtures('02');
 *     const e = cases[0];
 *     console.log(forgetGateForward(e.x, e.hPrev, e.cPrev, e.cNew, e.p).f.toString(), e.f.toString());
 *
 * Each exercise's public test file (e.g. forget-gate.test.ts) declares the fields as TypeScript interfaces.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findExercise, loadCatalog } from '../shared/catalog';
import { parseFixture } from '../harness/codec';
import { PACKAGE_ROOT } from '../shared/kit';

// The fields differ per exercise; callers name them, as in `loadFixtures<{ cases: Example[] }>('02')`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: `any` lets a quick experiment read any field
export function loadFixtures<T = any>(exercise: string, kitRoot: string = PACKAGE_ROOT): T {
  const { id } = findExercise(loadCatalog(kitRoot), exercise);
  return parseFixture<T>(readFileSync(path.join(kitRoot, 'exercises', id, 'fixtures.json'), 'utf8'));
}
