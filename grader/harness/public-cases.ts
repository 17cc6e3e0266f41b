import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deserializeFixture, parseFixture } from './codec';
import { gradingContext } from './inject';

/**
 * The public cases of the exercise whose folder is `exerciseDir`: the published fixtures when a
 * student checks their work, fresh cases of the same kinds (from the student's seed) when grading.
 */
export function publicCases<T>(exerciseDir: string): T {
  const fresh = gradingContext().freshFixtures[path.basename(exerciseDir)];
  if (fresh !== undefined) return deserializeFixture<T>(readFileSync(fresh));
  return parseFixture<T>(readFileSync(path.join(exerciseDir, 'fixtures.json'), 'utf8'));
}
