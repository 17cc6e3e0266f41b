/**
 * The released kit as a student gets it: unpacked from the archive, installed from the npm registry
 * (`npm ci` against the kit's own lock, from the local cache where it can), then checked, solved,
 * type-checked and submitted, each through the kit's own commands. Slow (npm): about a minute.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { extract, list as listTar } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { release } from '../../grader/release';
import type { SubmissionManifest } from '../../grader/student/submit';
import { bareRemote, gitInit, SOLVED_02, tempDir } from './helpers';

let kit: string;

/** A command in the kit with a plain environment (none of this test runner's variables). */
function run(cmd: string, args: string[], timeout = 300_000) {
  const r = spawnSync(cmd, args, {
    cwd: kit,
    encoding: 'utf8',
    timeout,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Exercise 02's public checks and their points, from the kit's course.json. */
function public02(): { checks: number; points: number } {
  const catalog = JSON.parse(readFileSync(path.join(kit, 'course.json'), 'utf8')) as {
    exercises: { id: string; checks: { visibility: string; points: number }[] }[];
  };
  const pub =
    catalog.exercises.find((e) => e.id === '02-forget-gate')?.checks.filter((c) => c.visibility === 'public') ?? [];
  return { checks: pub.length, points: pub.reduce((s, c) => s + c.points, 0) };
}

const hashOf = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

beforeAll(async () => {
  const released = await release({ kitRoot: PACKAGE_ROOT, out: path.join(tempDir('released'), 'kit') });
  expect(released.archive).not.toBeNull();
  const student = tempDir('student');
  await extract({ file: released.archive as string, cwd: student });
  kit = path.join(student, 'kit');
  const install = run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], 300_000);
  expect(install.err.split('\n').filter((l) => /ERR!/.test(l))).toEqual([]);
  expect(install.code).toBe(0);
}, 360_000);

describe('the released kit, installed from the registry', () => {
  it('npm run check: every exercise fails with the friendly "not implemented yet"', () => {
    const ru = run('npm', ['run', '--silent', 'check']);
    expect(ru.code).toBe(1);
    const catalog = JSON.parse(readFileSync(path.join(kit, 'course.json'), 'utf8')) as { exercises: { id: string }[] };
    for (const { id } of catalog.exercises) expect(ru.out).toMatch(new RegExp(`✗ ${id}\\s+0/\\d+\\s+0/`));
    expect(ru.out).toContain('ещё не реализована');
    const en = run('node', ['bin/gatelab.js', 'check', '--lang', 'en']);
    expect(en.code).toBe(1);
    expect(en.out).toMatch(/First problem: 01-vanishing-gradient › public-chains/);
    expect(en.out).toMatch(/is not implemented yet: it still throws the stub's error/);
    expect(en.err).toBe('');
  });

  it('the kit type-checks with its own tsconfig', () => {
    const tsc = run('npx', ['--no-install', 'tsc', '-p', '.']);
    expect(tsc.out + tsc.err).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('solving exercise 02 turns its check green', () => {
    copyFileSync(SOLVED_02, path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts'));
    const r = run('npx', ['--no-install', 'gatelab', 'check', '02', '--lang', 'en']);
    const { checks, points } = public02();
    expect(r.out).toMatch(new RegExp(`✓ 02-forget-gate\\s+${checks}/${checks}\\s+${points}/${points}`));
    expect(r.out).toContain('All public checks pass.');
    expect(r.code).toBe(0);
  });

  it('submit in a git clone: commits, pushes, and the manifest hashes what was pushed', async () => {
    const remote = await bareRemote();
    await gitInit(kit);
    const git = (args: string[]) =>
      spawnSync('git', args, { cwd: kit, encoding: 'buffer', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    expect(git(['remote', 'add', 'origin', remote]).status).toBe(0);
    expect(git(['push', '--quiet', '-u', 'origin', 'main']).status).toBe(0);

    const r = run('npm', ['run', '--silent', 'submit', '--', '--student', 'ivanova', '--lang', 'en']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Committed and pushed to origin \(main, commit [0-9a-f]{7}\)/);

    const show = (spec: string) => spawnSync('git', ['--git-dir', remote, 'show', spec], { encoding: 'buffer' }).stdout;
    expect(show('-s').toString()).toMatch(/\n {4}submit: \d{4}-\d\d-\d\dT/);
    const manifest = JSON.parse(show('main:submission.json').toString()) as SubmissionManifest;
    expect(manifest.student).toBe('ivanova');
    expect(manifest.kitVersion).toBe(
      (JSON.parse(readFileSync(path.join(kit, 'course.json'), 'utf8')) as { kitVersion: string }).kitVersion,
    );
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toContain('exercises/02-forget-gate/forget-gate.ts');
    expect(paths).toContain('exercises/01-vanishing-gradient/answer.md');
    expect(
      paths.filter(
        (p) =>
          p.endsWith('.test.ts') ||
          p.endsWith('fixtures.json') ||
          p.endsWith('README.md') ||
          p.startsWith('exercises/lib/'),
      ),
    ).toEqual([]);
    for (const f of manifest.files) expect(f.sha256, f.path).toBe(hashOf(show(`main:${f.path}`)));
    expect(manifest.files.find((f) => f.path === 'exercises/02-forget-gate/forget-gate.ts')?.sha256).toBe(
      hashOf(readFileSync(SOLVED_02)),
    );
    expect(manifest.check?.exercises.find((e) => e.id === '02-forget-gate')).toMatchObject({
      passed: public02().checks,
      total: public02().checks,
    });
  });

  it('submit without git: packs an archive with the manifest and the files', async () => {
    rmSync(path.join(kit, '.git'), { recursive: true, force: true });
    rmSync(path.join(kit, 'submission.json'));
    const r = run('node', ['bin/gatelab.js', 'submit', '--student', 'ivanova', '--lang', 'en']);
    expect(r.code).toBe(0);
    const archive = /packed into (\S+\.tgz)\./.exec(r.out)?.[1] as string;
    expect(path.basename(archive)).toMatch(/^submission-ivanova-\d{8}T\d{6}Z\.tgz$/);
    expect(existsSync(archive)).toBe(true);
    const contents = new Map<string, Buffer>();
    await listTar({
      file: archive,
      onReadEntry: (entry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => contents.set(entry.path, Buffer.concat(chunks)));
      },
    });
    const manifest = JSON.parse((contents.get('submission.json') as Buffer).toString()) as SubmissionManifest;
    expect([...contents.keys()].sort()).toEqual(['submission.json', ...manifest.files.map((f) => f.path)].sort());
    for (const f of manifest.files) expect(f.sha256, f.path).toBe(hashOf(contents.get(f.path) as Buffer));
  });
});
