/**
 * The kit's cache of derived text (grader/shared/cache.ts) and its two users on the `check` path: course.json is
 * checked again whenever it (or its schema) changed, never taken from the cache then; the sandbox runner compiled
 * from the cache is the runner compiled afresh.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cachedText, cacheFolder } from '../../grader/shared/cache';
import { loadCatalog } from '../../grader/shared/catalog';
import { UsageError } from '../../grader/shared/errors';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { runnerSource } from '../../grader/sandbox';
import { tempDir } from './helpers';

describe('cachedText', () => {
  it('derives once per inputs: the same inputs are read back, other inputs derived again', () => {
    const kit = tempDir('cache');
    let made = 0;
    const make = (text: string) => () => `${text}:${++made}`;
    expect(cachedText(kit, 'x', ['a', 'b'], make('first'))).toBe('first:1');
    expect(cachedText(kit, 'x', ['a', 'b'], make('second'))).toBe('first:1');
    // The inputs are told apart, not just joined: ['ab'] is not ['a', 'b'].
    expect(cachedText(kit, 'x', ['ab'], make('third'))).toBe('third:2');
    expect(cachedText(kit, 'x', ['a', 'b'], make('fourth'))).toBe('fourth:3');
    expect(made).toBe(3);
  });

  it('caches nothing when deriving throws, and derives every time in a kit it cannot write to', () => {
    const kit = tempDir('cache');
    expect(() =>
      cachedText(kit, 'y', ['a'], () => {
        throw new Error('bad input');
      }),
    ).toThrow('bad input');
    expect(cachedText(kit, 'y', ['a'], () => 'good')).toBe('good');
    // A kit whose cache cannot be made (a file where the folder would go, which stops root too).
    const unwritable = tempDir('cache-unwritable');
    mkdirSync(path.dirname(cacheFolder(unwritable)), { recursive: true });
    writeFileSync(cacheFolder(unwritable), 'not a folder');
    let made = 0;
    expect(cachedText(unwritable, 'z', ['a'], () => `t${++made}`)).toBe('t1');
    expect(cachedText(unwritable, 'z', ['a'], () => `t${++made}`)).toBe('t2');
  });
});

describe('course.json is checked whenever it changed', () => {
  it('a catalog that passed, then broken: the broken one is refused', () => {
    const kit = tempDir('catalog-cache');
    cpSync(path.join(PACKAGE_ROOT, 'course.json'), path.join(kit, 'course.json'));
    expect(loadCatalog(kit).exercises.length).toBeGreaterThan(0);
    expect(loadCatalog(kit).exercises.length).toBeGreaterThan(0);
    const catalog = JSON.parse(readFileSync(path.join(kit, 'course.json'), 'utf8')) as { latePolicy: { unit: string } };
    catalog.latePolicy.unit = 'week';
    writeFileSync(path.join(kit, 'course.json'), JSON.stringify(catalog));
    expect(() => loadCatalog(kit)).toThrow(UsageError);
    expect(() => loadCatalog(kit)).toThrow(/at \/latePolicy\/unit/);
  });

  it('a catalog whose points do not add up is refused every time, not only the first', () => {
    const kit = tempDir('catalog-cache');
    const catalog = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'course.json'), 'utf8')) as {
      exercises: { points: number }[];
    };
    catalog.exercises[0].points += 1;
    writeFileSync(path.join(kit, 'course.json'), JSON.stringify(catalog));
    expect(() => loadCatalog(kit)).toThrow(/checks add up to/);
    expect(() => loadCatalog(kit)).toThrow(/checks add up to/);
  });
});

it('the cached sandbox runner is runner.ts compiled as it is now', () => {
  const fresh = transformSync(readFileSync(path.join(PACKAGE_ROOT, 'grader', 'sandbox', 'runner.ts'), 'utf8'), {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcefile: 'runner.ts',
  }).code;
  expect(runnerSource()).toBe(fresh);
});
