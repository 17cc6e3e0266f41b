/**
 * Which students a shard grades: chosen by id alone, so adding students (or grading from a folder listed in
 * another order) moves nobody already assigned; each student in exactly one shard; the shards of a large class
 * about equal. And `--shard` takes only i/n with 1 ≤ i ≤ n: anything else is one line and exit 2.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverStudents } from '../../grader/grade-all/discover';
import { inShard, parseShard, shardOf } from '../../grader/shard';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { tempDir } from '../grader/helpers';

/** The rule as the README states it, derived here independently. */
const expected = (id: string, n: number) =>
  (createHash('sha256').update(`gatelab:shard:${id}`).digest().readUInt32BE(0) % n) + 1;

const ids = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('shard selection', () => {
  it('is the stated hash of the id, for Latin and Cyrillic ids alike', () => {
    for (const id of ['anna', 'иванова', 'petrov-2', 'o.brien', ...ids(50, 's')]) {
      for (const n of [1, 2, 3, 7]) expect([id, n, shardOf(id, n)]).toEqual([id, n, expected(id, n)]);
    }
    // The same name typed on a Mac (decomposed й) and on Windows is one student, in one shard.
    expect(shardOf('Андрей'.normalize('NFD'), 5)).toBe(shardOf('Андрей'.normalize('NFC'), 5));
  });

  it('does not move students when others join the class', () => {
    const root = tempDir('shard-stable');
    for (const id of ids(30, 'a')) mkdirSync(path.join(root, id));
    const before = new Map(
      [1, 2, 3].flatMap((index) =>
        inShard(discoverStudents(root), { index, count: 3 }).map((s) => [s.id, index] as const),
      ),
    );
    expect(before.size).toBe(30);
    // New students sort before, between and after the others: a position in the sorted list would move everyone.
    for (const id of ['0-first', 'a15x', 'zz-last', ...ids(40, 'b')]) mkdirSync(path.join(root, id));
    const after = new Map(
      [1, 2, 3].flatMap((index) =>
        inShard(discoverStudents(root), { index, count: 3 }).map((s) => [s.id, index] as const),
      ),
    );
    expect(after.size).toBe(73);
    for (const [id, index] of before) expect([id, after.get(id)]).toEqual([id, index]);
  });

  it('puts each student in exactly one shard, and large shards come out about equal', () => {
    const students = ids(4000, 'student-').map((id) => ({ id }));
    const shards = [1, 2, 3, 4].map((index) => inShard(students, { index, count: 4 }));
    expect(shards.flatMap((s) => s.map((x) => x.id)).sort()).toEqual(students.map((s) => s.id).sort());
    // 1000 expected each; a binomial's standard deviation is about 27, so ±10 % is more than 3.5 of them.
    for (const shard of shards) expect(Math.abs(shard.length - 1000)).toBeLessThan(100);
  });
});

describe('--shard i/n', () => {
  it('takes whole numbers with 1 ≤ i ≤ n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0', '-1/2', '1.5/3', '2/3/4', '']) {
      expect(() => parseShard(bad)).toThrow(/is not i\/n with whole numbers 1 ≤ i ≤ n; write e\.g\. --shard 2\/3/);
    }
  });

  it('a bad value on the command line: one line, exit 2, nothing graded', () => {
    const out = path.join(tempDir('shard-cli'), 'out');
    const r = spawnSync(
      process.execPath,
      [path.join(PACKAGE_ROOT, 'bin', 'gatelab.js'), 'grade-all', tempDir('no-class'), '--out', out, '--shard', '4/3'],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, GATELAB_SECRET: 'shard-cli-secret' },
        timeout: 300_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'gatelab: --shard "4/3" is not i/n with whole numbers 1 ≤ i ≤ n; write e.g. --shard 2/3 for the second of three shards',
    );
  });
});
