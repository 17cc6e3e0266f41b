/**
 * What the recipes for grading a class on several machines share (`gatelab export github-actions` and
 * `export kubernetes`): the number of shards they may ask for, and the two command lines every shard and the merge
 * run: `grade-all <submissions> --out <shard folder> --shard i/n` and `merge <shard folders>… --out <reports>`.
 */
import { UsageError } from '../../shared/errors';
import type { Acceptance } from '../../sandbox';
import type { Lang } from '../../shared/results';

/** A whole number of shards from 1 to `max` (the engine's own limit, named in `why`). */
export function checkShardCount(shards: number, max: number, why: string): number {
  if (!Number.isInteger(shards) || shards < 1 || shards > max) {
    throw new UsageError(`--shards ${shards} is not a whole number from 1 to ${max} (${why}); write e.g. --shards 4`);
  }
  return shards;
}

export interface GradeLine {
  /** How the recipe runs gatelab: ['npx', 'gatelab'] or ['node', '/kit/bin/gatelab.js']. */
  gatelab: string[];
  submissions: string;
  /** The shard's folder is `<shards>/<index>`. */
  shards: string;
  /** The shard's index as the engine spells it (a matrix value, a shell variable): a shell word as it is. */
  index: string;
  count: number;
  lang?: Lang;
  allowWeak?: Acceptance;
}

/** The shard's grade-all as one shell command line. */
export function gradeCommand(g: GradeLine): string {
  const weak =
    g.allowWeak === undefined ? [] : ['--allow-weak-sandbox', g.allowWeak === 'all' ? 'all' : g.allowWeak.join(',')];
  const words = [...g.gatelab, 'grade-all', g.submissions, '--out'].map(shellWord);
  const shard = [`${shellWord(g.shards)}/${g.index}`, '--shard', `${g.index}/${g.count}`];
  return [...words, ...shard, ...[...(g.lang ? ['--lang', g.lang] : []), ...weak].map(shellWord)].join(' ');
}

/** The shard folders are `<root>/1` … `<root>/<count>`: merge names every one, so a missing shard is named too. */
export function shardFolders(root: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${root}/${i + 1}`);
}

/** merge's words (for an exec form; join them with shellWord for a shell). */
export function mergeArgs(gatelab: string[], root: string, count: number, reports: string): string[] {
  return [...gatelab, 'merge', ...shardFolders(root, count), '--out', reports];
}

/**
 * A word for a POSIX shell: kept as it is when it has no character the shell would read, else single-quoted.
 * Words that hold a variable or an engine's expression (`$X`, `${{ … }}`) are never passed here.
 */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A path for the recipe: relative, inside the repository or volume, without `..`. */
export function checkRelativePath(flag: string, value: string): string {
  const clean = value.replace(/\/+$/, '');
  if (!clean || clean.startsWith('/') || clean.split('/').includes('..')) {
    throw new UsageError(
      `${flag} "${value}" must be a folder inside the repository, relative to its root (e.g. submissions), without ..`,
    );
  }
  return clean;
}
