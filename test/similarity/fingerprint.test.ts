import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { K, WINDOW, kgramHashes, winnow } from '../../grader/similarity/fingerprint';

/** Token streams over a small alphabet, like normalised code, where repeats are common. */
const tokens = (minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom('ID', '(', ')', '.', 'mul', 'add', '=', 'DECL', 'NUM', '+', '{', '}'), {
    minLength,
    maxLength,
  });

describe('k-gram hashes', () => {
  it('hashes every run of K tokens, and nothing when there are fewer', () => {
    const stream = Array.from({ length: 30 }, (_, i) => `t${i}`);
    expect(kgramHashes(stream)).toHaveLength(30 - K + 1);
    expect(kgramHashes(stream.slice(0, K - 1))).toEqual([]);
  });

  it('gives equal k-grams equal hashes wherever they are, and different ones different hashes', () => {
    fc.assert(
      fc.property(tokens(K, 40), tokens(0, 10), tokens(0, 10), (gram, before, after) => {
        const core = gram.slice(0, K);
        const [h1] = kgramHashes(core);
        expect(kgramHashes([...before, ...core, ...after])[before.length]).toBe(h1);
      }),
    );
    const base = ['DECL', 'ID', '=', 'ID', '.', 'mul', '(', 'ID', ')', '.', 'add', '('];
    const swapped = [...base];
    [swapped[5], swapped[10]] = [swapped[10], swapped[5]];
    expect(kgramHashes(base)[0]).not.toBe(kgramHashes(swapped)[0]);
  });

  it('stays an exact integer below 2^53', () => {
    for (const hash of kgramHashes(Array.from({ length: 200 }, (_, i) => String(i % 7)))) {
      expect(Number.isSafeInteger(hash) && hash >= 0).toBe(true);
    }
  });
});

describe('winnowing', () => {
  it('puts a fingerprint in every window, in increasing positions', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: WINDOW, maxLength: 120 }), (hashes) => {
        const picked = winnow(hashes);
        for (let i = 1; i < picked.length; i++) expect(picked[i]).toBeGreaterThan(picked[i - 1]);
        for (let start = 0; start + WINDOW <= hashes.length; start++) {
          const inWindow = picked.filter((p) => p >= start && p < start + WINDOW);
          expect(inWindow.length).toBeGreaterThan(0);
          expect(Math.min(...inWindow.map((p) => hashes[p]))).toBe(Math.min(...hashes.slice(start, start + WINDOW)));
        }
      }),
    );
  });

  it('finds any shared run of K + WINDOW − 1 tokens (the guarantee of the method)', () => {
    fc.assert(
      fc.property(
        tokens(K + WINDOW - 1, K + WINDOW + 20),
        tokens(0, 30),
        tokens(0, 30),
        tokens(0, 30),
        tokens(0, 30),
        (shared, a1, a2, b1, b2) => {
          const a = kgramHashes([...a1, ...shared, ...a2]);
          const b = kgramHashes([...b1, ...shared, ...b2]);
          const aPrints = new Set(winnow(a).map((p) => a[p]));
          expect(winnow(b).some((p) => aPrints.has(b[p]))).toBe(true);
        },
      ),
    );
  });

  it('keeps about 2 / (WINDOW + 1) of the positions of varied code', () => {
    const hashes = kgramHashes(Array.from({ length: 5000 }, (_, i) => `t${(i * 7919) % 1009}`));
    const density = winnow(hashes).length / hashes.length;
    expect(density).toBeGreaterThan(1.6 / (WINDOW + 1));
    expect(density).toBeLessThan(2.4 / (WINDOW + 1));
  });

  it('keeps a pick while it stays a minimum (robust winnowing), and takes the minimum of a short stream', () => {
    // Rightmost-minimum alone would pick a new position in each of the 45 windows of a run of equal hashes.
    expect(winnow(Array.from({ length: 50 }, () => 7))).toHaveLength(Math.ceil((50 - WINDOW + 1) / WINDOW));
    expect(winnow([5, 3, 9])).toEqual([1]);
    expect(winnow([])).toEqual([]);
  });
});
