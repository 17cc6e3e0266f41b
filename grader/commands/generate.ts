/**
 * `gatelab generate [exercises...]`: regenerates stubs, public fixtures and the manifest from
 * solutions/; with --check it writes nothing and exits 1 when the committed files drifted.
 */
import type { Command } from 'commander';
import { EXIT } from '../shared/errors';
import { generate } from '../generate/index';
import type { CommandContext } from './options';

export interface GenerateCommandOptions {
  kitRoot: string;
  /** Only these exercises; empty means all. */
  only: string[];
  check?: boolean;
}

export async function generateCommand(o: GenerateCommandOptions): Promise<number> {
  const { written, drifted } = await generate({
    kitRoot: o.kitRoot,
    check: o.check,
    only: o.only.length ? o.only : undefined,
  });
  if (o.check) {
    if (drifted.length) {
      console.error(`out of date (run gatelab generate): ${drifted.join(', ')}`);
      return EXIT.failedChecks;
    }
    console.log('generated files are up to date');
  } else
    console.log(
      written.length ? `wrote ${written.join(', ')}` : 'nothing to write: all generated files are up to date',
    );
  return EXIT.ok;
}

export function defineGenerateCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('generate')
    .description('regenerate student stubs, public fixtures and the manifest from solutions/')
    .argument('[exercises...]', 'only these exercises (default: all)')
    .option('--check', 'write nothing; exit 1 if the committed files differ from what would be generated')
    .action(async (only: string[], o: { check?: boolean }) => {
      ctx.setCode(await generateCommand({ kitRoot: ctx.kit(), only, check: o.check }));
    });
}
