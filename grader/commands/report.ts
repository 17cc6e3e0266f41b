/**
 * `gatelab report <reports>`: re-renders every student's feedback and the class outputs with the
 * TA's manual.json files, and prints how many changed.
 */
import type { Command } from 'commander';
import { EXIT } from '../shared/errors';
import { report } from '../review';
import type { Lang } from '../shared/results';
import { langOption, type CommandContext } from './options';

export interface ReportCommandOptions {
  kitRoot: string;
  reports: string;
  lang?: Lang;
}

export async function reportCommand(o: ReportCommandOptions): Promise<number> {
  const summary = await report({ reports: o.reports, kitRoot: o.kitRoot, lang: o.lang });
  console.log(
    `updated ${summary.updated.length} of ${summary.rows.length} students; class report: ${summary.files.index}`,
  );
  return EXIT.ok;
}

export function defineReportCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('report')
    .description("re-render every student's feedback and the class outputs with the TA's manual.json files")
    .argument('<reports>', 'the --out folder of grade-all')
    .addOption(langOption())
    .action(async (reports: string, o: { lang?: Lang }) => {
      ctx.setCode(await reportCommand({ reports, kitRoot: ctx.kit(), lang: o.lang }));
    });
}
