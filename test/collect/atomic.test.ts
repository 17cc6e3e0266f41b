import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../grader/shared/atomic';
import { removeLeftovers, replaceDir, tempPathFor } from '../../grader/collect/atomic';
import { lockFolder } from '../../grader/collect/lock';
import { UsageError } from '../../grader/shared/errors';
import { tempDir } from './git-fixtures';

describe('atomic writes into --into', () => {
  it('replaceDir swaps a finished folder in for the old one, which is gone afterwards', async () => {
    const dir = tempDir('atomic');
    const target = path.join(dir, 'ann');
    mkdirSync(target);
    writeFileSync(path.join(target, 'old.ts'), 'old');
    const fresh = tempPathFor(dir, 'ann');
    mkdirSync(fresh);
    writeFileSync(path.join(fresh, 'new.ts'), 'new');
    await replaceDir(fresh, target);
    expect(readdirSync(target)).toEqual(['new.ts']);
    expect(readdirSync(dir)).toEqual(['ann']);
  });

  it('writeFileAtomic leaves the complete file and no temporary one; leftovers of a crash are cleared', async () => {
    const dir = tempDir('atomic');
    await writeFileAtomic(path.join(dir, 'manifest.json'), '{}\n');
    expect(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe('{}\n');
    mkdirSync(tempPathFor(dir, 'ann'));
    mkdirSync(path.join(dir, '.outgoing-bob-1234'));
    writeFileSync(path.join(dir, '.manifest.json.4321.0badf00d.tmp'), '{');
    mkdirSync(path.join(dir, 'cat'));
    await removeLeftovers(dir);
    expect(readdirSync(dir).sort()).toEqual(['cat', 'manifest.json']);
  });
});

describe('the lock on --into', () => {
  it('refuses a second collect while the first holds it, and releases', () => {
    const dir = tempDir('lock');
    const unlock = lockFolder(dir);
    expect(() => lockFolder(dir)).toThrow(UsageError);
    expect(() => lockFolder(dir)).toThrow(
      new RegExp(`another collect \\(pid ${process.pid}\\) is writing into this folder`),
    );
    unlock();
    expect(existsSync(path.join(dir, '.collect.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const dir = tempDir('lock');
    writeFileSync(path.join(dir, '.collect.lock'), '999999999');
    const unlock = lockFolder(dir);
    expect(readFileSync(path.join(dir, '.collect.lock'), 'utf8')).toBe(String(process.pid));
    unlock();
  });
});
