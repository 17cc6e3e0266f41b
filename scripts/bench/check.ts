/**
 * Bench section `check`: a student's `check 02` in a fresh kit, cold and warm, against a bare node start.
 *
 * The kit is released from this repository into a temporary folder (its node_modules linked to ours, so nothing is
 * downloaded), as a student gets it. Cold: a new process running the kit's own `gatelab check 02`, as a student's
 * `npx gatelab check 02`. Warm: a rerun in a process that already checked once, as `watch` does after a save (one
 * Checker: toolkit, Vitest and the sandbox probe kept). The baseline, `node -e 0`, is timed in the same rounds as the
 * cold runs, so a busy machine moves both; each figure is also given with the node start taken off.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { type Figure, time, timePaired } from './timing';

const COLD_GOAL_MS = 1500;
const WARM_GOAL_MS = 500;

async function freshKit(): Promise<{ kit: string; dispose: () => void }> {
  const { release } = await import('../../grader/release');
  const parent = mkdtempSync(path.join(os.tmpdir(), 'gatelab-bench-kit-'));
  const kit = path.join(parent, 'kit');
  const released = await release({ kitRoot: PACKAGE_ROOT, out: kit });
  if (released.leaks.length > 0) throw new Error(`the kit did not release cleanly: ${released.lines.join('\n')}`);
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(kit, 'node_modules'));
  return { kit, dispose: () => rmSync(parent, { recursive: true, force: true }) };
}

export async function checkFigures(): Promise<Figure[]> {
  const { spawnSync } = await import('node:child_process');
  const { kit, dispose } = await freshKit();
  try {
    const spawnIn = (args: string[]) => () => {
      const r = spawnSync(process.execPath, args, { cwd: kit, encoding: 'utf8' });
      if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    };
    const cold = await timePaired([spawnIn(['-e', '0']), spawnIn(['bin/gatelab.js', 'check', '02'])], 3, 0);
    const [nodeMs, coldMs] = cold.medians;
    // The kit's Checker, loaded from the kit itself (its own copy of the grader).
    const { Checker } = (await import(path.join(kit, 'grader', 'check.ts'))) as typeof import('../../grader/student/checker');
    const checker = await Checker.start({ kitRoot: kit });
    let warmMs: number;
    try {
      warmMs = await time(() => checker.run({ exercise: '02' }), 5, 3000);
    } finally {
      await checker.close();
    }
    return [
      { name: 'node -e 0 (baseline, same rounds as the cold runs)', value: nodeMs, unit: 'ms' },
      { name: 'check 02 cold in a fresh kit', value: coldMs, unit: 'ms', goal: `≤ ${COLD_GOAL_MS}`, met: coldMs <= COLD_GOAL_MS },
      { name: 'check 02 cold, node start taken off', value: coldMs - nodeMs, unit: 'ms' },
      { name: 'check 02 warm (a rerun, as in watch)', value: warmMs, unit: 'ms', goal: `≤ ${WARM_GOAL_MS}`, met: warmMs <= WARM_GOAL_MS },
      { name: 'cold / node start', value: cold.ratios[1], unit: '×', baseline: 'node -e 0' },
      { name: 'warm / node start', value: warmMs / nodeMs, unit: '×', baseline: 'node -e 0' },
    ];
  } finally {
    dispose();
  }
}
