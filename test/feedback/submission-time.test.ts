/**
 * "Submitted" shows a trustworthy time and says which it is: a git submission's commit date, the time collect first
 * fetched the commit, a time the teacher gave, or a platform's upload time; "unknown" only when there is none.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commitTimeOf } from '../../grader/grade/submission-time';
import { renderFeedback } from '../../grader/feedback/render';
import { makeResults } from './fixture';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gatelab-subtime-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function repoWithCommit(dir: string, date: string): void {
  mkdirSync(path.join(dir, 'exercises'), { recursive: true });
  writeFileSync(path.join(dir, 'exercises', 'a.ts'), 'export const a = 1;\n');
  const env = {
    ...process.env,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    GIT_AUTHOR_NAME: 's',
    GIT_AUTHOR_EMAIL: 's@x',
    GIT_COMMITTER_NAME: 's',
    GIT_COMMITTER_EMAIL: 's@x',
  };
  for (const args of [
    ['init', '-q'],
    ['add', '.'],
    ['commit', '-qm', 'submit'],
  ])
    execFileSync('git', args, { cwd: dir, env });
}

describe('commitTimeOf', () => {
  it("reads the committer date of HEAD in the submission's own repository, from the kit or its exercises/ folder", () => {
    const kit = path.join(tmp, 'kit');
    repoWithCommit(kit, '2026-12-20T21:15:00+03:00');
    expect(Date.parse(commitTimeOf(kit) ?? '')).toBe(Date.parse('2026-12-20T18:15:00Z'));
    expect(Date.parse(commitTimeOf(path.join(kit, 'exercises')) ?? '')).toBe(Date.parse('2026-12-20T18:15:00Z'));
  });
  it('is null for a folder that is not a repository, even inside one', () => {
    const inner = path.join(tmp, 'kit', 'exercises', 'nested');
    mkdirSync(inner, { recursive: true });
    expect(commitTimeOf(inner)).toBeNull();
    expect(commitTimeOf(path.join(tmp, 'nothing-here'))).toBeNull();
  });
});

describe('the Submitted line', () => {
  const cases = [
    { source: 'commit', en: "the commit's own date", ru: 'дата самого коммита' },
    { source: 'collected', en: 'when the collector first fetched it', ru: 'когда сборщик впервые его получил' },
    { source: 'given', en: 'as given by the teacher', ru: 'указано преподавателем' },
    { source: 'upload', en: 'upload time', ru: 'время загрузки' },
  ] as const;
  it.each(cases)('names a $source time in both languages and both reports', ({ source, en, ru }) => {
    const r = makeResults();
    r.submission.time_source = source;
    for (const [lang, words] of [
      ['en', en],
      ['ru', ru],
    ] as const) {
      const { markdown, html } = renderFeedback(r, lang);
      expect(markdown).toMatch(new RegExp(`2025-05-21 10:15 UTC \\(${words.replace(/'/g, '.')}`));
      expect(html).toContain('2025-05-21 10:15 UTC (');
      expect(html.replace(/&#x27;/g, "'")).toContain(words);
    }
  });
  it('shows when collect first fetched the commit', () => {
    const r = makeResults();
    r.submission.time_source = 'commit';
    r.submission.seen_at = '2025-05-21T11:00:00Z';
    expect(renderFeedback(r, 'en').markdown).toContain('**Collected (first fetched):** 2025-05-21 11:00 UTC');
    expect(renderFeedback(r, 'ru').html).toContain('2025-05-21 11:00 UTC');
  });
  it('says unknown only when there is no time', () => {
    const r = makeResults();
    r.submission.time = null;
    expect(renderFeedback(r, 'en').markdown).toContain('**Submitted:** unknown');
  });
});
