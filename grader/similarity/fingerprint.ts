/**
 * Fingerprints of a token stream by k-gram hashing and winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local
 * algorithms for document fingerprinting", SIGMOD 2003 — the method behind MOSS).
 *
 * Every run of K consecutive normalised tokens is hashed; in every window of WINDOW consecutive hashes the smallest
 * is kept. Two streams that share a run of at least K + WINDOW − 1 tokens are then guaranteed to share a kept hash,
 * while runs shorter than K are never seen, so coincidences like `ID = ID + NUM` are noise, not evidence.
 */

/**
 * Tokens per k-gram. After normalisation a line such as `const da = df.mul(f).mul(f.oneMinus());` is ~16 tokens
 * (`DECL ID = ID . mul ( ID ) . mul ( ID . oneMinus ( ) )`), so a k-gram is most of one statement: long enough that
 * two independent solutions rarely produce one by chance, short enough to see a copied two-line function.
 */
export const K = 12;

/**
 * Hashes per winnowing window. Any shared run of K + WINDOW − 1 = 17 tokens (about one statement) yields a shared
 * fingerprint, and about 2 / (WINDOW + 1) ≈ 29% of the positions are kept, which keeps the inverted index small.
 */
export const WINDOW = 6;

/** A deterministic 32-bit hash of a string (FNV-1a), seeded so that two seeds give two independent lanes. */
function hashString(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finaliser: spreads the bits so the minimum of a window is a fair pick, not biased by the token mix. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The hash of every k-gram: element i covers tokens i … i + k − 1, so there are max(0, n − k + 1). Hashes are exact
 * integers below 2^53 built from two 32-bit lanes: with ~10^6 distinct k-grams in a large class a single 32-bit lane
 * would already collide now and then, and a collision is a false match between two students.
 */
export function kgramHashes(kinds: readonly string[], k = K): number[] {
  // A file has a few dozen distinct kinds among thousands of tokens, so each kind is hashed once.
  const seen = new Map<string, number>();
  const lane1 = new Uint32Array(kinds.length);
  const lane2 = new Uint32Array(kinds.length);
  kinds.forEach((kind, i) => {
    let slot = seen.get(kind);
    if (slot === undefined) seen.set(kind, (slot = i));
    lane1[i] = slot === i ? hashString(kind, 0x811c9dc5) : lane1[slot];
    lane2[i] = slot === i ? hashString(kind, 0x9747b28c) : lane2[slot];
  });
  const hashes: number[] = [];
  for (let start = 0; start + k <= kinds.length; start++) {
    let h1 = 0x2545f491;
    let h2 = 0x6b43a9b5;
    for (let i = start; i < start + k; i++) {
      h1 = Math.imul(h1 ^ lane1[i], 0x01000193);
      h2 = Math.imul(h2 ^ lane2[i], 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    // 32 bits of one lane and 21 of the other: exact in a float64, so hashes compare and key Maps exactly.
    hashes.push(mix(h1) * 0x200000 + (mix(h2) >>> 11));
  }
  return hashes;
}

/**
 * Robust winnowing: the positions (indices into `hashes`) of each window's minimum, each position once; on ties the
 * previous pick if it is still in the window, else the rightmost. A stream shorter than one window still gives its
 * minimum, so a short function is not invisible.
 */
export function winnow(hashes: readonly number[], window = WINDOW): number[] {
  const selected: number[] = [];
  if (hashes.length === 0) return selected;
  const lastStart = Math.max(0, hashes.length - window);
  let previous = -1;
  for (let start = 0; start <= lastStart; start++) {
    const end = Math.min(hashes.length, start + window);
    let best = start;
    for (let i = start + 1; i < end; i++) if (hashes[i] <= hashes[best]) best = i;
    // Keeping the previous pick while it is still a minimum in the window is what makes winnowing "robust": a run
    // of equal hashes (repeated code) gives one fingerprint per WINDOW positions, not one per window.
    if (previous >= start && hashes[previous] === hashes[best]) best = previous;
    if (best !== previous) selected.push(best);
    previous = best;
  }
  return selected;
}
