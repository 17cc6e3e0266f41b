/**
 * Bench section `check`: a student's `check 02` in a fresh kit, first, cold and warm, against a bare node start.
 *
 * The kit is released from this repository into a temporary folder (its node_modules linked to ours, so nothing is
 * downloaded), as a student gets it. First: a new process running the kit's own `gatelab check 02` with nothing in
 * the kit's cache (.gatelab/, emptied before each such run), as the very first check after `npm install`. Cold: the
 * same right after, as every later `npx gatelab check 02` (the kit's TypeScript, course.json's check and the sandbox
 * runner cached). Warm: a rerun in a process that already checked once, as `watch` does after a save (one Checker:
 * toolkit, harness and the sandbox probe kept). The baseline, `node -e 0`, runs in the same rounds as the first and
 * cold runs, so a busy machine moves all three; each ratio is the median of the round-by-round ratios.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { type Figure, time } from './timing';

const COLD_GOAL_MS = 1500;
const WARM_GOAL_MS = 500;
const ROUNDS = 7;

async function freshKit(): Promise<{ kit: string; dispose: () => void }> {
  const { release } = await import('../../grader/release');
  const parent = mkdtempSync(path.join(os.tmpdir(), 'gatelab-bench-kit-'));
  const kit = path.join(parent, 'kit');
  const released = await release({ kitRoot: PACKAGE_ROOT, out: kit });
  if (released.leaks.length > 0) throw new Error(`the kit did not release cleanly: ${released.lines.join('\n')}`);
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(kit, 'node_modules'));
  return { kit, dispose: () => rmSync(parent, { recursive: true, force: true }) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of one process in the kit (ms); check exits 1 on the stubs, which is its answer, not a failure. */
function timed(kit: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: kit, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Rounds of node -e 0, a first check (nothing cached) and a cold one, in turn; medians and ratios to node. */
function processRounds(kit: string): {
  node: number;
  first: number;
  cold: number;
  firstRatio: number;
  coldRatio: number;
} {
  const check = ['bin/gatelab.js', 'check', '02'];
  timed(kit, ['-e', '0']);
  timed(kit, check);
  const rows: { node: number; first: number; cold: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const node = timed(kit, ['-e', '0']);
    rmSync(path.join(kit, '.gatelab'), { recursive: true, force: true });
    const first = timed(kit, check);
    const cold = timed(kit, check);
    rows.push({ node, first, cold });
  }
  return {
    node: median(rows.map((r) => r.node)),
    first: median(rows.map((r) => r.first)),
    cold: median(rows.map((r) => r.cold)),
    firstRatio: median(rows.map((r) => r.first / r.node)),
    coldRatio: median(rows.map((r) => r.cold / r.node)),
  };
}

export async function checkFigures(): Promise<Figure[]> {
  const { kit, dispose } = await freshKit();
  try {
    const p = processRounds(kit);
    // The kit's Checker, loaded from the kit itself (its own copy of the grader).
    const { Checker } = (await import(
      path.join(kit, 'grader', 'student', 'checker.ts')
    )) as typeof import('../../grader/student/checker');
    const checker = await Checker.start({ kitRoot: kit });
    let warmMs: number;
    try {
      warmMs = await time(() => checker.run({ exercise: '02' }), 7, 3000);
    } finally {
      await checker.close();
    }
    const nodeAfter = median([0, 1, 2].map(() => timed(kit, ['-e', '0'])));
    return [
      { name: 'node -e 0 (baseline, same rounds as first and cold)', value: p.node, unit: 'ms' },
      { name: 'check 02 first in a fresh kit (nothing cached)', value: p.first, unit: 'ms' },
      {
        name: 'check 02 cold (a new process)',
        value: p.cold,
        unit: 'ms',
        goal: `≤ ${COLD_GOAL_MS}`,
        met: p.cold <= COLD_GOAL_MS,
      },
      {
        name: 'check 02 warm (a rerun, as in watch)',
        value: warmMs,
        unit: 'ms',
        goal: `≤ ${WARM_GOAL_MS}`,
        met: warmMs <= WARM_GOAL_MS,
      },
      { name: 'node -e 0 right after the warm runs', value: nodeAfter, unit: 'ms' },
      { name: 'first / node start', value: p.firstRatio, unit: '×', baseline: 'node -e 0' },
      { name: 'cold / node start', value: p.coldRatio, unit: '×', baseline: 'node -e 0' },
      {
        name: 'warm / node start (node after the warm runs)',
        value: warmMs / nodeAfter,
        unit: '×',
        baseline: 'node -e 0',
      },
    ];
  } finally {
    dispose();
  }
}
