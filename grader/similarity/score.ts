/**
 * Scores every pair of submissions of one exercise from their distinctive fingerprints, through an inverted index
 * (fingerprint → submissions that have it), so the work grows with the fingerprints pairs actually share, not with
 * n² comparisons of whole files.
 */
import type { Submission } from './submission';

/**
 * A fingerprint found in more than this fraction of an exercise's submissions is treated as the idiom of the
 * exercise (`return z.sigmoid();`, `da.matmul(Wfx.transpose())`), not as evidence.
 */
export const DEFAULT_COMMON_FRACTION = 0.5;

/**
 * Fewer submissions than this never make a fingerprint "common", however small the class. Telling an idiom from a
 * copy needs numbers: in a class of five, three alike submissions are as likely a copying ring as an idiom, and a
 * teacher would rather glance at a few idiomatic pairs than miss a ring. Classes of nine or more are unaffected.
 */
export const MIN_COMMON_COUNT = 5;

/**
 * The smallest denominator of a score, in fingerprints (winnowing keeps about three per line of code, so this is
 * some six lines). Without it a submission with two distinctive fingerprints, both shared by chance, would score 1.
 */
export const MIN_DISTINCTIVE = 20;

/** The distinct k-gram hashes of a submission, sorted. */
function distinctSorted(submission: Submission): Float64Array {
  const all = Float64Array.from(submission.files.flatMap((file) => file.hashes)).sort();
  let kept = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[kept++] = all[i];
  return all.subarray(0, kept);
}

/** Hashes found in more than `fraction` of the submissions (and in at least MIN_COMMON_COUNT of them). */
export function commonHashes(submissions: readonly Submission[], fraction: number): Set<number> {
  // Counted over every k-gram, not only the winnowed ones: winnowing keeps a k-gram in one file and drops it in
  // another depending on its neighbours, so counting kept ones would undercount how common a piece of code is.
  // Counted by sorting rather than in a Map: a class has ~10^5–10^6 k-grams, and sorting typed arrays of them is
  // several times faster than hashing that many non-integer keys.
  const perSubmission = submissions.map(distinctSorted);
  const everything = new Float64Array(perSubmission.reduce((sum, hashes) => sum + hashes.length, 0));
  let offset = 0;
  for (const hashes of perSubmission) {
    everything.set(hashes, offset);
    offset += hashes.length;
  }
  everything.sort();
  const limit = Math.max(fraction * submissions.length, MIN_COMMON_COUNT - 1);
  const common = new Set<number>();
  for (let start = 0, end = 0; start < everything.length; start = end) {
    while (end < everything.length && everything[end] === everything[start]) end++;
    // Each submission contributes a hash once, so the length of a run is the number of submissions that have it.
    if (end - start > limit) common.add(everything[start]);
  }
  return common;
}

/** The winnowed fingerprints of a submission that are not ignored, as a set. */
export function distinctiveFingerprints(submission: Submission, ignored: (hash: number) => boolean): Set<number> {
  const distinctive = new Set<number>();
  for (const file of submission.files) {
    for (const position of file.fingerprints) {
      const hash = file.hashes[position];
      if (!ignored(hash)) distinctive.add(hash);
    }
  }
  return distinctive;
}

export interface ScoredPair {
  /** Indices into the submissions, a < b. */
  a: number;
  b: number;
  shared: number;
  score: number;
}

/**
 * The share of the smaller submission's distinctive fingerprints that the other one has too (the overlap
 * coefficient, JPlag's "maximum similarity"), for every pair that shares at least one.
 *
 * Not Jaccard (shared / union): Jaccard falls as either side grows, so pasting a classmate's function into an
 * otherwise own solution, or padding a copy with extra code, would dilute a copy below any useful threshold.
 */
export function scorePairs(distinctive: readonly Set<number>[]): ScoredPair[] {
  const postings = new Map<number, number[]>();
  distinctive.forEach((hashes, index) => {
    for (const hash of hashes) {
      const list = postings.get(hash);
      if (list) list.push(index);
      else postings.set(hash, [index]);
    }
  });
  // Lists are built in submission order, so i < j below. Their length is bounded by the common-code cut-off, which
  // keeps this loop near the number of fingerprints rather than n².
  const n = distinctive.length;
  const shared = new Map<number, number>();
  for (const list of postings.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const key = list[x] * n + list[y];
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const pairs: ScoredPair[] = [];
  for (const [key, count] of shared) {
    const a = Math.floor(key / n);
    const b = key % n;
    const smaller = Math.min(distinctive[a].size, distinctive[b].size);
    pairs.push({ a, b, shared: count, score: count / Math.max(smaller, MIN_DISTINCTIVE) });
  }
  return pairs;
}
