/**
 * Temporary folders: leftovers are swept only when their owner is dead. The command line end to end (a run killed
 * with -9 leaves folders, the next run removes them and leaves none of its own) is in temp.e2e.test.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepStaleTempDirs } from '../../grader/sandbox';

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid as number;
}

describe('sweeping leftovers', () => {
  it('removes the folders of dead owners only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatelab-sweep-test-'));
    try {
      const dead = deadPid();
      const names = [
        `gatelab-${dead}-grade-AbC123`,
        `gatelab-${process.pid}-grade-AbC123`,
        `gatelab-${dead}-notes`,
        'gatelab-runtime-AbC123',
        'other',
      ];
      for (const n of names) fs.mkdirSync(path.join(dir, n));
      fs.writeFileSync(path.join(dir, `gatelab-${dead}-grade-AbC123`, 'x'), 'left over');
      expect(sweepStaleTempDirs(dir)).toEqual([path.join(dir, `gatelab-${dead}-grade-AbC123`)]);
      expect(fs.readdirSync(dir).sort()).toEqual(names.slice(1).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
