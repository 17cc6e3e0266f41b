/**
 * `gatelab validate [exercises...]`: proves every exercise (the reference earns full marks, the
 * untouched stub zero); prints both scores and each violated rule, and exits 1 on any violation.
 */
import type { Command } from 'commander';
import { EXIT } from '../shared/errors';
import { formatMilli } from '../shared/points';
import { validate } from '../validate/index';
import type { CommandContext } from './options';

export interface ValidateCommandOptions {
  kitRoot: string;
  /** Only these exercises; empty means all. */
  only: string[];
}

export async function validateCommand(o: ValidateCommandOptions): Promise<number> {
  const { violations, reference, stub } = await validate({
    kitRoot: o.kitRoot,
    only: o.only.length ? o.only : undefined,
  });
  console.log(
    `reference ${formatMilli(reference.raw_milli)}/${formatMilli(reference.max_milli)}, stub ${formatMilli(stub.raw_milli)}/${formatMilli(stub.max_milli)}`,
  );
  for (const v of violations) console.error(`✗ ${v.exercise} › ${v.check}: ${v.rule}: ${v.detail}`);
  return violations.length ? EXIT.failedChecks : EXIT.ok;
}

export function defineValidateCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('validate')
    .description('prove every exercise: the reference earns full marks and the untouched stub earns zero')
    .argument('[exercises...]', 'only these exercises (default: all)')
    .action(async (only: string[]) => {
      ctx.setCode(await validateCommand({ kitRoot: ctx.kit(), only }));
    });
}
