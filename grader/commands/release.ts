/**
 * `gatelab release --out <dir>`: writes the student kit and its .tgz, prints what it did, and exits
 * 1 when the kit would leak something. The release module is loaded on use.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { EXIT } from '../shared/errors';
import { loadKitModule } from '../shared/kit';
import { readSecret } from '../shared/seed';
import type { CommandContext } from './options';

export interface ReleaseCommandOptions {
  kitRoot: string;
  out: string;
  force?: boolean;
  secretFile?: string;
}

export async function releaseCommand(o: ReleaseCommandOptions): Promise<number> {
  const { release } = await loadKitModule<typeof import('../release')>(
    path.join(__dirname, '..', 'release', 'index.ts'),
  );
  const secret = o.secretFile || process.env.GATELAB_SECRET ? readSecret({ secretFile: o.secretFile }) : null;
  const r = await release({ kitRoot: o.kitRoot, out: o.out, force: o.force, secret });
  for (const line of r.lines) console.log(line);
  return r.leaks.length ? EXIT.failedChecks : EXIT.ok;
}

export function defineReleaseCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('release')
    .description(
      'the student kit: a folder and <dir>.tgz, without reference code, hidden suites, course secret or held-out data',
    )
    .requiredOption('--out <dir>', 'the folder to write the kit into (the .tgz goes next to it)')
    .option('--force', 'overwrite the --out folder when it is not empty')
    .option(
      '--secret-file <file>',
      'the course secret, to prove the kit does not contain it (default: $GATELAB_SECRET, if set)',
    )
    .action(async (o: Omit<ReleaseCommandOptions, 'kitRoot'>) => {
      ctx.setCode(await releaseCommand({ ...o, kitRoot: ctx.kit() }));
    });
}
