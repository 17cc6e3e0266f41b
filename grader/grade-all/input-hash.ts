/**
 * What a result depends on, as one hash: the kit (catalog, references, suites, fixtures, grader),
 * the student's files, and how they were graded (seed, language, submission time). A rerun skips
 * a student whose hash has not changed.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function hashTree(hash: Hash, root: string, rel = ''): void {
  const dir = path.join(root, rel);
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const childRel = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) hashTree(hash, root, childRel);
    else if (entry.isFile() || entry.isSymbolicLink()) {
      hash.update(`\u0000${childRel}\u0000`);
      // A symbolic link is hashed as its target path: it is never followed when grading either.
      hash.update(entry.isSymbolicLink() ? `link:${lstatSync(path.join(root, childRel)).size}` : readFileSync(path.join(root, childRel)));
    }
  }
}

export function kitFingerprint(kitRoot: string): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(kitRoot, 'course.json')));
  hash.update(readFileSync(path.join(kitRoot, 'package.json')));
  for (const dir of ['solutions', 'exercises', 'grader', 'templates']) {
    hash.update(`\u0001${dir}`);
    hashTree(hash, path.join(kitRoot, dir));
  }
  return hash.digest('hex');
}

export function inputHash(kit: string, submissionDir: string, settings: Record<string, unknown>): string {
  const hash = createHash('sha256');
  hash.update(kit);
  hash.update(JSON.stringify(settings));
  hashTree(hash, submissionDir);
  return hash.digest('hex');
}
