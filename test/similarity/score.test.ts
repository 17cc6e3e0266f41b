import { describe, expect, it } from 'vitest';
import {
  commonHashes,
  distinctiveFingerprints,
  MIN_COMMON_COUNT,
  MIN_DISTINCTIVE,
  scorePairs,
} from '../../grader/similarity/score';
import type { HashedFile, Submission } from '../../grader/similarity/submission';

/** A submission whose single file has exactly these k-gram hashes, all of them kept as fingerprints. */
function withHashes(student: string, hashes: number[]): Submission {
  const file: HashedFile = { file: 'f.ts', text: '', tokens: [], hashes, fingerprints: hashes.map((_, i) => i) };
  return { student, exercise: 'e', files: [file] };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('common code', () => {
  it('is what more than the given fraction of submissions has', () => {
    const hashes = [[1, 2, 3], [1, 2], [1, 2], [1, 2], [1, 2, 4], [1, 4], [1], [5], [6], [7]];
    const subs = hashes.map((h, i) => withHashes(`s${i}`, h));
    // 1 is in 7 of 10, 2 in 5 of 10 (not more than half), 4 in two.
    expect([...commonHashes(subs, 0.5)]).toEqual([1]);
    expect([...commonHashes(subs, 0.4)].sort()).toEqual([1, 2]);
    expect(commonHashes(subs, 0.7).size).toBe(0);
  });

  it('needs MIN_COMMON_COUNT submissions, however small the class', () => {
    const alike = (n: number) => Array.from({ length: n }, (_, i) => withHashes(`s${i}`, [1]));
    expect(commonHashes(alike(MIN_COMMON_COUNT - 1), 0.5).size).toBe(0);
    expect([...commonHashes(alike(MIN_COMMON_COUNT), 0.5)]).toEqual([1]);
  });

  it('counts a submission once however often it repeats the code', () => {
    const subs = [withHashes('a', [1, 1, 1, 1, 1, 1]), ...[2, 3, 4, 5, 6].map((h) => withHashes(`s${h}`, [h]))];
    expect(commonHashes(subs, 0.1).size).toBe(0);
  });
});

describe('pair scores', () => {
  it('are the shared share of the smaller submission (overlap), not of the union', () => {
    const own = [range(0, 40), [...range(0, 30), ...range(100, 150)]].map((h) => new Set(h));
    // 30 shared of the smaller side's 40; Jaccard would give 30 / 90.
    expect(scorePairs(own)).toEqual([{ a: 0, b: 1, shared: 30, score: 0.75 }]);
  });

  it('need enough code before a full match counts as one', () => {
    const tiny = [new Set([1, 2, 3]), new Set([1, 2, 3, 9])];
    expect(scorePairs(tiny)[0].score).toBeCloseTo(3 / MIN_DISTINCTIVE);
  });

  it('list only pairs that share something, with a < b', () => {
    const sets = [range(0, 30), range(100, 130), range(10, 40)].map((h) => new Set(h));
    expect(scorePairs(sets).map(({ a, b, shared }) => [a, b, shared])).toEqual([[0, 2, 20]]);
  });

  it('leave out ignored fingerprints', () => {
    const sub = withHashes('a', [1, 2, 3, 4]);
    expect([...distinctiveFingerprints(sub, (h) => h % 2 === 0)]).toEqual([1, 3]);
  });
});
