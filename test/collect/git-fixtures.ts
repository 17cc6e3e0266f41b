/** Real git repositories for collect's tests: commits with chosen committer dates, in temp folders. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** The course deadline of these tests: 23:59 in Moscow. */
export const DEADLINE = '2026-03-01T23:59:00+03:00';
export const DEADLINE_MS = Date.parse(DEADLINE);

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `gatelab-collect-${prefix}-`));
}

/** The test runner's environment minus what simple-git refuses in an explicit one (EDITOR and the like). */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(GIT_)?(EDITOR|PAGER|SEQUENCE_EDITOR)$/.test(key)) env[key] = value;
  }
  return env;
}

export interface FixtureCommit {
  /** Committer (and author) date, epoch ms. */
  at: number;
  files: Record<string, string>;
}

/** A new repository on branch main with a local identity, and these commits in order. */
export async function makeRepo(dir: string, commits: FixtureCommit[]): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const git = simpleGit(dir);
  await git.raw(['init', '--quiet', '--initial-branch=main']);
  await git.addConfig('user.name', 'Test Student');
  await git.addConfig('user.email', 'student@example.invalid');
  await git.addConfig('commit.gpgsign', 'false');
  const shas: string[] = [];
  for (const commit of commits) shas.push(await addCommit(dir, commit));
  return shas;
}

export async function addCommit(dir: string, commit: FixtureCommit): Promise<string> {
  for (const [file, text] of Object.entries(commit.files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const date = new Date(commit.at).toISOString();
  const git = simpleGit(dir).env({ ...baseEnv(), GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  await git.add('.');
  await git.commit(`work as of ${date}`);
  return (await git.revparse(['HEAD'])).trim();
}

export function writeRoster(dir: string, lines: string[], name = 'roster.csv'): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
