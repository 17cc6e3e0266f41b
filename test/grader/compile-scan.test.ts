import { describe, expect, it } from 'vitest';
import { scanSource } from '../../grader/grade/compile';

const kinds = (source: string, compiled = source) =>
  scanSource('02-forget-gate/forget-gate.ts', source, compiled).map((n) => n.kind);

describe('compile-time scan of a submission', () => {
  it('allows the exercise’s own files and the toolkit', () => {
    expect(kinds('require("../lib/matrix"); require("./helpers");')).toEqual([]);
  });
  it('notes imports of the reference, of node modules, and computed names', () => {
    expect(kinds('require("../../solutions/02-forget-gate/forget-gate")')).toEqual(['forbidden-import']);
    expect(kinds('require("fs")')).toEqual(['forbidden-import']);
    expect(kinds('require("node:child_process")')).toEqual(['forbidden-import']);
    expect(kinds('const m = "fs"; require(m)')).toEqual(['forbidden-import']);
  });
  it('notes process exits, kills and patched built-ins, with the line', () => {
    expect(kinds('process.exit(0)')).toEqual(['process-exit']);
    expect(kinds('process.kill(process.ppid)')).toEqual(['access-denied']);
    expect(kinds('Math.exp = () => 1')).toEqual(['global-patch']);
    expect(kinds('Array.prototype.map = null')).toEqual(['global-patch']);
    expect(kinds('Object.defineProperty(Number, "isFinite", {})')).toEqual(['global-patch']);
    expect(kinds('if (Math.exp(1) === 2) {}')).toEqual([]);
    const [note] = scanSource('02-forget-gate/forget-gate.ts', 'const a = 1;\nprocess.exit(3);', '');
    expect(note.line).toBe(2);
  });
});
