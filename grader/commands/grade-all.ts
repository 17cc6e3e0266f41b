/**
 * `gatelab grade-all <submissions>`: grades a class in parallel (resumable), prints the totals,
 * where the class outputs are, and one line for each student who needs a look.
 */
import type { Command } from 'commander';
import { EXIT, UsageError } from '../shared/errors';
import { gradeAll } from '../grade-all';
import type { Lang } from '../shared/results';
import type { Acceptance } from '../sandbox';
import { parseShard, shardLabel, type ShardSpec } from '../shard';
import {
  classOutOption,
  langOption,
  numberFlag,
  printClassOutputs,
  beforeGrading,
  weakOption,
  type CommandContext,
} from './options';

export interface GradeAllCommandOptions {
  kitRoot: string;
  submissions: string;
  out: string;
  jobs?: number;
  force?: boolean;
  lang?: Lang;
  secretFile?: string;
  allowWeakSandbox?: Acceptance;
  shard?: ShardSpec;
}

/** --jobs: a positive whole number of suite files run at once. */
function jobsFlag(text: string): number {
  const n = numberFlag('--jobs', text) ?? NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--jobs "${text}" is not a positive whole number; write e.g. --jobs 2`);
  return n;
}

export async function gradeAllCommand(o: GradeAllCommandOptions): Promise<number> {
  const { secret, allowWeak } = await beforeGrading(o, { label: 'the submissions folder', dir: o.submissions });
  const summary = await gradeAll({
    kitRoot: o.kitRoot,
    submissions: o.submissions,
    out: o.out,
    secret,
    jobs: o.jobs,
    force: o.force,
    lang: o.lang,
    allowWeak,
    shard: o.shard,
  });
  const skipped = summary.skipped.length ? `, ${summary.skipped.length} unchanged and skipped` : '';
  console.log(
    `graded ${summary.graded.length}${skipped}, ${summary.failed.length} could not be graded, in ${summary.seconds.toFixed(1)} s`,
  );
  if (o.shard && summary.shard) {
    console.log(
      `shard ${shardLabel(o.shard)}: ${summary.shard.students} of the class's ${summary.shard.classSize} students; the reports below cover this shard only`,
    );
    console.log(
      `shard description: ${summary.shard.file}; when every shard is graded: gatelab merge <shard folder>… --out <reports>`,
    );
  }
  // Where the outputs are, then who needs a look, one line each: missing, errored, late (timeouts, changed files).
  printClassOutputs(summary);
  if (summary.notRun.length === 0) return EXIT.ok;
  console.log(
    `NOT RUN: the code of ${summary.notRun.length} of ${summary.graded.length} graded students did not run (a sandbox layer is missing; see the lines above): exit code 3`,
  );
  return EXIT.notRun;
}

export function defineGradeAllCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('grade-all')
    .description('grade every submission in a folder (one sub-folder per student), in parallel, resumable')
    .argument('<submissions>', 'folder with one sub-folder per student (as written by gatelab collect)')
    .addOption(classOutOption())
    .option('--jobs <n>', 'suite files run in parallel (default: one per core)', jobsFlag)
    .option('--force', 'regrade students whose submission and kit are unchanged')
    .addOption(langOption())
    .option('--secret-file <file>', 'file with the course secret (default: $GATELAB_SECRET)')
    .addOption(weakOption())
    .option(
      '--shard <i/n>',
      'grade only shard i of n (students chosen by a hash of their id), for gatelab merge',
      parseShard,
    )
    .action(async (submissions: string, o: Omit<GradeAllCommandOptions, 'kitRoot' | 'submissions'>) => {
      ctx.setCode(await gradeAllCommand({ ...o, submissions, kitRoot: ctx.kit() }));
    });
}
