/** Kits for the release, scan and student-command tests. */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { PACKAGE_ROOT } from '../../grader/shared/kit';

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `gatelab-release-${prefix}-`));
}

/**
 * A student's kit without an npm install: course.json and exercises/ copied (the student's own files),
 * the grader, node_modules and package.json linked from this repository.
 */
export function linkedKit(): string {
  const kit = tempDir('kit');
  cpSync(path.join(PACKAGE_ROOT, 'course.json'), path.join(kit, 'course.json'));
  cpSync(path.join(PACKAGE_ROOT, 'exercises'), path.join(kit, 'exercises'), { recursive: true });
  for (const linked of ['grader', 'node_modules', 'package.json'])
    symlinkSync(path.join(PACKAGE_ROOT, linked), path.join(kit, linked));
  // One toolkit, as in a real kit: the public tests' Matrix must be the grader's (a copy would be another class).
  rmSync(path.join(kit, 'exercises', 'lib'), { recursive: true, force: true });
  symlinkSync(path.join(PACKAGE_ROOT, 'exercises', 'lib'), path.join(kit, 'exercises', 'lib'));
  return kit;
}

/** The reference of exercise 02, as a student who solved it would have it. */
export const SOLVED_02 = path.join(PACKAGE_ROOT, 'solutions', '02-forget-gate', 'forget-gate.ts');

export const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The test runner's environment minus what simple-git refuses in an explicit one. */
export function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(GIT_)?(EDITOR|PAGER|SEQUENCE_EDITOR)$/.test(key)) env[key] = value;
  }
  return env;
}

/** Makes `dir` a git repository on main with a local identity and one commit of everything in it. */
export async function gitInit(dir: string): Promise<void> {
  const git = simpleGit(dir).env(gitEnv());
  await git.raw(['init', '--quiet', '--initial-branch=main']);
  await git.addConfig('user.name', 'Test Student');
  await git.addConfig('user.email', 'student@example.invalid');
  await git.addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('the kit as released');
}

/** A bare repository to push to, as a course server or GitHub would be. */
export async function bareRemote(): Promise<string> {
  const dir = path.join(tempDir('remote'), 'remote.git');
  await simpleGit().env(gitEnv()).raw(['init', '--quiet', '--bare', '--initial-branch=main', dir]);
  return dir;
}
