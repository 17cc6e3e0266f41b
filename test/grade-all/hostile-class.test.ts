/**
 * "Done when": a class with one oversized, one many-file, one link-framing and one expanding submission among
 * normal ones is graded in full, and the normal students' results are exactly those they get in a class without
 * the hostile ones. Big and many-file cases are generated in a temp folder (sparse files) and removed afterwards.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { gradeAll } from '../../grader/grade-all';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { EXAMPLES, SUBMISSIONS, TEST_LIMITS } from '../grader/helpers';

const EX = '02-forget-gate';
const full = loadCatalog(PACKAGE_ROOT);
const catalog = { ...full, exercises: full.exercises.filter((e) => e.id === EX) };
const NORMAL: Record<string, string> = {
  'n-perfect': 's01-perfect',
  'n-untouched': 's02-untouched',
  'n-wrong-backward': 's03-wrong-backward',
};
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const temp = (prefix: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `gatelab-${prefix}-`));
  made.push(dir);
  return dir;
};
const quiet = new Writable({ write: (_chunk, _enc, done) => done() }) as unknown as NodeJS.WriteStream;

function normalClass(): string {
  const root = temp('class');
  for (const [id, example] of Object.entries(NORMAL))
    cpSync(path.join(EXAMPLES, example), path.join(root, id), { recursive: true });
  return root;
}

function hostileClass(): string {
  const root = normalClass();
  // Oversized: the perfect work, a 2 GB file beside it and another in place of a protected file.
  cpSync(path.join(EXAMPLES, 's01-perfect'), path.join(root, 'h-oversized'), { recursive: true });
  for (const name of ['weights.bin', 'fixtures.json']) {
    const file = path.join(root, 'h-oversized', 'exercises', EX, name);
    writeFileSync(file, '');
    truncateSync(file, 2 ** 31);
  }
  // Many files: the perfect work and 20 000 files.
  cpSync(path.join(EXAMPLES, 's01-perfect'), path.join(root, 'h-many-files'), { recursive: true });
  for (let d = 0; d < 20; d++) {
    const dir = path.join(root, 'h-many-files', 'exercises', EX, 'data', `d${d}`);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 1000; i++) writeFileSync(path.join(dir, `f${i}`), '');
  }
  // Link framing: exercises/ is a link into the perfect student's folder.
  mkdirSync(path.join(root, 'h-framing'));
  symlinkSync(path.join(root, 'n-perfect', 'exercises'), path.join(root, 'h-framing', 'exercises'));
  // Expanding: small answers whose objects share references.
  cpSync(path.join(SUBMISSIONS, 'expanding'), path.join(root, 'h-expanding'), { recursive: true });
  return root;
}

const results = (out: string, id: string) =>
  JSON.parse(readFileSync(path.join(out, id, 'results.json'), 'utf8')) as Results;
/** What a student's grade is made of (not when or how fast it was made). */
const grade = (r: Results) => ({
  final: r.final_milli,
  tests: r.tests.map((t) => [t.gatelab.id, t.gatelab.outcome, t.gatelab.score_milli, t.gatelab.diagnosis?.en ?? '']),
  integrity: r.integrity.map((n) => [n.kind, n.file ?? '', n.message.en]),
});

describe('a class with hostile submissions', () => {
  it(
    'is graded in full, and the normal students get exactly what they get without the hostile ones',
    { timeout: 900_000 },
    async () => {
      const options = {
        kitRoot: PACKAGE_ROOT,
        secret: 'class-secret',
        lang: 'en' as const,
        catalog,
        limits: TEST_LIMITS,
        progressStream: quiet,
        jobs: 2,
      };
      const alone = temp('out-alone');
      await gradeAll({ ...options, submissions: normalClass(), out: alone });
      const mixed = temp('out-mixed');
      const summary = await gradeAll({ ...options, submissions: hostileClass(), out: mixed });

      // Everyone is accounted for: graded, or (the link in place of exercises/) a row saying why.
      expect([...summary.graded].sort()).toEqual([
        'h-expanding',
        'h-many-files',
        'h-oversized',
        'n-perfect',
        'n-untouched',
        'n-wrong-backward',
      ]);
      expect(summary.failed.map((f) => f.id)).toEqual(['h-framing']);
      expect(summary.failed[0].message).toMatch(/exercises is a symbolic link, which is never followed/);
      expect(readFileSync(path.join(mixed, 'gradebook.csv'), 'utf8')).toMatch(/h-framing/);

      for (const id of Object.keys(NORMAL))
        expect([id, grade(results(mixed, id))]).toEqual([id, grade(results(alone, id))]);

      const oversized = results(mixed, 'h-oversized');
      expect(oversized.final_milli).toBe(results(mixed, 'n-perfect').final_milli);
      expect(oversized.integrity.map((n) => n.message.en).join('\n')).toContain(
        'weights.bin is 2 147 483 648 bytes; the limit per file is 4 194 304 bytes',
      );
      // The 20 000 generated files and the perfect student's 7.
      expect(results(mixed, 'h-many-files').tests[0].gatelab.diagnosis?.en).toMatch(
        /20\s0\d\d files in the exercises folder; the limit is 2\s000/,
      ); // 20 000 made here + the perfect copy's own
      expect(results(mixed, 'h-expanding').final_milli).toBe(0);

      // The framed student is nobody's copier; the real copy (h-oversized is the perfect work) is still seen.
      const pairs = summary.similar.map((p) => `${p.a}-${p.b}`);
      expect(pairs.filter((p) => p.includes('h-framing'))).toEqual([]);
      expect(pairs).toContain('h-oversized-n-perfect');
    },
  );
});
