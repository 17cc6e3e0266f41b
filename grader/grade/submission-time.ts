/**
 * When a submission was made, when nobody said: the date of the commit a git submission folder is checked out at.
 * Only the submission's own repository counts (a `.git` in the folder or in the kit folder above its exercises/), never
 * a repository the folder merely sits inside. The student's repository is untrusted: git runs with hooks, the
 * fsmonitor and system/global configuration off, a time limit, and any failure simply means "unknown".
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const GIT_TIMEOUT_MS = 5_000;

/** The ISO committer date of HEAD in the submission's own repository, or null. */
export function commitTimeOf(submission: string): string | null {
  const dir = path.resolve(submission);
  const candidates = path.basename(dir) === 'exercises' ? [dir, path.dirname(dir)] : [dir];
  const root = candidates.find((d) => existsSync(path.join(d, '.git')));
  if (!root) return null;
  try {
    const out = execFileSync(
      'git',
      [
        '-c',
        'core.hooksPath=/dev/null',
        '-c',
        'core.fsmonitor=false',
        '-c',
        `safe.directory=${root}`,
        'log',
        '-1',
        '--format=%cI',
        'HEAD',
      ],
      {
        cwd: root,
        timeout: GIT_TIMEOUT_MS,
        stdio: ['ignore', 'pipe', 'ignore'],
        env: {
          PATH: process.env.PATH ?? '',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
        },
        maxBuffer: 4096,
      },
    )
      .toString()
      .trim();
    return Number.isNaN(Date.parse(out)) ? null : out;
  } catch {
    return null;
  }
}
