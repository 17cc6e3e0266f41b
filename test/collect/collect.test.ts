import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { beforeAll, describe, expect, it } from 'vitest';
import { collect, isManifest, type CollectManifest, type CollectedStudent } from '../../grader/collect';
import { addCommit, DAY, DEADLINE, DEADLINE_MS, HOUR, makeRepo, tempDir, writeRoster } from './git-fixtures';

describe('collect: a class of real git repositories cloned by local path', () => {
  const root = tempDir('class');
  const repos = path.join(root, 'repos');
  const into = path.join(root, 'submissions');
  const roster = writeRoster(root, [
    'id,name,repo,extension_days',
    'ontime,Anna Ivanova,repos/ontime,',
    'late,Boris Petrov,repos/late,',
    'extended,Vera Sidorova,repos/extended,2',
    'toolate,Gleb Orlov,repos/toolate,',
    'ghost,Dina Volkova,repos/ghost,',
    'empty,Egor Smirnov,repos/empty,',
  ]);
  const sha: Record<string, string[]> = {};
  const run = (at: number) =>
    collect({ roster, deadline: DEADLINE, into, lateWindowDays: 3, jobs: 2, now: () => new Date(at) });
  const FIRST_RUN = DEADLINE_MS + 2 * HOUR;
  let first: CollectManifest;
  const byId = (m: CollectManifest): Record<string, CollectedStudent> =>
    Object.fromEntries(m.students.map((s) => [s.id, s]));
  const read = (...parts: string[]) => readFileSync(path.join(into, ...parts), 'utf8');

  beforeAll(async () => {
    sha.ontime = await makeRepo(path.join(repos, 'ontime'), [
      { at: DEADLINE_MS - 2 * DAY, files: { 'exercises/02-forget-gate/forget-gate.ts': 'v1', 'notes.md': 'first' } },
      { at: DEADLINE_MS - HOUR, files: { 'exercises/02-forget-gate/forget-gate.ts': 'v2' } },
      { at: DEADLINE_MS + HOUR, files: { 'exercises/02-forget-gate/forget-gate.ts': 'v3, after the deadline' } },
    ]);
    sha.late = await makeRepo(path.join(repos, 'late'), [
      { at: DEADLINE_MS + 30 * HOUR, files: { 'work.ts': 'a day and six hours late' } },
      { at: DEADLINE_MS + 5 * DAY, files: { 'work.ts': 'past the window' } },
    ]);
    sha.extended = await makeRepo(path.join(repos, 'extended'), [
      { at: DEADLINE_MS + DAY, files: { 'work.ts': 'inside the extension' } },
      { at: DEADLINE_MS + 3 * DAY, files: { 'work.ts': 'after the extension' } },
    ]);
    sha.toolate = await makeRepo(path.join(repos, 'toolate'), [
      { at: DEADLINE_MS + 10 * DAY, files: { 'work.ts': 'much too late' } },
    ]);
    await makeRepo(path.join(repos, 'empty'), []);
    first = (await run(FIRST_RUN)).manifest;
  });

  it('writes a manifest that matches its schema, one entry per roster row in roster order', () => {
    const onDisk = JSON.parse(read('manifest.json')) as CollectManifest;
    expect(isManifest(onDisk)).toBe(true);
    expect(onDisk).toEqual(first);
    expect(onDisk.students.map((s) => s.id)).toEqual(['ontime', 'late', 'extended', 'toolate', 'ghost', 'empty']);
    expect(onDisk.collected_at).toBe(new Date(FIRST_RUN).toISOString());
  });

  it('on time: takes the last commit dated at or before the deadline, not a later one', () => {
    const s = byId(first).ontime;
    expect(s).toMatchObject({
      status: 'collected',
      commit: sha.ontime[1],
      late_days: 0,
      deadline: new Date(DEADLINE_MS).toISOString(),
    });
    expect(Date.parse(s.commit_time ?? '')).toBe(DEADLINE_MS - HOUR);
    expect(s.seen_at).toBe(new Date(FIRST_RUN).toISOString());
    expect(s.message).toBeUndefined();
  });

  it('exports the commit’s files, nested folders included, and no .git', () => {
    expect(read('ontime', 'exercises', '02-forget-gate', 'forget-gate.ts')).toBe('v2');
    expect(read('ontime', 'notes.md')).toBe('first');
    expect(readdirSync(path.join(into, 'ontime')).sort()).toEqual(['exercises', 'notes.md']);
  });

  it('late within the window: the last commit before the window closes, late days rounded up', () => {
    expect(byId(first).late).toMatchObject({ status: 'late', commit: sha.late[0], late_days: 2 });
    expect(byId(first).late.message).toBe(
      "committed 2 days after this student's deadline, inside the 3-day late window",
    );
    expect(read('late', 'work.ts')).toBe('a day and six hours late');
  });

  it('an extension moves that student’s deadline: on time, not late', () => {
    expect(byId(first).extended).toMatchObject({
      status: 'collected',
      commit: sha.extended[0],
      extension_days: 2,
      late_days: 0,
      deadline: new Date(DEADLINE_MS + 2 * DAY).toISOString(),
    });
    expect(read('extended', 'work.ts')).toBe('inside the extension');
  });

  it('only commits after the window: no-commit-before-deadline, with the reason, and no folder', () => {
    const s = byId(first).toolate;
    expect(s).toMatchObject({ status: 'no-commit-before-deadline', commit: null, commit_time: null, late_days: 0 });
    expect(s.message).toMatch(/every commit on the default branch is dated after the end of the 3-day late window/);
    expect(existsSync(path.join(into, 'toolate'))).toBe(false);
  });

  it('a missing repository and an empty one are recorded; the others are still collected', () => {
    expect(byId(first).ghost).toMatchObject({ status: 'missing', commit: null });
    expect(byId(first).ghost.message).toMatch(
      /no repository at .*repos\/ghost; check the repo cell on line 6 of the roster/,
    );
    expect(byId(first).empty).toMatchObject({
      status: 'no-commit-before-deadline',
      message: 'the repository has no commits',
    });
    expect(existsSync(path.join(into, 'ghost'))).toBe(false);
  });

  it('leaves no temporary folders behind, and never runs hooks from the cache', () => {
    const leftovers = [...readdirSync(into), ...readdirSync(path.join(into, '.repos'))].filter(
      (n) => n.startsWith('.incoming') || n.startsWith('.outgoing'),
    );
    expect(leftovers).toEqual([]);
    expect(existsSync(path.join(into, '.collect.lock'))).toBe(false);
  });

  describe('a rerun after new commits', () => {
    const SECOND_RUN = DEADLINE_MS + DAY;
    let second: CollectManifest;

    beforeAll(async () => {
      // A file in the cache that a fresh clone would not have: it proves the rerun fetched into it.
      writeFileSync(path.join(into, '.repos', 'ontime', 'marker'), 'kept');
      sha.ontime.push(
        await addCommit(path.join(repos, 'ontime'), {
          at: DEADLINE_MS + 2 * HOUR,
          files: { 'exercises/02-forget-gate/forget-gate.ts': 'v4' },
        }),
      );
      sha.toolate.push(
        await addCommit(path.join(repos, 'toolate'), {
          at: DEADLINE_MS - DAY,
          files: { 'work.ts': 'dated before the deadline' },
        }),
      );
      second = (await run(SECOND_RUN)).manifest;
    });

    it('fetches into the existing cache instead of cloning again', async () => {
      expect(readFileSync(path.join(into, '.repos', 'ontime', 'marker'), 'utf8')).toBe('kept');
      const seen = await simpleGit().raw([
        '--git-dir',
        path.join(into, '.repos', 'ontime'),
        'for-each-ref',
        '--format=%(refname)',
        'refs/gatelab/seen/',
      ]);
      expect(seen.trim().split('\n')).toEqual([`refs/gatelab/seen/${FIRST_RUN}`, `refs/gatelab/seen/${SECOND_RUN}`]);
    });

    it('still takes the right commit: the post-deadline one is ignored, the first sighting is kept', () => {
      expect(byId(second).ontime).toMatchObject({
        status: 'collected',
        commit: sha.ontime[1],
        seen_at: new Date(FIRST_RUN).toISOString(),
      });
      expect(read('ontime', 'exercises', '02-forget-gate', 'forget-gate.ts')).toBe('v2');
    });

    it('picks up a newly fetched commit dated before the deadline, and says when it was first seen', () => {
      expect(byId(second).toolate).toMatchObject({
        status: 'collected',
        commit: sha.toolate[1],
        seen_at: new Date(SECOND_RUN).toISOString(),
      });
      expect(read('toolate', 'work.ts')).toBe('dated before the deadline');
    });

    it('loses nothing: the other students are unchanged', () => {
      for (const id of ['late', 'extended', 'ghost', 'empty']) expect(byId(second)[id]).toEqual(byId(first)[id]);
      expect(read('late', 'work.ts')).toBe('a day and six hours late');
    });

    it('a repository deleted after an earlier fetch is collected from the cache, with a note', async () => {
      rmSync(path.join(repos, 'ontime'), { recursive: true, force: true });
      const third = (await run(SECOND_RUN + HOUR)).manifest;
      expect(byId(third).ontime).toMatchObject({ status: 'collected', commit: sha.ontime[1] });
      expect(byId(third).ontime.message).toMatch(
        /^could not fetch \(.*\); collected from the copy of the last successful fetch$/,
      );
      expect(read('ontime', 'exercises', '02-forget-gate', 'forget-gate.ts')).toBe('v2');
    });
  });
});
