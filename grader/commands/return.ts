/**
 * `gatelab return <reports>`: puts each student's feedback into their repository, prints one line
 * per student and a total, and exits 1 when a repository could not be updated. The work is returnAll
 * (return/index.ts), loaded on use: it pulls in the report renderer, which the student verbs do not need.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { EXIT } from '../shared/errors';
import { loadKitModule } from '../shared/kit';
import { numberFlag, type CommandContext } from './options';

export interface ReturnCommandOptions {
  kitRoot: string;
  reports: string;
  roster: string;
  dryRun?: boolean;
  /** The flag's text, checked here. */
  jobs?: string;
}

export async function returnCommand(o: ReturnCommandOptions): Promise<number> {
  const { returnAll } = await loadKitModule<typeof import('../return')>(
    path.join(__dirname, '..', 'return', 'index.ts'),
  );
  const outcomes = await returnAll({
    reports: o.reports,
    roster: o.roster,
    kitRoot: o.kitRoot,
    dryRun: o.dryRun,
    jobs: numberFlag('--jobs', o.jobs),
    onStudent: (r) => {
      const what = r.commit ? ` ${r.commit.slice(0, 7)} (${r.changed?.join(', ')})` : '';
      console.log(`${r.id}: ${r.status}${what}${r.message ? ` — ${r.message}` : ''}`);
    },
  });
  const count = (s: string) => outcomes.filter((r) => r.status === s).length;
  const moved = o.dryRun ? `${count('would-push')} would be pushed` : `${count('pushed')} pushed`;
  console.log(
    `${moved}, ${count('up-to-date')} up to date, ${count('no-feedback')} with no feedback, ${count('error')} failed`,
  );
  return count('error') > 0 ? EXIT.failedChecks : EXIT.ok;
}

export function defineReturnCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('return')
    .description(
      "put each student's feedback into their repository: feedback/ on the branch gatelab-feedback (their own branches are never touched)",
    )
    .argument('<reports>', 'the --out folder of grade-all')
    .requiredOption('--roster <csv>', "the class roster (its repo column says where each student's feedback goes)")
    .option('--dry-run', 'push nothing; list what would be pushed')
    .option('--jobs <n>', 'repositories handled at the same time (default: 4)')
    .action(async (reports: string, o: Omit<ReturnCommandOptions, 'kitRoot' | 'reports'>) => {
      ctx.setCode(await returnCommand({ ...o, reports, kitRoot: ctx.kit() }));
    });
}
