/**
 * `gatelab return` against bare repositories made here, one per student, as a git host holds them.
 * The class is test/export/graded-class.ts: иванова (reference solution), petrov (untouched stubs),
 * sidorov (on the roster, never submitted).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogMaxMilli, loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { report } from '../../grader/review';
import { FEEDBACK_BRANCH, returnAll, type ReturnOutcome } from '../../grader/return';
import { feedbackFiles } from '../../grader/return/files';
import { addCommit, DAY, DEADLINE_MS, makeRepo } from '../collect/git-fixtures';
import { gradedClass } from '../export/graded-class';

let reports: string;
let roster: string;
let dir: string;
const heads: Record<string, string> = {};

/** A student's repository on the "host": a bare clone of a repository with their work on main. */
async function hostRepo(id: string): Promise<string> {
  const work = path.join(dir, 'work', id);
  await makeRepo(work, [{ at: DEADLINE_MS - DAY, files: { 'exercises/01/vanishing.ts': `// ${id}'s work\n` } }]);
  const bare = path.join(dir, 'repos', id);
  mkdirSync(path.dirname(bare), { recursive: true });
  await simpleGit().raw(['clone', '--quiet', '--bare', work, bare]);
  heads[id] = (await simpleGit().raw([`--git-dir=${bare}`, 'rev-parse', 'refs/heads/main'])).trim();
  return bare;
}

const bareGit = (id: string, args: string[]) => simpleGit().raw([`--git-dir=${path.join(dir, 'repos', id)}`, ...args]);
const branchLog = async (id: string) =>
  (await bareGit(id, ['rev-list', `refs/heads/${FEEDBACK_BRANCH}`])).trim().split('\n').filter(Boolean);
const byId = (outcomes: ReturnOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.id, o]));

beforeAll(async () => {
  ({ reports, roster, dir } = await gradedClass());
  await hostRepo('иванова');
  await hostRepo('petrov');
});

describe('gatelab return', () => {
  it('--dry-run lists what would be pushed and pushes nothing', async () => {
    const outcomes = byId(await returnAll({ reports, roster, kitRoot: PACKAGE_ROOT, dryRun: true }));
    expect(outcomes.иванова.status).toBe('would-push');
    expect(outcomes.иванова.changed).toEqual(expect.arrayContaining(['README.md', 'feedback.html']));
    expect(outcomes.petrov.status).toBe('would-push');
    expect(outcomes.sidorov).toEqual({ id: 'sidorov', status: 'no-feedback', message: 'no graded submission' });
    expect((await bareGit('petrov', ['branch', '--list', FEEDBACK_BRANCH])).trim()).toBe('');
  });

  it('pushes feedback/ on its own branch; the student’s branch is untouched; a second run adds nothing', async () => {
    const first = byId(await returnAll({ reports, roster, kitRoot: PACKAGE_ROOT }));
    expect(first.иванова.status).toBe('pushed');
    for (const id of ['иванова', 'petrov']) {
      expect((await bareGit(id, ['rev-parse', 'refs/heads/main'])).trim()).toBe(heads[id]);
      const tree = (await bareGit(id, ['ls-tree', '-r', '--name-only', `refs/heads/${FEEDBACK_BRANCH}`]))
        .trim()
        .split('\n');
      const expected = [...(await feedbackFiles(path.join(reports, id), loadCatalog(PACKAGE_ROOT))).keys()].map(
        (f) => `feedback/${f}`,
      );
      expect(tree.sort()).toEqual(expected.sort());
      expect(await branchLog(id)).toHaveLength(1);
    }
    const readme = await bareGit('иванова', ['show', `refs/heads/${FEEDBACK_BRANCH}:feedback/README.md`]);
    const max = catalogMaxMilli(loadCatalog(PACKAGE_ROOT)) / 1000;
    expect(readme).toContain(`${max} / ${max}`);

    const second = byId(await returnAll({ reports, roster, kitRoot: PACKAGE_ROOT }));
    expect([second.иванова.status, second.petrov.status]).toEqual(['up-to-date', 'up-to-date']);
    expect(await branchLog('petrov')).toHaveLength(1);
  });

  it('a regrade (a TA’s points) adds one commit for that student only, and keeps the other files of the branch', async () => {
    // Something of the student's own on our branch: it must survive.
    const work = path.join(dir, 'work', 'petrov');
    await simpleGit(work).raw([
      'fetch',
      '--quiet',
      path.join(dir, 'repos', 'petrov'),
      `${FEEDBACK_BRANCH}:${FEEDBACK_BRANCH}`,
    ]);
    await simpleGit(work).raw(['checkout', '--quiet', FEEDBACK_BRANCH]);
    await addCommit(work, { at: DEADLINE_MS + DAY, files: { 'notes.txt': 'my notes\n' } });
    await simpleGit(work).raw(['push', '--quiet', path.join(dir, 'repos', 'petrov'), FEEDBACK_BRANCH]);
    const before = await branchLog('petrov');

    writeFileSync(
      path.join(reports, 'petrov', 'manual.json'),
      JSON.stringify({ adjustments: [{ points: 2, reason: 'oral answer' }] }),
    );
    await report({ reports, kitRoot: PACKAGE_ROOT });
    const outcomes = byId(await returnAll({ reports, roster, kitRoot: PACKAGE_ROOT }));
    expect(outcomes.petrov.status).toBe('pushed');
    expect(outcomes.иванова.status).toBe('up-to-date');
    const after = await branchLog('petrov');
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(1)).toEqual(before);
    expect(await bareGit('petrov', ['show', `refs/heads/${FEEDBACK_BRANCH}:notes.txt`])).toBe('my notes\n');
    expect(await bareGit('petrov', ['show', `refs/heads/${FEEDBACK_BRANCH}:feedback/README.md`])).toContain('+2');
    expect((await bareGit('petrov', ['rev-parse', 'refs/heads/main'])).trim()).toBe(heads.petrov);
  });

  it('a repository that cannot be reached is that student’s error line; the others go on', async () => {
    const broken = path.join(dir, 'roster-broken.csv');
    writeFileSync(
      broken,
      `id,name,repo\npetrov,Petrov,${path.join(dir, 'repos', 'petrov')}\nиванова,Ivanova,${path.join(dir, 'nowhere')}\n`,
    );
    const outcomes = byId(await returnAll({ reports, roster: broken, kitRoot: PACKAGE_ROOT }));
    expect(outcomes.иванова.status).toBe('error');
    expect(outcomes.иванова.message).toMatch(/nowhere/);
    expect(outcomes.petrov.status).toBe('up-to-date');
  });
});
