/**
 * The input hash reads a submission through the one listing, within its bounds: a repointed link is noticed even at
 * the same length, a 2 GB file is hashed by its size (never read), and a submission over a bound hashes without
 * reading past it.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inputHash } from '../../grader/submission/input-hash';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));
const settings = { seed: 's' };
const hashOf = (dir: string) => inputHash('kit', dir, settings);

function submission(): string {
  root = mkdtempSync(path.join(os.tmpdir(), 'gatelab-hash-'));
  const ex = path.join(root, 'exercises', '02-forget-gate');
  mkdirSync(ex, { recursive: true });
  writeFileSync(path.join(ex, 'forget-gate.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(ex, 'aaaa.ts'), 'one\n');
  writeFileSync(path.join(ex, 'bbbb.ts'), 'two\n');
  return path.join(root, 'exercises');
}

describe('inputHash', () => {
  it('changes when a link is repointed to a target of the same length', () => {
    const dir = submission();
    const link = path.join(dir, '02-forget-gate', 'helper.ts');
    symlinkSync('aaaa.ts', link);
    const before = hashOf(dir);
    rmSync(link);
    symlinkSync('bbbb.ts', link);
    expect(hashOf(dir)).not.toBe(before);
  });

  it("changes with a file's content and not with its modification time", () => {
    const dir = submission();
    const before = hashOf(dir);
    writeFileSync(path.join(dir, '02-forget-gate', 'aaaa.ts'), 'one\n');
    expect(hashOf(dir)).toBe(before);
    writeFileSync(path.join(dir, '02-forget-gate', 'aaaa.ts'), 'One\n');
    expect(hashOf(dir)).not.toBe(before);
  });

  it('hashes a 2 GB file by its size without reading it, and a change of size is noticed', () => {
    const dir = submission();
    const big = path.join(dir, '02-forget-gate', 'big.bin');
    writeFileSync(big, '');
    truncateSync(big, 2 ** 31);
    const before = hashOf(dir);
    truncateSync(big, 2 ** 31 + 1);
    expect(hashOf(dir)).not.toBe(before);
  });

  it('hashes a submission over the file bound, and notices when it grows', () => {
    const dir = submission();
    const many = path.join(dir, '02-forget-gate', 'many');
    mkdirSync(many);
    for (let i = 0; i < 2100; i++) writeFileSync(path.join(many, `f${i}`), '');
    const before = hashOf(dir);
    writeFileSync(path.join(many, 'one-more'), '');
    expect(hashOf(dir)).not.toBe(before);
    // Past the bound only names are counted: renaming one file changes nothing the grader reads.
    const after = hashOf(dir);
    renameSync(path.join(many, 'f0'), path.join(many, 'g0'));
    expect(hashOf(dir)).toBe(after);
  });
});
