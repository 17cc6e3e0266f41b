/**
 * The student kit's `gatelab` command: only the student's verbs, so it starts fast and ships
 * nothing a student must not have. The teacher's grader/cli.ts registers the same verbs.
 */
import { Command } from 'commander';
import { EXIT, runProgram } from '../shared/errors';
import { kitRootOf, packageVersion } from '../shared/kit';
import { registerStudentCommands } from './commands';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('gatelab')
    .description('Check your exercises, watch them as you work, get hints, and submit')
    .version(packageVersion())
    .option('--kit <dir>', 'the kit root (the folder with course.json); default: this kit')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code: number = EXIT.ok;
  registerStudentCommands(program, {
    kit: () => kitRootOf(program.opts<{ kit?: string }>().kit),
    setCode: (c) => {
      code = c;
    },
  });
  return runProgram(program, argv, () => code);
}
