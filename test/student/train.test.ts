/**
 * `npm run train` from a fresh clone: no out/ folder yet. The repository's own npm script is run in a folder that
 * has the sources (linked) but nothing trained or written before, with a tiny epoch count; it must write
 * out/model.json and exit 0.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';

describe('npm run train', () => {
  it('creates out/ in a fresh clone and writes the model there', () => {
    const clone = mkdtempSync(path.join(os.tmpdir(), 'gatelab-fresh-clone-'));
    for (const linked of [
      'package.json',
      'node_modules',
      'solutions',
      'exercises',
      'datasets',
      'grader',
      'course.json',
    ]) {
      symlinkSync(path.join(PACKAGE_ROOT, linked), path.join(clone, linked));
    }
    expect(existsSync(path.join(clone, 'out'))).toBe(false);
    const r = spawnSync('npm', ['run', '--silent', 'train', '--', '--epochs', '1', '--lang', 'en'], {
      cwd: clone,
      encoding: 'utf8',
      timeout: 300_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('written: out/model.json');
    const model = JSON.parse(readFileSync(path.join(clone, 'out', 'model.json'), 'utf8')) as {
      training: { options: { epochs: number }; history: { val: number[] } };
    };
    expect(model.training.options.epochs).toBe(1);
    expect(model.training.history.val).toHaveLength(1);
  });
});
