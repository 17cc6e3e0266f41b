import { describe, expect, it } from 'vitest';
import { findSimilarPairs, type SourceFile } from '../../grader/similarity';
import { baseline, STUB, submission } from './fixtures';
import { randomProgram } from './synthetic';

const STUDENTS = 200;
const OWN_LINES = 200;

/**
 * A class of 200: the stub and ~200 lines of each student's own code. s137 is a renamed, re-indented copy of s042;
 * s150 pasted the first half of s010's code in front of its own.
 */
function syntheticClass(): SourceFile[] {
  const own = (i: number) => randomProgram(1000 + i, 1000 + i, OWN_LINES);
  return Array.from({ length: STUDENTS }, (_, i) => {
    let code = own(i);
    if (i === 137) code = randomProgram(1042, 7, OWN_LINES, '  ');
    if (i === 150)
      code = `${own(10)
        .split('\n')
        .slice(0, OWN_LINES / 2)
        .join('\n')}\n}\n${code}`;
    return submission(`s${String(i).padStart(3, '0')}`, `${STUB}\n${code}`);
  });
}

describe('findSimilarPairs at the size of a large class', () => {
  it('finds the planted copies among 200 submissions, quickly', () => {
    const files = syntheticClass();
    const lines = files.reduce((sum, file) => sum + file.text.split('\n').length, 0);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const pairs = findSimilarPairs(files, { baseline });
    const cpu = process.cpuUsage(cpuBefore);
    const elapsed = performance.now() - started;
    // Printed, not asserted: timing depends on the machine (~2 s is the budget). CPU time is printed too because on
    // a shared machine the wall-clock time mostly measures the neighbours.
    console.log(
      `similarity: ${STUDENTS} submissions, ${lines} lines in all (stub + ${OWN_LINES} own lines each): ` +
        `${elapsed.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`,
    );

    expect(pairs.map((pair) => [pair.a, pair.b])).toEqual([
      ['s042', 's137'],
      ['s010', 's150'],
    ]);
    expect(pairs[0].score).toBeGreaterThan(0.95);
    expect(pairs[1].evidence.length).toBeGreaterThan(0);
    // The pasted half comes first in s150's own code, right after the stub.
    const stubLines = STUB.split('\n').length;
    for (const evidence of pairs[1].evidence) {
      expect(evidence.bLines[0]).toBeGreaterThan(stubLines);
      expect(evidence.bLines[1]).toBeLessThanOrEqual(stubLines + OWN_LINES / 2 + 1);
    }
  });
});
