import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EmptyRepositoryError,
  exportTree,
  firstParentHistory,
  hasFetchedHead,
  seenTimes,
  syncCache,
} from '../../grader/collect/git';
import { addCommit, DAY, DEADLINE_MS, HOUR, makeRepo, tempDir } from './git-fixtures';

const at = (ms: number) => () => new Date(ms);

describe('the git side of collect', () => {
  const savedGlobal = process.env.GIT_CONFIG_GLOBAL;
  afterEach(() => {
    if (savedGlobal === undefined) delete process.env.GIT_CONFIG_GLOBAL;
    else process.env.GIT_CONFIG_GLOBAL = savedGlobal;
  });

  it('history is the default branch’s first parents: a side-branch commit merged late is not a state of the branch', async () => {
    const root = tempDir('git');
    const repo = path.join(root, 'student');
    const [early] = await makeRepo(repo, [{ at: DEADLINE_MS - 2 * DAY, files: { 'a.ts': 'main' } }]);
    const git = simpleGit(repo);
    await git.checkout(['-b', 'feature']);
    const side = await addCommit(repo, { at: DEADLINE_MS - HOUR, files: { 'a.ts': 'feature' } });
    await git.checkout('main');
    const date = new Date(DEADLINE_MS + HOUR).toISOString();
    await git
      .env({
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      })
      .raw(['merge', '--no-ff', '--quiet', '-m', 'merge feature', 'feature']);

    const cache = path.join(root, 'cache');
    await syncCache(repo, cache, at(DEADLINE_MS));
    const history = await firstParentHistory(cache);
    expect(history.map((c) => c.sha)).not.toContain(side);
    expect(history[1]).toMatchObject({ sha: early, time: DEADLINE_MS - 2 * DAY });
    // Every branch is kept in the cache all the same, for a person to look at.
    const branches = await simpleGit().raw(['--git-dir', cache, 'for-each-ref', '--format=%(refname)', 'refs/heads/']);
    expect(branches.trim().split('\n').sort()).toEqual(['refs/heads/feature', 'refs/heads/main']);
  });

  it('runs no hooks, not even the teacher’s own global ones', async () => {
    const root = tempDir('git');
    const hooks = path.join(root, 'hooks');
    mkdirSync(hooks);
    const witness = path.join(root, 'hook-ran');
    writeFileSync(path.join(hooks, 'reference-transaction'), `#!/bin/sh\ntouch '${witness}'\n`);
    chmodSync(path.join(hooks, 'reference-transaction'), 0o755);
    writeFileSync(path.join(root, 'gitconfig'), `[core]\n\thooksPath = ${hooks}\n`);
    await makeRepo(path.join(root, 'student'), [{ at: DEADLINE_MS - DAY, files: { 'a.ts': 'x' } }]);
    process.env.GIT_CONFIG_GLOBAL = path.join(root, 'gitconfig');
    await syncCache(path.join(root, 'student'), path.join(root, 'cache'), at(DEADLINE_MS));
    expect(existsSync(witness)).toBe(false);
  });

  it('exports files, executable bits and symbolic links (as links), without .git', async () => {
    const root = tempDir('git');
    const repo = path.join(root, 'student');
    await makeRepo(repo, []);
    mkdirSync(path.join(repo, 'bin'));
    writeFileSync(path.join(repo, 'bin', 'run.sh'), '#!/bin/sh\n');
    chmodSync(path.join(repo, 'bin', 'run.sh'), 0o755);
    symlinkSync('bin/run.sh', path.join(repo, 'link'));
    const sha = await addCommit(repo, { at: DEADLINE_MS - DAY, files: { 'src/a.ts': 'export {}\n' } });
    const cache = path.join(root, 'cache');
    await syncCache(repo, cache, at(DEADLINE_MS));
    const out = path.join(root, 'out');
    mkdirSync(out);
    await exportTree(cache, sha, out);
    expect(readFileSync(path.join(out, 'src', 'a.ts'), 'utf8')).toBe('export {}\n');
    expect(lstatSync(path.join(out, 'bin', 'run.sh')).mode & 0o111).not.toBe(0);
    expect(readlinkSync(path.join(out, 'link'))).toBe('bin/run.sh');
    expect(existsSync(path.join(out, '.git'))).toBe(false);
    expect(existsSync(`${out}.index`)).toBe(false);
  });

  it('an empty repository is its own error; seen times list every fetch that held a commit', async () => {
    const root = tempDir('git');
    const repo = path.join(root, 'student');
    await makeRepo(repo, []);
    const cache = path.join(root, 'cache');
    await expect(syncCache(repo, cache, at(1))).rejects.toBeInstanceOf(EmptyRepositoryError);
    expect(existsSync(cache)).toBe(false);
    expect(await hasFetchedHead(cache)).toBe(false);

    const first = await addCommit(repo, { at: DEADLINE_MS - DAY, files: { 'a.ts': '1' } });
    await syncCache(repo, cache, at(DEADLINE_MS - HOUR));
    const second = await addCommit(repo, { at: DEADLINE_MS + DAY, files: { 'a.ts': '2' } });
    await syncCache(repo, cache, at(DEADLINE_MS + DAY + HOUR));
    expect(await seenTimes(cache, first)).toEqual([DEADLINE_MS - HOUR, DEADLINE_MS + DAY + HOUR]);
    expect(await seenTimes(cache, second)).toEqual([DEADLINE_MS + DAY + HOUR]);
    expect(await hasFetchedHead(cache)).toBe(true);
  });
});
