import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Checker } from '../../grader/student/checker';
import { UsageError } from '../../grader/shared/errors';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Localized } from '../../grader/shared/results';
import { hintStateFile, nextHint, readHints } from '../../grader/student/hints';
import { submit, SubmissionRefused } from '../../grader/student/submit';
import { watch, type WatchRun } from '../../grader/student/watch';
import { gitEnv, gitInit, linkedKit, sha256, SOLVED_02 } from './helpers';

const WRONG_BACKWARD_02 = path.join(
  PACKAGE_ROOT,
  'examples',
  'class',
  's03-wrong-backward',
  'exercises',
  '02-forget-gate',
  'forget-gate.ts',
);
const hintsOf = (id: string) =>
  JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'exercises', id, 'hints.json'), 'utf8')) as Record<
    string,
    Localized[]
  >;

describe('gatelab hint', () => {
  let kit: string;
  let checker: Checker;
  beforeAll(async () => {
    kit = linkedKit();
    checker = await Checker.start({ kitRoot: kit });
  });
  afterAll(async () => {
    await checker?.close();
  });

  it('each call shows the next level for the first failing check, then stays on the last', async () => {
    const levels = hintsOf('02-forget-gate')['public-forward'];
    expect(levels.length).toBeGreaterThanOrEqual(2);
    for (let call = 1; call <= levels.length + 1; call++) {
      const r = await nextHint({ kitRoot: kit, exercise: '02', lang: 'en', checker });
      const level = Math.min(call, levels.length);
      expect(r.check?.id).toBe('public-forward');
      expect([r.level, r.levels]).toEqual([level, levels.length]);
      const text = r.lines.join('\n');
      expect(text).toContain(`Hint ${level} of ${levels.length}:`);
      expect(text).toContain(levels[level - 1].en);
      expect(text).toContain('forgetGateForward is not implemented yet');
      expect(text).toContain(level < levels.length ? 'again for a more specific hint' : 'That was the last hint');
    }
    const state = JSON.parse(readFileSync(hintStateFile(kit), 'utf8')) as Record<string, { level: number }>;
    expect(Object.keys(state)).toEqual(['02-forget-gate/public-forward']);
    expect(state['02-forget-gate/public-forward'].level).toBe(levels.length);
  });

  it('a check that fails later has its own levels; a solved exercise needs none; Russian by default', async () => {
    copyFileSync(WRONG_BACKWARD_02, path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts'));
    const r = await nextHint({ kitRoot: kit, exercise: '02-forget-gate', checker });
    expect(r.check?.id).toBe('public-backward');
    expect(r.level).toBe(1);
    // The first hint is the diagnosis' own (the recognised mistake's), then the check's levels follow.
    const own = r.check?.hint?.ru ?? hintsOf('02-forget-gate')['public-backward'][0].ru;
    expect(r.lines.join('\n')).toContain(`Подсказка 1 из ${r.levels}:\n  ${own}`);
    copyFileSync(SOLVED_02, path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts'));
    const solved = await nextHint({ kitRoot: kit, exercise: '02', lang: 'en', checker });
    expect(solved.check).toBeNull();
    expect(solved.lines.join('\n')).toContain('Every public check of 02-forget-gate passes');
  });

  it('every public check of every exercise has 2 or 3 hints in both languages', () => {
    const catalog = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'course.json'), 'utf8')) as {
      exercises: { id: string; checks: { id: string; visibility: string }[] }[];
    };
    for (const e of catalog.exercises.filter((x) => x.id < '05')) {
      const book = readHints(PACKAGE_ROOT, e.id);
      for (const c of e.checks.filter((x) => x.visibility === 'public')) {
        expect(book[c.id]?.length, `${e.id}/${c.id}`).toBeGreaterThanOrEqual(2);
        expect(book[c.id].length).toBeLessThanOrEqual(3);
        for (const h of book[c.id]) expect(h.en.length > 20 && h.ru.length > 20).toBe(true);
      }
    }
  });

  it('a malformed hints.json names the file', () => {
    const bad = linkedKit();
    writeFileSync(path.join(bad, 'exercises', '02-forget-gate', 'hints.json'), '{"public-forward": "not a list"}');
    expect(() => readHints(bad, '02-forget-gate')).toThrow(
      new UsageError(
        `${path.join(bad, 'exercises', '02-forget-gate', 'hints.json')}: "public-forward" must be a non-empty list of {"en": …, "ru": …} hints (optionally with "about": [function names])`,
      ),
    );
  });
});

