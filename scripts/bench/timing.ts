/** What every bench section returns, and the two timers the sections share. */

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What the value is divided by, when it is a ratio. */
  baseline?: string;
  goal?: string;
  met?: boolean;
  /** Decimals to print (default: 2 for ratios, 1 otherwise). */
  digits?: number;
  /** Printed after the unit (a phase's share of the wall time …). */
  note?: string;
}

/** Median wall time of `fn` in milliseconds, after warm-up, over at least `minRuns` runs and ~`minMs`. */
export async function time(fn: () => unknown | Promise<unknown>, minRuns = 5, minMs = 1500): Promise<number> {
  for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
    if (samples.length >= 200) break;
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/**
 * Paired timing: `fns` run in turn, round after round, so every one of them sees the same machine. On this VM a
 * pure arithmetic loop runs 1.5× slower for stretches of a second or more (measured: 41 ms vs 65 ms), which made
 * two medians taken a few seconds apart disagree by that much. Returns each fn's median and, per later fn, the
 * median of its round-by-round ratio to fns[0].
 */
export async function timePaired(
  fns: (() => unknown | Promise<unknown>)[],
  minRounds = 15,
  minMs = 4000,
): Promise<{ medians: number[]; ratios: number[] }> {
  for (let i = 0; i < 2; i++) for (const fn of fns) await fn();
  const samples: number[][] = fns.map(() => []);
  const start = performance.now();
  while (samples[0].length < minRounds || performance.now() - start < minMs) {
    for (const [i, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      samples[i].push(performance.now() - t0);
    }
    if (samples[0].length >= 200) break;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    medians: samples.map(median),
    ratios: samples.map((xs) => median(xs.map((v, r) => v / samples[0][r]))),
  };
}
