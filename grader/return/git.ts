/**
 * The git side of `gatelab return`, in plumbing only: a temporary bare repository fetches the
 * student's feedback branch (when there is one), a temporary index starts from that branch's tree,
 * the feedback/ folder in it is replaced, and a commit is made only when the tree changed. Nothing
 * is ever checked out, so no file of the student's is read or written and no hook or filter runs;
 * the push updates that one branch, fast-forward only. The repository string always follows `--`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleGitWith } from '../collect/git';
import { FEEDBACK_FOLDER } from './files';

export const FEEDBACK_BRANCH = 'gatelab-feedback';
const REF = `refs/heads/${FEEDBACK_BRANCH}`;
const FETCHED = 'refs/gatelab/feedback';
const IDENTITY = {
  GIT_AUTHOR_NAME: 'gatelab',
  GIT_AUTHOR_EMAIL: 'gatelab@users.noreply.invalid',
  GIT_COMMITTER_NAME: 'gatelab',
  GIT_COMMITTER_EMAIL: 'gatelab@users.noreply.invalid',
};

export interface ReturnPlan {
  /** The commit to push, or null when the branch already holds exactly these files. */
  commit: string | null;
  /** The branch's head before, or null when the branch does not exist yet. */
  parent: string | null;
  changed: string[];
}

/** Prepares (and, unless dryRun, pushes) one commit that makes feedback/ hold exactly `files`. */
export async function returnFeedback(opts: {
  repo: string;
  files: Map<string, string>;
  message: string;
  dryRun: boolean;
}): Promise<ReturnPlan> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-return-'));
  const gitDir = path.join(work, 'repo.git');
  const index = path.join(work, 'index');
  const git = (args: string[], env: Record<string, string> = {}) =>
    simpleGitWith({ GIT_INDEX_FILE: index, ...env }).raw([`--git-dir=${gitDir}`, ...args]);
  try {
    await simpleGitWith().raw(['init', '--quiet', '--bare', gitDir]);
    const remote = await git(['ls-remote', '--heads', '--', opts.repo, REF]);
    const parent = remote.trim() === '' ? null : await fetchBranch(git, opts.repo);
    if (parent) await git(['read-tree', parent]);
    const before = parent ? await listFolder(git, `${parent}^{tree}`) : new Map<string, string>();
    await git(['rm', '-r', '--cached', '--quiet', '--ignore-unmatch', '--', FEEDBACK_FOLDER]);
    const blobs = path.join(work, 'blobs');
    const after = new Map<string, string>();
    for (const [name, text] of [...opts.files].sort(([a], [b]) => a.localeCompare(b))) {
      writeFileSync(blobs, text);
      const sha = (await git(['hash-object', '-w', '--', blobs])).trim();
      after.set(name, sha);
      await git(['update-index', '--add', '--cacheinfo', `100644,${sha},${FEEDBACK_FOLDER}/${name}`]);
    }
    const tree = (await git(['write-tree'])).trim();
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .filter((n) => before.get(n) !== after.get(n))
      .sort();
    if (parent && tree === (await git(['rev-parse', `${parent}^{tree}`])).trim())
      return { commit: null, parent, changed: [] };
    const commit = (
      await git(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', opts.message], IDENTITY)
    ).trim();
    if (!opts.dryRun) await git(['push', '--quiet', '--', opts.repo, `${commit}:${REF}`]);
    return { commit, parent, changed };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function fetchBranch(git: (args: string[]) => Promise<string>, repo: string): Promise<string> {
  await git(['fetch', '--quiet', '--no-tags', '--', repo, `+${REF}:${FETCHED}`]);
  return (await git(['rev-parse', '--verify', `${FETCHED}^{commit}`])).trim();
}

/** feedback/'s files in a tree: name → blob id. */
async function listFolder(git: (args: string[]) => Promise<string>, tree: string): Promise<Map<string, string>> {
  const out = await git(['ls-tree', '-r', tree, '--', `${FEEDBACK_FOLDER}/`]);
  const files = new Map<string, string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [meta, name] = line.split('\t');
    files.set(name.slice(FEEDBACK_FOLDER.length + 1), meta.split(' ')[2]);
  }
  return files;
}
