/**
 * Similarity between the submissions of a class: which pairs of students handed in suspiciously alike code for an
 * exercise, with the matching regions side by side. It is a pointer for a teacher to look at, not a verdict: idioms
 * of a small exercise, the stub and the given signatures are left out so that what remains is worth reading.
 *
 * Steps, in order:
 *   normalise   each file to tokens (names, numbers and strings become placeholders; comments and layout go)
 *   fingerprint k-grams of tokens, hashed and winnowed
 *   ignore      k-grams of the baseline (stubs, given signatures) and k-grams most of the exercise's class shares
 *   score       pairs through an inverted index of the remaining fingerprints
 *   evidence    the longest matching regions of each reported pair, in the original text
 */
import { findEvidence, type Evidence } from './evidence';
import { commonHashes, DEFAULT_COMMON_FRACTION, distinctiveFingerprints, scorePairs } from './score';
import { allHashes, compareText, groupSubmissions, hashFile, type SourceFile } from './submission';

export type { SourceFile } from './submission';
export type { Evidence } from './evidence';

export interface SimilarPair {
  exercise: string;
  /** Student ids, a < b in code-unit order; evidence files `aFile` belong to a. */
  a: string;
  b: string;
  /**
   * 0..1: the share of the smaller submission's distinctive fingerprints that the other submission has too (see
   * `scorePairs`). 1 means everything one student wrote beyond the baseline and the class's idioms is in the other's.
   */
  score: number;
  /** The longest matching regions, longest first, at most three. */
  evidence: Evidence[];
}

export interface SimilarityOptions {
  /** Smallest score reported (inclusive); pairs that share no fingerprint are never reported. Default DEFAULT_THRESHOLD. */
  threshold?: number;
  /** Code every student was given: k-grams found in it are never evidence, in any exercise. */
  baseline?: SourceFile[];
  /** At most this many pairs, highest scores first. Default DEFAULT_MAX_PAIRS. */
  maxPairs?: number;
  /** Ignore k-grams found in more than this fraction of an exercise's submissions. Default 0.5. */
  commonFraction?: number;
}

/**
 * Default threshold. In the tests, independently written solutions of the forget-gate exercise score 0–0.1 once the
 * stub and the class's idioms are left out, a renamed and reformatted copy scores ~1, and one function of five
 * pasted into an otherwise own solution scores ~0.5. 0.4 keeps that last case: a whole copied function is worth a
 * teacher's look, and a false alarm costs one glance at evidence shown side by side, while a missed copy costs more.
 */
export const DEFAULT_THRESHOLD = 0.4;

/** Pairs in a report: more than a teacher will read, few enough to render. */
export const DEFAULT_MAX_PAIRS = 50;

export function findSimilarPairs(files: SourceFile[], opts: SimilarityOptions = {}): SimilarPair[] {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const maxPairs = opts.maxPairs ?? DEFAULT_MAX_PAIRS;
  const commonFraction = opts.commonFraction ?? DEFAULT_COMMON_FRACTION;
  // Every k-gram of the baseline, not only its winnowed fingerprints: which k-grams winnowing keeps depends on their
  // neighbours, so an untouched stub line next to edited code may be kept in a submission and dropped in the stub.
  const baseline = allHashes((opts.baseline ?? []).map((source) => hashFile(source.file, source.text)));

  // Candidates keep their submissions and what was ignored, so evidence is traced only for the pairs that are kept.
  const found: { pair: Omit<SimilarPair, 'evidence'>; trace: () => Evidence[] }[] = [];
  for (const [exercise, submissions] of groupSubmissions(files)) {
    const common = commonHashes(submissions, commonFraction);
    const ignored = (hash: number): boolean => baseline.has(hash) || common.has(hash);
    const distinctive = submissions.map((submission) => distinctiveFingerprints(submission, ignored));
    for (const { a, b, score } of scorePairs(distinctive)) {
      if (score < threshold) continue;
      // Submissions are sorted by student, and scorePairs gives a < b, so student a < student b as promised.
      found.push({
        pair: { exercise, a: submissions[a].student, b: submissions[b].student, score },
        trace: () => findEvidence(submissions[a], submissions[b], ignored),
      });
    }
  }

  found.sort(
    (x, y) =>
      y.pair.score - x.pair.score ||
      compareText(x.pair.exercise, y.pair.exercise) ||
      compareText(x.pair.a, y.pair.a) ||
      compareText(x.pair.b, y.pair.b),
  );
  return found.slice(0, Math.max(0, maxPairs)).map(({ pair, trace }) => ({ ...pair, evidence: trace() }));
}
