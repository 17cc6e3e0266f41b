import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { UsageError } from '../../grader/shared/errors';
import { PACKAGE_ROOT } from '../../grader/shared/kit';

function withCatalog(edit: (c: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatelab-catalog-'));
  const catalog = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'course.json'), 'utf8')) as Record<string, unknown>;
  edit(catalog);
  writeFileSync(path.join(dir, 'course.json'), JSON.stringify(catalog));
  return dir;
}

function errorOf(dir: string): string {
  try {
    loadCatalog(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('loadCatalog accepted a bad catalog');
}

describe('course.json', () => {
  it('the kit’s own catalog loads', () => {
    const catalog = loadCatalog(PACKAGE_ROOT);
    expect(catalog.exercises.map((e) => e.id)).toContain('02-forget-gate');
  });
  it('names the file and the field of a schema error, in one line', () => {
    const msg = errorOf(withCatalog((c) => ((c.latePolicy as Record<string, unknown>).unit = 'week')));
    expect(msg).toMatch(/course\.json: at \/latePolicy\/unit: must be one of "day", "hour"/);
    expect(msg).not.toContain('\n');
  });
  it('reports a missing field and an unknown one', () => {
    expect(errorOf(withCatalog((c) => delete c.deadline))).toMatch(/missing field "deadline"/);
    expect(errorOf(withCatalog((c) => (c.dedline = 'x')))).toMatch(/unknown field "dedline"/);
  });
  it('checks that check points add up to the exercise', () => {
    const msg = errorOf(withCatalog((c) => ((c.exercises as { points: number }[])[0].points = 16)));
    expect(msg).toMatch(/checks add up to 15 points but the exercise says 16/);
  });
  it('explains broken JSON and a missing file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gatelab-catalog-'));
    expect(errorOf(dir)).toMatch(/not found/);
    writeFileSync(path.join(dir, 'course.json'), '{ "course": ');
    expect(errorOf(dir)).toMatch(/not valid JSON/);
  });
});
