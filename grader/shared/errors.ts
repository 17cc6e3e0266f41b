/**
 * Errors that reach a person. A UsageError is bad input (exit code 2): its message is one line
 * that says what is wrong, where, and how to fix it.
 */
import { CommanderError, type Command } from 'commander';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Exit codes. `notRun`: `grade` or `grade-all` wrote results, but some student's code did not run because a sandbox
 * layer was missing (fail closed): a pipeline must not take those results for grades.
 */
export const EXIT = { ok: 0, failedChecks: 1, badInput: 2, notRun: 3 } as const;

/**
 * Runs a commander program and maps how it ended to an exit code: `code()` when the command ran, 2 for bad input
 * (a commander usage error, or a UsageError, printed as one line), and anything else is a bug that propagates.
 */
export async function runProgram(program: Command, argv: string[], code: () => number): Promise<number> {
  try {
    await program.parseAsync(argv);
    return code();
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    if (err instanceof UsageError) {
      console.error(`gatelab: ${err.message}`);
      return EXIT.badInput;
    }
    throw err;
  }
}
