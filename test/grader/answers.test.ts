// The free-text answers course.json asks for: read as plain text in the trusted process, never through a symbolic
// link or from anything but a regular file, cut at 4 KB, with the kit's template lines (the question) dropped.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../grader/shared/catalog';
import { readAnswers } from '../../grader/grade';
import { tempDir } from './helpers';

const EXERCISE = '01-vanishing-gradient';
const QUESTION = { en: 'Why does the gated path keep the gradient?', ru: 'Почему путь с вентилем сохраняет градиент?' };
const TEMPLATE = '<!-- Write your answer below the line. -->\n\n**Question.** Why?\n\n---\n\n';

const catalog = {
  exercises: [
    {
      id: EXERCISE,
      title: { en: '01', ru: '01' },
      modules: ['vanishing.ts'],
      points: 1,
      answers: [{ file: 'answer.md', question: QUESTION }],
      checks: [],
    },
    { id: '02-forget-gate', title: { en: '02', ru: '02' }, modules: ['forget-gate.ts'], points: 1, checks: [] },
  ],
} as unknown as Catalog;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A kit with the answer template, and a submission whose exercise folder `prepare` fills. */
function setup(prepare: (exerciseDir: string) => void): string {
  const kit = tempDir('kit');
  const submission = tempDir('answers');
  dirs.push(kit, submission);
  mkdirSync(path.join(kit, 'exercises', EXERCISE), { recursive: true });
  writeFileSync(path.join(kit, 'exercises', EXERCISE, 'answer.md'), TEMPLATE);
  const dir = path.join(submission, EXERCISE);
  mkdirSync(dir);
  prepare(dir);
  const answers = readAnswers(kit, submission, catalog)[EXERCISE];
  expect(answers).toHaveLength(1);
  expect(answers[0].question).toEqual(QUESTION);
  return answers[0].text;
}

describe('readAnswers', () => {
  it('keeps what the student wrote and drops the template around it', () => {
    const text = setup((dir) =>
      writeFileSync(path.join(dir, 'answer.md'), `${TEMPLATE}Because f stays near 1.\r\nSo it survives.\n`),
    );
    expect(text).toBe('Because f stays near 1.\nSo it survives.');
  });

  it('reads an untouched template, or no file at all, as no answer', () => {
    expect(setup((dir) => writeFileSync(path.join(dir, 'answer.md'), TEMPLATE))).toBe('');
    expect(setup(() => undefined)).toBe('');
  });

  it('collects answers only for exercises that ask for them', () => {
    const kit = tempDir('kit');
    dirs.push(kit);
    expect(Object.keys(readAnswers(kit, kit, catalog))).toEqual([EXERCISE]);
  });

  it('does not follow a symbolic link, to a file or to the exercise folder', () => {
    const secret = path.join(tempDir('secret'), 'secret.md');
    dirs.push(path.dirname(secret));
    writeFileSync(secret, 'the reference solution');
    expect(setup((dir) => symlinkSync(secret, path.join(dir, 'answer.md')))).toBe('');
    const kit = tempDir('kit');
    const submission = tempDir('answers');
    dirs.push(kit, submission);
    mkdirSync(path.dirname(secret) + '/ex');
    writeFileSync(path.join(path.dirname(secret), 'ex', 'answer.md'), 'the reference solution');
    symlinkSync(path.join(path.dirname(secret), 'ex'), path.join(submission, EXERCISE));
    expect(readAnswers(kit, submission, catalog)[EXERCISE][0].text).toBe('');
  });

  it('does not block on a named pipe, and ignores a folder of that name', () => {
    expect(setup((dir) => execFileSync('mkfifo', [path.join(dir, 'answer.md')]))).toBe('');
    expect(setup((dir) => mkdirSync(path.join(dir, 'answer.md')))).toBe('');
  });

  it('cuts a long answer at 4 KB without splitting a character, and says so', () => {
    // One ASCII byte first, so that byte 4096 falls in the middle of a two-byte 'ж'.
    const text = setup((dir) => writeFileSync(path.join(dir, 'answer.md'), 'a' + 'ж'.repeat(5000)));
    expect(text.endsWith(' […]')).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(text.slice(0, -4)).toBe('a' + 'ж'.repeat(2047));
  });

  it('drops control characters but keeps tabs and line breaks', () => {
    const text = setup((dir) => writeFileSync(path.join(dir, 'answer.md'), 'a\u0007b\u001b[31m\tc\nd'));
    expect(text).toBe('ab[31m\tc\nd');
  });
});
