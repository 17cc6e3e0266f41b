/**
 * Similarity compares exactly the files that were graded: a link (to a classmate's folder or file) is never
 * followed, so it cannot frame the classmate as a copier; a real copy is still found.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { similarPairs } from '../../grader/class-outputs/similar';
import type { StudentEntry } from '../../grader/shared/student-entry';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { classSources } from '../../grader/similarity/sources';

const catalog = loadCatalog(PACKAGE_ROOT);
const EXAMPLES = path.join(PACKAGE_ROOT, 'examples', 'class');
let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

const entry = (id: string): StudentEntry => ({
  id,
  name: id,
  dir: path.join(root, id),
  commit: null,
  submittedAt: null,
  seenAt: null,
  extensionDays: 0,
  deadline: null,
  status: 'collected',
});

function makeClass(): void {
  root = mkdtempSync(path.join(os.tmpdir(), 'gatelab-frame-'));
  cpSync(path.join(EXAMPLES, 's01-perfect'), path.join(root, 'alice'), { recursive: true });
  // bob's exercises folder is a link into alice's: grading does not take it, so similarity must not either.
  mkdirSync(path.join(root, 'bob'));
  symlinkSync(path.join(root, 'alice', 'exercises'), path.join(root, 'bob', 'exercises'));
  // dora has her own folder, but her forget-gate.ts is a link to alice's file.
  mkdirSync(path.join(root, 'dora', 'exercises', '02-forget-gate'), { recursive: true });
  symlinkSync(
    path.join(root, 'alice', 'exercises', '02-forget-gate', 'forget-gate.ts'),
    path.join(root, 'dora', 'exercises', '02-forget-gate', 'forget-gate.ts'),
  );
  writeFileSync(path.join(root, 'dora', 'exercises', '02-forget-gate', 'notes.ts'), 'export const mine = 1;\n');
  // carl copied alice's file for real.
  mkdirSync(path.join(root, 'carl', 'exercises', '02-forget-gate'), { recursive: true });
  cpSync(
    path.join(root, 'alice', 'exercises', '02-forget-gate', 'forget-gate.ts'),
    path.join(root, 'carl', 'exercises', '02-forget-gate', 'forget-gate.ts'),
  );
}

describe('similarity takes the graded files only', () => {
  it("a link to a classmate's folder or file frames nobody; a real copy is still found", () => {
    makeClass();
    const pairs = similarPairs(PACKAGE_ROOT, catalog, ['alice', 'bob', 'carl', 'dora'].map(entry));
    const named = pairs.map((p) => `${p.exercise}:${p.a}-${p.b}`);
    expect(named).toContain('02-forget-gate:alice-carl');
    expect(named.filter((n) => n.includes('bob') || n.includes('dora'))).toEqual([]);
  });

  it('gathers exactly the files grading compiles, each student in their own boundary', () => {
    makeClass();
    const { files, baseline } = classSources(PACKAGE_ROOT, catalog, [
      ...['alice', 'bob', 'dora'].map(entry),
      { id: 'gone', dir: path.join(root, 'gone') },
    ]);
    const byStudent = (id: string) =>
      files
        .filter((f) => f.student === id)
        .map((f) => f.file)
        .sort();
    // A copy of the perfect submission: every module the course asks for, and nothing the kit ships beside them.
    expect(byStudent('alice')).toEqual(catalog.exercises.flatMap((e) => e.modules.map((m) => `${e.id}/${m}`)).sort());
    expect(byStudent('bob')).toEqual([]);
    expect(byStudent('dora')).toEqual(['02-forget-gate/notes.ts']);
    expect(baseline.map((f) => f.file)).toContain('02-forget-gate/forget-gate.ts');
  });

  it('leaves out an exercise whose sources exceed the compared bytes, and only that one', () => {
    makeClass();
    const ex = path.join(root, 'alice', 'exercises', '02-forget-gate');
    for (let i = 0; i < 3; i++)
      writeFileSync(path.join(ex, `pile${i}.ts`), `export const x${i} = [${'1,'.repeat(200_000)}];\n`);
    const { files } = classSources(PACKAGE_ROOT, catalog, [entry('alice')]);
    expect(files.filter((f) => f.exercise === '02-forget-gate')).toEqual([]);
    expect(files.map((f) => f.exercise)).toContain('03-lstm-cell');
  });
});
