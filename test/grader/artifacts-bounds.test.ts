/**
 * model.json as handed in, read within bounds before any suite parses it: a 2 GB file is too large without being
 * read, a file nested a million deep is refused with a message saying how deep (no parser or validator recursion
 * ever sees it), a link or a pipe is not a file; and `grade` leaves a results.json even when the grader itself fails.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
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
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { grade } from '../../grader/grade';
import { copyArtifacts } from '../../grader/grade/artifacts';
import type { SuiteRunner } from '../../grader/grade/run-suites';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { EXAMPLES } from './helpers';

const EX = '05-weather-forecaster';
const full = loadCatalog(PACKAGE_ROOT);
const catalog = { ...full, exercises: full.exercises.filter((e) => e.id === EX) };
let dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatelab-artifacts-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function withModel(write: (file: string) => void) {
  const exercises = temp();
  mkdirSync(path.join(exercises, EX));
  write(path.join(exercises, EX, 'model.json'));
  return copyArtifacts(exercises, catalog, path.join(temp(), 'copies'))[EX]['model.json'];
}

describe('model.json within bounds', () => {
  it("the perfect student's model is copied", () => {
    const artifact = withModel((file) =>
      writeFileSync(file, readFileSync(path.join(EXAMPLES, 's01-perfect', 'exercises', EX, 'model.json'))),
    );
    expect('path' in artifact && existsSync(artifact.path)).toBe(true);
  });

  it('a 2 GB model.json is too large, and is not read', () => {
    const artifact = withModel((file) => {
      writeFileSync(file, '');
      truncateSync(file, 2 ** 31);
    });
    expect(artifact).toEqual({ problem: 'too-large', limitBytes: 4_000_000 });
  });

  it('a model.json nested a million deep is refused, saying how deep and the limit', () => {
    const artifact = withModel((file) =>
      writeFileSync(file, `{"weights":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`),
    );
    expect(artifact).toMatchObject({ problem: 'too-deep' });
    const message = 'message' in artifact ? artifact.message : undefined;
    expect(message?.en).toBe(
      'model.json nests arrays and objects 1 000 001 deep; the limit is 32. Hand in the file train.ts writes, unedited.',
    );
    expect(message?.ru).toMatch(/^model\.json: вложенность массивов и объектов 1 000 001; предел — 32\./);
  });

  it('a link or a FIFO is not a file, and neither is opened', () => {
    expect(withModel((file) => symlinkSync('/dev/zero', file))).toMatchObject({ problem: 'not-a-file' });
    expect(withModel((file) => execFileSync('mkfifo', [file]))).toMatchObject({ problem: 'not-a-file' });
  });
});

describe('grade when the grader fails', () => {
  it('still writes a results.json that says so (not a mark against the student) and the log, then reports the failure', async () => {
    const out = temp();
    const runner = { run: () => Promise.reject(new Error('the suite runner broke')) } as unknown as SuiteRunner;
    const submission = path.join(EXAMPLES, 's01-perfect');
    await expect(
      grade({ kitRoot: PACKAGE_ROOT, catalog, submission, out, student: 'x', seed: 's', lang: 'en', runner }),
    ).rejects.toThrow('the suite runner broke');
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(results.final_milli).toBe(0);
    expect(results.tests.every((t) => t.gatelab.outcome === 'error')).toBe(true);
    expect(results.tests[0].gatelab.diagnosis?.en).toMatch(
      /could not finish with this submission \(the suite runner broke\)\. This is not a mark against your work/,
    );
    expect(readFileSync(path.join(out, 'grader-problems.log'), 'utf8')).toMatch(/the suite runner broke/);
  });
});
