/**
 * submit takes its files from the one listing the grader uses: what is submitted is what will be graded. A link
 * (here, to a classmate's file) or a 2 GB file is left out with a warning saying why; a folder over a bound is
 * refused with the bound and by how much, as the grader would tell it.
 */
import { copyFileSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { submit, SubmissionRefused } from '../../grader/student/submit';
import { linkedKit, SOLVED_02 } from '../release/helpers';

const kits: string[] = [];
afterAll(() => {
  for (const kit of kits) rmSync(kit, { recursive: true, force: true });
});
const kitWith = (change: (exercise02: string) => void): string => {
  const kit = linkedKit();
  kits.push(kit);
  const ex = path.join(kit, 'exercises', '02-forget-gate');
  copyFileSync(SOLVED_02, path.join(ex, 'forget-gate.ts'));
  change(ex);
  return kit;
};

describe('submit through the one listing', () => {
  it('submits regular files only: a link and a 2 GB file are left out, each with a warning', async () => {
    const kit = kitWith((ex) => {
      writeFileSync(path.join(ex, 'notes.md'), 'my notes\n');
      symlinkSync(path.join(ex, 'forget-gate.ts'), path.join(ex, 'classmate.ts'));
      writeFileSync(path.join(ex, 'big.bin'), '');
      truncateSync(path.join(ex, 'big.bin'), 2 ** 31);
    });
    const r = await submit({ kitRoot: kit, student: 'ivanova', lang: 'en' });
    const files = r.manifest.files.map((f) => f.path);
    expect(files).toContain('exercises/02-forget-gate/forget-gate.ts');
    expect(files).toContain('exercises/02-forget-gate/notes.md');
    expect(files.filter((f) => /classmate|big\.bin/.test(f))).toEqual([]);
    const warned = r.manifest.problems.join('\n');
    expect(warned).toContain('exercises/02-forget-gate/classmate.ts is a symbolic link');
    expect(warned).toContain(
      'exercises/02-forget-gate/big.bin is 2 147 483 648 bytes; the limit per file is 4 194 304 bytes',
    );
  });

  it('refuses a folder over the file bound, saying by how much', async () => {
    const kit = kitWith((ex) => {
      mkdirSync(path.join(ex, 'data'));
      for (let i = 0; i < 2500; i++) writeFileSync(path.join(ex, 'data', `f${i}`), '');
    });
    const refused = await submit({ kitRoot: kit, student: 'ivanova', lang: 'en' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SubmissionRefused);
    expect((refused as SubmissionRefused).lines.join('\n')).toMatch(
      /\d[\d ]+ files in the exercises folder; the limit is 2 000\./,
    );
  });
});
