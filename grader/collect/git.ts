/**
 * The git side of collect, through simple-git. The cache of a student is a bare repository that
 * holds every head gatelab ever fetched from them:
 *   refs/heads/*                 the student's branches, as of the last fetch
 *   refs/gatelab/head            the remote's HEAD (its default branch) as of the last fetch
 *   refs/gatelab/seen/<epoch ms> the remote's HEAD at each fetch: proof of when a commit existed,
 *                                and it keeps every collected commit alive after a force-push
 * No hook runs (core.hooksPath points at nothing, which also silences the teacher's own), the
 * export uses plumbing that writes files and nothing else, and the repository string comes after
 * `--`, so it is never read as an option. Student repositories cannot carry hooks or config; the
 * one outside program an export can start is a filter the teacher's own config defines (git-lfs).
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { tempPathFor } from './atomic';
import type { CommitInfo } from './select-commit';

const HEAD_REF = 'refs/gatelab/head';
const SEEN_PREFIX = 'refs/gatelab/seen/';
// Killed when git prints nothing for this long: a stalled network, or an ssh prompt nobody answers.
// Fetches run with --progress so a long but live download keeps printing and is not killed.
const SILENCE_LIMIT_MS = 120_000;

/** The teacher's environment, with terminal prompts off: a private or misspelt https URL must fail, not wait for a password. */
export function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  // No command collect runs starts an editor or a pager, and simple-git refuses these variables
  // in an explicit environment (EDITOR and PAGER are set in most shells).
  for (const key of ['EDITOR', 'PAGER', 'GIT_EDITOR', 'GIT_PAGER', 'GIT_SEQUENCE_EDITOR']) delete env[key];
  return { ...env, GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** simple-git with hooks off, a silence limit, and the teacher's environment. */
export function simpleGitWith(extraEnv?: Record<string, string>): SimpleGit {
  return simpleGit({
    config: ['core.hooksPath=/dev/null'],
    timeout: { block: SILENCE_LIMIT_MS },
    unsafe: {
      allowUnsafeHooksPath: true, // we point core.hooksPath at nothing: the safe direction
      // The environment is the teacher's own, not student input: keep their ssh command, askpass
      // helper, proxy and config paths working.
      allowUnsafeSshCommand: true,
      allowUnsafeAskPass: true,
      allowUnsafeGitProxy: true,
      allowUnsafeConfigPaths: true,
      allowUnsafeConfigEnvCount: true,
    },
  }).env(gitEnv(extraEnv));
}

/** One git command against the repository in `gitDir`, named explicitly so git never goes looking for one. */
async function git(gitDir: string, args: string[], extraEnv?: Record<string, string>): Promise<string> {
  return simpleGitWith(extraEnv).raw([`--git-dir=${gitDir}`, ...args]);
}

export class EmptyRepositoryError extends Error {}

/**
 * Brings the cache up to date with `repo`: a fetch when the cache exists, otherwise a fresh bare
 * repository filled by the same fetch and moved into place only once complete, so a cache folder
 * is never a half-made clone. Returns the time of the fetch.
 */
export async function syncCache(repo: string, cacheDir: string, now: () => Date): Promise<Date> {
  if (existsSync(cacheDir)) return fetchInto(cacheDir, repo, now);
  const incoming = tempPathFor(path.dirname(cacheDir), path.basename(cacheDir));
  try {
    await simpleGitWith().raw(['init', '--quiet', '--bare', '--', incoming]);
    const fetchedAt = await fetchInto(incoming, repo, now);
    await rename(incoming, cacheDir);
    return fetchedAt;
  } finally {
    await rm(incoming, { recursive: true, force: true });
  }
}

async function fetchInto(gitDir: string, repo: string, now: () => Date): Promise<Date> {
  const fetchedAt = now();
  try {
    // Fetching by URL, not from a configured remote, so a changed roster URL simply takes effect.
    await git(gitDir, [
      'fetch',
      '--progress',
      '--no-tags',
      '--prune',
      '--',
      repo,
      `+HEAD:${HEAD_REF}`,
      '+refs/heads/*:refs/heads/*',
    ]);
  } catch (err) {
    if (/couldn't find remote ref HEAD/i.test((err as Error).message))
      throw new EmptyRepositoryError('the repository has no commits');
    throw err;
  }
  await git(gitDir, ['update-ref', `${SEEN_PREFIX}${fetchedAt.getTime()}`, HEAD_REF]);
  return fetchedAt;
}

/** Whether the cache holds a fetched head to collect from. */
export async function hasFetchedHead(cacheDir: string): Promise<boolean> {
  if (!existsSync(cacheDir)) return false;
  try {
    await git(cacheDir, ['rev-parse', '--verify', '--quiet', `${HEAD_REF}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** The default branch's first-parent history at the last fetch, newest first. */
export async function firstParentHistory(cacheDir: string): Promise<CommitInfo[]> {
  const out = await git(cacheDir, ['log', '--first-parent', '--format=%H %ct %cI', HEAD_REF, '--']);
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [sha, seconds, iso] = line.trim().split(' ');
      return { sha, time: Number(seconds) * 1000, iso };
    });
}

/** Fetch times (epoch ms) of the heads that hold `sha`, the earliest first. */
export async function seenTimes(cacheDir: string, sha: string): Promise<number[]> {
  const out = await git(cacheDir, ['for-each-ref', `--contains=${sha}`, '--format=%(refname)', SEEN_PREFIX]);
  return out
    .split('\n')
    .filter((ref) => ref.startsWith(SEEN_PREFIX))
    .map((ref) => Number(ref.slice(SEEN_PREFIX.length)))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
}

/**
 * Writes the tree of `sha` (files only, no .git) into the empty folder `dest`: read-tree and
 * checkout-index with a private index, which run no hooks and leave the cache untouched.
 */
export async function exportTree(cacheDir: string, sha: string, dest: string): Promise<void> {
  const index = `${dest}.index`;
  const env = { GIT_INDEX_FILE: index };
  try {
    await git(cacheDir, [`--work-tree=${dest}`, 'read-tree', sha], env);
    await git(cacheDir, [`--work-tree=${dest}`, 'checkout-index', '--all', '--force'], env);
  } finally {
    await rm(index, { force: true });
  }
}
