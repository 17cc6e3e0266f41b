/**
 * Public cases: fresh ones only for the exercises a student handed something in for; the published ones read once per
 * process, each reader with a copy of its own, and read again when the file changes.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Matrix } from '../../exercises/lib/matrix';
import { parseFixture, stringifyFixture } from '../../grader/harness/codec';
import type { GradingContext } from '../../grader/harness/context';
import { selectContext } from '../../grader/harness/inject';
import { publicCases } from '../../grader/harness/public-cases';
import { Grading, publicCases as freshCasesStep, type GradeOptions } from '../../grader/grade/steps';
import { loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { listSubmission } from '../../grader/submission';

const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-public-cases-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A grading context with the given fresh cases (the rest is not read by publicCases). */
const context = (freshFixtures: Record<string, string>) => ({ freshFixtures }) as unknown as GradingContext;

describe('the published cases', () => {
  it('are the kit fixtures, a copy of its own for each reader', () => {
    selectContext(context({}));
    const dir = path.join(PACKAGE_ROOT, 'exercises', '03-lstm-cell');
    const want = parseFixture<unknown>(readFileSync(path.join(dir, 'fixtures.json'), 'utf8'));
    const first = publicCases<Record<string, unknown>>(dir);
    expect(stringifyFixture(first)).toBe(stringifyFixture(want));
    // A reader that changes its copy changes no later reader's.
    const key = Object.keys(first)[0];
    first[key] = 'changed';
    expect(stringifyFixture(publicCases(dir))).toBe(stringifyFixture(want));
  });

  it('are read again when the file changes', () => {
    selectContext(context({}));
    const dir = path.join(work, '99-made-up');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'fixtures.json');
    writeFileSync(file, stringifyFixture({ m: new Matrix(1, 2, Float64Array.from([1, NaN])) }));
    const a = publicCases<{ m: Matrix }>(dir);
    expect(a.m).toBeInstanceOf(Matrix);
    expect(Array.from(a.m.data)).toEqual([1, NaN]);
    writeFileSync(file, stringifyFixture({ m: new Matrix(1, 3, Float64Array.from([4, 5, 6])) }));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(Array.from(publicCases<{ m: Matrix }>(dir).m.data)).toEqual([4, 5, 6]);
  });
});

describe('fresh public cases when grading', () => {
  it('are made only for the exercises with something handed in', async () => {
    const catalog = loadCatalog(PACKAGE_ROOT);
    const exercises = path.join(work, 'submission', 'exercises');
    mkdirSync(path.join(exercises, '02-forget-gate'), { recursive: true });
    writeFileSync(path.join(exercises, '02-forget-gate', 'forget-gate.ts'), 'export {};\n');
    mkdirSync(path.join(exercises, '04-gru-cell', 'notes'), { recursive: true });
    writeFileSync(path.join(exercises, '04-gru-cell', 'notes', 'todo.txt'), 'later\n');
    const opts = { kitRoot: PACKAGE_ROOT, seed: 'seed-1' } as GradeOptions;
    const g = new Grading(opts, catalog, 'en', exercises, listSubmission(exercises), path.join(work, 'grading'));
    await freshCasesStep(g);
    expect(Object.keys(g.freshFixtures).sort()).toEqual(['02-forget-gate', '04-gru-cell']);
    // A grading run's fresh cases are what the suites read instead of the published ones.
    selectContext(context(g.freshFixtures));
    const fresh = publicCases<unknown>(path.join(PACKAGE_ROOT, 'exercises', '02-forget-gate'));
    selectContext(context({}));
    const published = publicCases<unknown>(path.join(PACKAGE_ROOT, 'exercises', '02-forget-gate'));
    expect(stringifyFixture(fresh)).not.toBe(stringifyFixture(published));
  });
});
