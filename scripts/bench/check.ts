/** Bench section `check`: a student's `check 02`, cold and warm, against a bare node start. */
import { PACKAGE_ROOT } from '../../grader/kit';
import { type Figure, time } from './timing';

/**
 * `check 02` from command to verdict. Cold: a new process, as a student's `npx gatelab check 02`, both
 * through the repository's CLI (every verb loaded) and the kit's (student verbs only). Warm: a rerun in a
 * process that already checked once, as `watch` does after a save (one Checker: toolkit, Vitest and the
 * sandbox probe kept). The baseline is a bare `node -e 0` start, measured in this run.
 */
export async function checkFigures(): Promise<Figure[]> {
  const { spawnSync } = await import('node:child_process');
  const { Checker } = await import('../../grader/check');
  const spawnMs = (args: string[], runs: number): number => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, encoding: 'utf8' });
      samples.push(performance.now() - t0);
      if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  };
  const nodeMs = spawnMs(['-e', '0'], 7);
  const kitCli = "require('tsx/cjs/api').register(); require('./grader/student/cli.ts').main(['node', 'gatelab', 'check', '02']).then((c) => { process.exitCode = c; })";
  const coldRepoMs = spawnMs(['bin/gatelab.js', 'check', '02'], 3);
  const coldKitMs = spawnMs(['-e', kitCli], 3);
  const checker = await Checker.start({ kitRoot: PACKAGE_ROOT });
  let warmMs: number;
  try {
    warmMs = await time(() => checker.run({ exercise: '02' }), 5, 3000);
  } finally {
    await checker.close();
  }
  return [
    { name: 'node -e 0 (baseline)', value: nodeMs, unit: 'ms' },
    { name: 'check 02 cold, repository CLI (bin/gatelab.js)', value: coldRepoMs, unit: 'ms' },
    { name: "check 02 cold, the kit's CLI (student verbs only)", value: coldKitMs, unit: 'ms' },
    { name: 'check 02 warm (a rerun, as in watch)', value: warmMs, unit: 'ms', goal: '< 1500', met: warmMs < 1500 },
    { name: 'kit cold / node start', value: coldKitMs / nodeMs, unit: '×', baseline: 'node -e 0' },
    { name: 'warm / node start', value: warmMs / nodeMs, unit: '×', baseline: 'node -e 0' },
  ];
}

