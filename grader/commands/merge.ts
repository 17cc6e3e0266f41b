/**
 * `gatelab merge <shard>… --out <reports>`: joins the shards of a class graded with `grade-all --shard i/n`
 * into the reports one run over the whole class would write, and prints where they are.
 */
import type { Command } from 'commander';
import { EXIT } from '../shared/errors';
import { merge } from '../merge';
import { classOutOption, printClassOutputs, type CommandContext } from './options';

export interface MergeCommandOptions {
  kitRoot: string;
  shards: string[];
  out: string;
}

export async function mergeCommand(o: MergeCommandOptions): Promise<number> {
  const summary = await merge({ shards: o.shards, out: o.out, kitRoot: o.kitRoot });
  console.log(`merged ${summary.shards} shard(s): ${summary.students} students, ${summary.stats.graded} graded`);
  printClassOutputs(summary);
  return EXIT.ok;
}

export function defineMergeCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('merge')
    .description('join the shards of a class graded with grade-all --shard i/n into the reports of one whole run')
    .argument('<shards...>', 'every shard folder (the --out of each grade-all --shard i/n)')
    .addOption(classOutOption())
    .action(async (shards: string[], o: { out: string }) => {
      ctx.setCode(await mergeCommand({ shards, out: o.out, kitRoot: ctx.kit() }));
    });
}
