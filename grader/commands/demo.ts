/**
 * `gatelab demo`: grades the bundled example class and prints where the reports are.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { demo } from '../demo/index';
import { EXIT } from '../shared/errors';
import type { Lang } from '../shared/results';
import { langOption, type CommandContext } from './options';

export interface DemoCommandOptions {
  kitRoot: string;
  out: string;
  lang?: Lang;
  force?: boolean;
}

export async function demoCommand(o: DemoCommandOptions): Promise<number> {
  console.log(`Grading the example class in ${path.join(o.kitRoot, 'examples', 'class')} …`);
  const summary = await demo({ kitRoot: o.kitRoot, out: path.resolve(o.out), lang: o.lang, force: o.force });
  console.log(`\nClass report: ${summary.files.index}`);
  console.log(`Each student: ${path.resolve(o.out)}/<student>/feedback.html (and feedback.md, results.json)`);
  return EXIT.ok;
}

export function defineDemoCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('demo')
    .description('grade the bundled example class and print where the reports are')
    .option('--out <dir>', 'where to write the reports', 'out/demo')
    .option('--force', 'regrade even what is unchanged since the last run')
    .addOption(langOption())
    .action(async (o: { out: string; lang?: Lang; force?: boolean }) => {
      ctx.setCode(await demoCommand({ ...o, kitRoot: ctx.kit() }));
    });
}
