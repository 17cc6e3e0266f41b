/**
 * The `gatelab` command: only assembles. Each verb lives in its own module under commands/ (the
 * student's verbs in student/commands.ts), which exports its commander definition and its handler, a
 * plain async function taking an options object and returning the exit code (0 success, 1 failed
 * checks; bad input is a UsageError, exit code 2).
 */
import { Command } from 'commander';
import { defineCollectCommand } from './commands/collect';
import { defineDemoCommand } from './commands/demo';
import { defineExportCommand } from './commands/export';
import { defineGenerateCommand } from './commands/generate';
import { defineGradeCommand } from './commands/grade';
import { defineGradeAllCommand } from './commands/grade-all';
import { defineMergeCommand } from './commands/merge';
import type { CommandContext } from './commands/options';
import { defineReleaseCommand } from './commands/release';
import { defineReportCommand } from './commands/report';
import { defineReturnCommand } from './commands/return';
import { defineValidateCommand } from './commands/validate';
import { EXIT, runProgram } from './shared/errors';
import { kitRootOf, packageVersion } from './shared/kit';
import { registerStudentCommands } from './student/commands';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('gatelab')
    .description('Coursework kit for gated recurrent networks: exercises, sandboxed grading, bilingual feedback')
    .version(packageVersion())
    .option('--kit <dir>', 'the kit root (the folder with course.json); default: this package')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code: number = EXIT.ok;
  const ctx: CommandContext = {
    kit: () => kitRootOf(program.opts<{ kit?: string }>().kit),
    setCode: (c) => {
      code = c;
    },
  };
  // The order is the order of `gatelab --help`.
  defineGradeCommand(program, ctx);
  defineGenerateCommand(program, ctx);
  defineValidateCommand(program, ctx);
  defineCollectCommand(program, ctx);
  defineGradeAllCommand(program, ctx);
  defineMergeCommand(program, ctx);
  defineReportCommand(program, ctx);
  defineReturnCommand(program, ctx);
  defineDemoCommand(program, ctx);
  // check, watch, hint and submit: the same commands as in the student kit.
  registerStudentCommands(program, ctx);
  defineReleaseCommand(program, ctx);
  defineExportCommand(program, ctx);
  return runProgram(program, argv, () => code);
}
