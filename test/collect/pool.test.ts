import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../grader/shared/pool';

describe('mapLimit', () => {
  it('keeps list order, never runs more than the limit at once, and uses the whole limit', async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 10, 1, 15];
    const out = await mapLimit(delays, 3, async (ms, i) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(most).toBe(3);
  });

  it('an empty list and a limit above the list size', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    expect(await mapLimit([1, 2], 10, async (x) => x + 1)).toEqual([2, 3]);
  });
});