describe('gatelab watch', () => {
  it('checks everything, then the exercise saved, and stops when told', async () => {
    const kit = linkedKit();
    const stop = new AbortController();
    const runs: WatchRun[] = [];
    let output = '';
    let solved: () => void = () => undefined;
    const solvedRun = new Promise<void>((resolve) => (solved = resolve));
    const watching = watch({
      kitRoot: kit,
      exercise: '02',
      lang: 'en',
      signal: stop.signal,
      clear: false,
      write: (text) => void (output += text),
      onRun: (run) => {
        runs.push(run);
        if (runs.length === 1) copyFileSync(SOLVED_02, path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts'));
        if (run.exercise === '02-forget-gate' && run.report?.allPassed) solved();
      },
    });
    await solvedRun;
    stop.abort();
    await watching;
    expect(runs[0].exercise).toBeNull();
    expect(runs[0].report?.scored.exercises.length).toBeGreaterThanOrEqual(4);
    const last = runs.at(-1)?.report?.scored.checks ?? [];
    expect(last.length).toBeGreaterThanOrEqual(2);
    expect(last.every((c) => c.outcome === 'passed')).toBe(true);
    expect(output).toMatch(/Progress: ✗ 01 {2}✗ 02 {2}✗ 03 {2}✗ 04/);
    expect(output).toMatch(
      new RegExp(`Progress: ✗ 01 {2}✓ 02 {2}✗ 03 {2}✗ 04.* 1/\\d+ exercises · ${last.length}/\\d+ public checks`),
    );
    expect(output).toContain('forgetGateForward is not implemented yet');
    expect(output).toContain('All public checks pass');
  });
});

describe('gatelab submit', () => {
  it('refuses a file that does not compile or is missing, naming it, and writes nothing', async () => {
    const kit = linkedKit();
    writeFileSync(path.join(kit, 'exercises', '03-lstm-cell', 'lstm.ts'), 'export function lstmStep( {\n');
    rmSync(path.join(kit, 'exercises', '01-vanishing-gradient', 'answer.md'));
    const refused = await submit({ kitRoot: kit, student: 'ivanova', lang: 'en' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SubmissionRefused);
    const lines = (refused as SubmissionRefused).lines;
    expect(lines).toContain(
      '✗ exercises/01-vanishing-gradient/answer.md is missing. Restore it from the kit (the stub) and write your solution in it.',
    );
    expect(
      lines.filter((l) => /^✗ exercises\/03-lstm-cell\/lstm\.ts does not compile \(line \d+\): \S/.test(l)),
    ).toHaveLength(1);
    expect(existsSync(path.join(kit, 'submission.json'))).toBe(false);

    const anyway = await submit({ kitRoot: kit, student: 'ivanova', lang: 'en', anyway: true });
    expect(anyway.mode).toBe('archive');
    // The two refusals, and the warnings that exercise 05 has no trained model.json and 06 no experiment.json yet.
    expect(anyway.manifest.problems).toHaveLength(4);
    expect(anyway.manifest.problems.filter((p) => p.includes('model.json'))).toHaveLength(1);
    expect(anyway.manifest.problems.filter((p) => p.includes('experiment.json'))).toHaveLength(1);
  });

  it('in a git clone whose push fails: a clear message, the commit kept, exit code 1', async () => {
    const kit = linkedKit();
    await gitInit(kit);
    await simpleGit(kit).env(gitEnv()).addRemote('origin', path.join(kit, 'no-such-remote.git'));
    const r = await submit({ kitRoot: kit, lang: 'en', now: new Date('2026-12-20T20:00:00Z') });
    expect(r.mode).toBe('git');
    expect([r.ok, r.pushed]).toEqual([false, false]);
    expect(r.manifest.student).toBe('student@example.invalid');
    const text = r.lines.join('\n');
    expect(text).toContain(
      `Your work is committed locally (commit ${r.commit?.slice(0, 7)}) but the push to origin failed:`,
    );
    expect(text).toContain('then run: git push');
    expect(text).not.toMatch(/\n\s+at /);
    const log = await simpleGit(kit).env(gitEnv()).log();
    expect(log.latest?.message).toBe('submit: 2026-12-20T20:00:00.000Z');
    const committed = await simpleGit(kit).env(gitEnv()).show([`HEAD:submission.json`]);
    expect(JSON.parse(committed)).toEqual(r.manifest);
    for (const f of r.manifest.files) expect(f.sha256, f.path).toBe(sha256(path.join(kit, f.path)));
  });
});
