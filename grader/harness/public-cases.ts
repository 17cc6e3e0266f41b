import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { deserializeFixture, parseFixture, serializeFixture } from './codec';
import { gradingContext } from './inject';

/**
 * The public cases of the exercise whose folder is `exerciseDir`: the published fixtures when a
 * student checks their work (or hands in nothing for it), fresh cases of the same kinds (from the student's seed)
 * when grading.
 */
export function publicCases<T>(exerciseDir: string): T {
  const fresh = gradingContext().freshFixtures[path.basename(exerciseDir)];
  return deserializeFixture<T>(fresh !== undefined ? readFileSync(fresh) : published(exerciseDir));
}

/**
 * The published fixtures, parsed once per process (again when the file changes) and kept in V8's binary form, so
 * each caller gets a copy of its own.
 */
const publishedCases = new Map<string, { stamp: string; bytes: Buffer }>();
function published(exerciseDir: string): Buffer {
  const file = path.join(exerciseDir, 'fixtures.json');
  const { mtimeMs, size } = statSync(file);
  const stamp = `${mtimeMs}:${size}`;
  const kept = publishedCases.get(exerciseDir);
  if (kept?.stamp === stamp) return kept.bytes;
  const bytes = serializeFixture(parseFixture(readFileSync(file, 'utf8')));
  publishedCases.set(exerciseDir, { stamp, bytes });
  return bytes;
}
