/**
 * The class report's per-student step in its own boundary: one student's unreadable results.json is that
 * student's row (an error naming the file), and the other rows are read as usual.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { loadRows } from '../../grader/class-outputs/rows';
import type { StudentEntry } from '../../grader/shared/student-entry';
import { PACKAGE_ROOT } from '../../grader/shared/kit';

let out = '';
afterEach(() => rmSync(out, { recursive: true, force: true }));
const entry = (id: string): StudentEntry => ({
  id,
  name: id,
  dir: `/submissions/${id}`,
  commit: null,
  submittedAt: null,
  seenAt: null,
  extensionDays: 0,
  deadline: null,
  status: 'collected',
});

describe('loadRows', () => {
  it("turns an unreadable results.json into that student's error row and reads the others", () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'gatelab-rows-'));
    for (const id of ['broken', 'failed', 'waiting']) mkdirSync(path.join(out, id));
    writeFileSync(path.join(out, 'broken', 'results.json'), '{"score": ');
    writeFileSync(path.join(out, 'failed', 'error.txt'), 'no exercises/ folder\n');
    const rows = loadRows(out, loadCatalog(PACKAGE_ROOT), ['broken', 'failed', 'waiting'].map(entry));
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['broken', 'error'],
      ['failed', 'error'],
      ['waiting', 'not-graded'],
    ]);
    expect(rows[0].error).toMatch(/JSON/);
    expect(rows[1].error).toBe('no exercises/ folder');
  });
});
