/** grade-all's progress: redrawn in place on a terminal (nothing of a longer line left behind), plain lines in a log. */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../grader/grade-all/progress';

function stream(isTTY: boolean, columns = 80): { out: string[]; s: NodeJS.WriteStream } {
  const out: string[] = [];
  const s = { isTTY, columns, write: (t: string) => out.push(t) > 0 } as unknown as NodeJS.WriteStream;
  return { out, s };
}

describe('grade-all progress', () => {
  it('on a terminal, each line returns to the start, fits the width and erases the rest of the previous one', () => {
    const { out, s } = stream(true, 60);
    const p = createProgress(2, s);
    p.done('s03-wrong-backward', '0/115 NOT RUN: the sandbox lacks pid, net and a long tail of words');
    p.done('s01', '115/115');
    p.finish();
    for (const line of out.slice(0, 2)) {
      expect(line.startsWith('\r')).toBe(true);
      expect(line.endsWith('\x1b[K')).toBe(true);
      expect(line.length - '\r'.length - '\x1b[K'.length).toBeLessThanOrEqual(59);
    }
    expect(out[1].endsWith('2/2  ETA 0s  s01 115/115\x1b[K')).toBe(true);
    expect(out[2]).toBe('\n');
  });

  it('in a log, one plain line per student', () => {
    const { out, s } = stream(false);
    const p = createProgress(1, s);
    p.done('anna', '55/55');
    p.finish();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\[1\/1\] anna: 55\/55 \(elapsed \d+s, ETA 0s\)\n$/);
  });
});
