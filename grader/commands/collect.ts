/**
 * `gatelab collect`: copies each student's last commit before the deadline into --into/<id>/,
 * printing one line per student and a total.
 */
import type { Command } from 'commander';
import { collect } from '../collect';
import { EXIT } from '../shared/errors';
import { numberFlag, type CommandContext } from './options';

export interface CollectCommandOptions {
  roster: string;
  deadline: string;
  into: string;
  /** The flags' text, checked here: "--jobs many" is bad input that names the flag. */
  lateWindow?: string;
  jobs?: string;
}

export async function collectCommand(o: CollectCommandOptions): Promise<number> {
  const { manifest, manifestFile } = await collect({
    roster: o.roster,
    deadline: o.deadline,
    into: o.into,
    lateWindowDays: numberFlag('--late-window', o.lateWindow),
    jobs: numberFlag('--jobs', o.jobs),
    onStudent: (s) =>
      console.log(
        `${s.id}: ${s.status}${s.commit ? ` ${s.commit.slice(0, 7)} (${s.commit_time})` : ''}${s.message ? ` — ${s.message}` : ''}`,
      ),
  });
  const taken = manifest.students.filter((s) => s.status === 'collected' || s.status === 'late').length;
  console.log(`collected ${taken} of ${manifest.students.length} students → ${manifestFile}`);
  return EXIT.ok;
}

export function defineCollectCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('collect')
    .description(
      "copy each student's last commit before the deadline from their git repository into --into/<id>/, with a manifest",
    )
    .requiredOption('--roster <csv>', 'CSV file with the columns id,name,repo and optionally extension_days')
    .requiredOption('--deadline <iso-time>', 'the course deadline, with a time zone, e.g. 2026-12-20T23:59:00+03:00')
    .requiredOption('--into <dir>', 'where to write one folder per student, the git cache (.repos/) and manifest.json')
    .option(
      '--late-window <days>',
      'days after a deadline in which the last commit is still taken, marked late (default: 0)',
    )
    .option('--jobs <n>', 'repositories fetched at the same time (default: 4)')
    .action(async (o: CollectCommandOptions) => {
      ctx.setCode(await collectCommand(o));
    });
}
