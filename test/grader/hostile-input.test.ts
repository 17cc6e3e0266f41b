/**
 * Hostile submissions aimed at what the grader reads (its input side), end to end through `grade`: oversized and
 * countless files, deep folders, links, pipes and odd names. Each ends in a results.json that says what happened;
 * work that is there is still graded; a submission over a bound is not graded and is told which bound and by how
 * much. Big and many-file cases are generated here in a temp folder (sparse files: no disk is used) and removed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { BOUNDS } from '../../grader/submission';
import { byId, EXAMPLES, fileRunner, gradeDir, readResults, tempDir } from './helpers';

const EX = '02-forget-gate';
const made: string[] = [];
// One Vitest for the file's gradings: the concurrent tests share its runs (see fileRunner).
fileRunner();
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The perfect student's exercise 02, changed by `change` (given the exercise folder). */
function hostile(change: (exercise: string) => void): string {
  const dir = tempDir('hostile-input');
  made.push(dir);
  const exercise = path.join(dir, 'exercises', EX);
  cpSync(path.join(EXAMPLES, 's01-perfect', 'exercises', EX), exercise, { recursive: true });
  change(exercise);
  return dir;
}

async function graded(dir: string, student: string): Promise<Results> {
  const { results, out } = await gradeDir(dir, student);
  made.push(out);
  // Whatever happened, the teacher has a results.json (validated against its schema as it was written) and feedback.
  expect(readResults(out).student).toBe(student);
  expect(existsSync(path.join(out, 'feedback.md'))).toBe(true);
  return results;
}

const sparse = (file: string, bytes: number) => {
  writeFileSync(file, '');
  truncateSync(file, bytes);
};
const fullMarks = (r: Results) => {
  const ex = r.exercises.find((e) => e.id === EX);
  expect(ex?.score_milli).toBe(ex?.max_milli);
};
const noteTexts = (r: Results) => r.integrity.map((n) => n.message.en).join('\n');
const notGraded = (r: Results, reason: RegExp) => {
  expect(r.final_milli).toBe(0);
  for (const t of r.tests) {
    expect(t.gatelab.outcome).toBe('error');
    expect(t.gatelab.diagnosis?.en).toMatch(/^Your submission was not graded: /);
    expect(t.gatelab.diagnosis?.en).toMatch(reason);
  }
  expect(r.integrity.find((n) => n.kind === 'review')?.message.en).toMatch(reason);
};

describe.concurrent('hostile input: bounds', () => {
  it('a 2 GB file beside the code: never read, named in a note, the work is graded', async () => {
    const r = await graded(
      hostile((ex) => sparse(path.join(ex, 'weights.bin'), 2 ** 31)),
      'oversized-file',
    );
    fullMarks(r);
    expect(noteTexts(r)).toContain(
      `exercises/${EX}/weights.bin is 2 147 483 648 bytes; the limit per file is 4 194 304 bytes, so it was not read.`,
    );
  });

  it("a 2 GB file in place of a protected file: a results.json, noted as tampered, graded with the kit's copy", async () => {
    const r = await graded(
      hostile((ex) => sparse(path.join(ex, 'fixtures.json'), 2 ** 31)),
      'oversized-protected',
    );
    fullMarks(r);
    expect(r.integrity.filter((n) => n.kind === 'tampered').map((n) => n.file)).toEqual([
      `exercises/${EX}/fixtures.json`,
    ]);
  });

  it('a source file over the source bound: not compiled, and the note says by how much', async () => {
    const r = await graded(
      hostile((ex) => writeFileSync(path.join(ex, 'forget-gate.ts'), `// ${'x'.repeat(BOUNDS.sourceBytes)}\n`)),
      'oversized-source',
    );
    expect(r.final_milli).toBe(0);
    expect(noteTexts(r)).toContain(
      `exercises/${EX}/forget-gate.ts is 524 292 bytes; a source file may be at most 524 288 bytes, so it was not graded.`,
    );
  });

  it('20 000 more files: not graded, told "20 001 files; the limit is 2 000"', async () => {
    const r = await graded(
      hostile((ex) => {
        for (let d = 0; d < 20; d++) {
          mkdirSync(path.join(ex, 'data', `d${d}`), { recursive: true });
          for (let i = 0; i < 1000; i++) writeFileSync(path.join(ex, 'data', `d${d}`, `f${i}.txt`), '');
        }
      }),
      'many-files',
    );
    // The 20 000 generated files and forget-gate.ts.
    notGraded(r, /20 001 files in the exercises folder; the limit is 2 000\./);
    expect(r.tests[0].gatelab.diagnosis?.ru).toMatch(/файлов в папке exercises: 20 001; предел — 2 000\./);
  });

  it('20 000 files inside node_modules: skipped unread, the work is graded', async () => {
    const r = await graded(
      hostile((ex) => {
        for (let d = 0; d < 20; d++) {
          mkdirSync(path.join(ex, 'node_modules', `p${d}`), { recursive: true });
          for (let i = 0; i < 1000; i++) writeFileSync(path.join(ex, 'node_modules', `p${d}`, `f${i}.js`), '');
        }
      }),
      'node-modules',
    );
    fullMarks(r);
  });

  it('more bytes in total than the bound (five 4 MB files): not graded, told by how much', async () => {
    const r = await graded(
      hostile((ex) => {
        for (let i = 0; i < 5; i++) sparse(path.join(ex, `part${i}.bin`), BOUNDS.fileBytes);
      }),
      'total-bytes',
    );
    notGraded(r, /\d[\d ]* bytes of files in the exercises folder; the limit is 16 777 216 bytes\./);
  });

  it('folders nested 200 deep: not graded, told how deep and where', async () => {
    const r = await graded(
      hostile((ex) => {
        const deep = path.join(ex, ...Array<string>(200).fill('d'));
        mkdirSync(deep, { recursive: true });
        writeFileSync(path.join(deep, 'deep.ts'), 'export {};\n');
      }),
      'deep-folders',
    );
    notGraded(r, /: folders nested 201 deep; the limit is 8\./);
  });

  it('a huge answer.md (1 MB): kept to 4 096 bytes for the TA and marked as cut', async () => {
    const dir = tempDir('hostile-input');
    made.push(dir);
    const exercise = path.join(dir, 'exercises', '01-vanishing-gradient');
    cpSync(path.join(EXAMPLES, 's01-perfect', 'exercises', '01-vanishing-gradient'), exercise, { recursive: true });
    writeFileSync(path.join(exercise, 'answer.md'), 'The gate keeps the gradient. '.repeat(40_000));
    const { results, out } = await gradeDir(dir, 'huge-answer', ['01-vanishing-gradient']);
    made.push(out);
    const text = results.exercises[0].answers?.[0].text ?? '';
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(BOUNDS.answerBytes + 10);
    expect(text.endsWith('[…]')).toBe(true);
    expect(results.exercises[0].score_milli).toBe(results.exercises[0].max_milli);
  });

  it('a 2 GB answer.md: never read, no answer shown, a note saying why', async () => {
    const dir = tempDir('hostile-input');
    made.push(dir);
    const exercise = path.join(dir, 'exercises', '01-vanishing-gradient');
    cpSync(path.join(EXAMPLES, 's01-perfect', 'exercises', '01-vanishing-gradient'), exercise, { recursive: true });
    sparse(path.join(exercise, 'answer.md'), 2 ** 31);
    const { results, out } = await gradeDir(dir, 'answer-2gb', ['01-vanishing-gradient']);
    made.push(out);
    expect(results.exercises[0].answers?.[0].text).toBe('');
    expect(noteTexts(results)).toContain(
      'exercises/01-vanishing-gradient/answer.md is 2 147 483 648 bytes; the limit per file is 4 194 304 bytes, so it was not read.',
    );
  });

  it('a model.json nested 100 000 deep: the model check says how deep, the code is still graded', async () => {
    const dir = tempDir('hostile-input');
    made.push(dir);
    for (const ex of ['03-lstm-cell', '05-weather-forecaster'])
      cpSync(path.join(EXAMPLES, 's01-perfect', 'exercises', ex), path.join(dir, 'exercises', ex), { recursive: true });
    writeFileSync(
      path.join(dir, 'exercises', '05-weather-forecaster', 'model.json'),
      `{"weights":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    );
    const { results, out } = await gradeDir(dir, 'deep-model', ['05-weather-forecaster']);
    made.push(out);
    expect(byId(results)['model-file'].score_milli).toBe(0);
    expect(byId(results)['model-file'].diagnosis?.en).toBe(
      'model.json nests arrays and objects 100 001 deep; the limit is 32. Hand in the file train.ts writes, unedited.',
    );
    expect(byId(results).gradients.outcome).toBe('passed');
  });
});

describe.concurrent('hostile input: links, pipes and names', () => {
  it('the module is a link to /dev/zero: not followed, no hang, noted', async () => {
    const r = await graded(
      hostile((ex) => {
        rmSync(path.join(ex, 'forget-gate.ts'));
        symlinkSync('/dev/zero', path.join(ex, 'forget-gate.ts'));
      }),
      'link-dev-zero',
    );
    expect(r.final_milli).toBe(0);
    expect(noteTexts(r)).toContain(
      `exercises/${EX}/forget-gate.ts is a symbolic link (to /dev/zero); links are never followed`,
    );
  });

  it('a helper linked to /proc/self/environ and a link loop: neither is followed, the work is graded', async () => {
    const r = await graded(
      hostile((ex) => {
        symlinkSync('/proc/self/environ', path.join(ex, 'environ.ts'));
        symlinkSync('loop-b.ts', path.join(ex, 'loop-a.ts'));
        symlinkSync('loop-a.ts', path.join(ex, 'loop-b.ts'));
      }),
      'link-proc-loop',
    );
    fullMarks(r);
    expect(
      r.integrity
        .filter((n) => /symbolic link/.test(n.message.en))
        .map((n) => n.file)
        .sort(),
    ).toEqual(['environ.ts', 'loop-a.ts', 'loop-b.ts'].map((f) => `exercises/${EX}/${f}`));
  });

  it('the exercise folder is a link to the reference solution: not followed, nothing earned', async () => {
    const dir = tempDir('hostile-input');
    made.push(dir);
    mkdirSync(path.join(dir, 'exercises'));
    symlinkSync(path.join(PACKAGE_ROOT, 'solutions', EX), path.join(dir, 'exercises', EX));
    const r = await graded(dir, 'link-to-solutions');
    expect(r.final_milli).toBe(0);
    expect(byId(r).forward.outcome).toBe('missing');
  });

  it('a FIFO as the module and another in place of a protected file: no hang, noted', async () => {
    const r = await graded(
      hostile((ex) => {
        rmSync(path.join(ex, 'forget-gate.ts'));
        execFileSync('mkfifo', [path.join(ex, 'forget-gate.ts'), path.join(ex, 'forget-gate.test.ts')]);
      }),
      'fifo',
    );
    expect(r.final_milli).toBe(0);
    expect(noteTexts(r)).toContain(`exercises/${EX}/forget-gate.ts is not a regular file`);
    expect(r.integrity.filter((n) => n.kind === 'tampered').map((n) => n.file)).toEqual([
      `exercises/${EX}/forget-gate.test.ts`,
    ]);
  });

  it('a folder in place of the module: no crash, the module is missing', async () => {
    const r = await graded(
      hostile((ex) => {
        rmSync(path.join(ex, 'forget-gate.ts'));
        mkdirSync(path.join(ex, 'forget-gate.ts'));
        writeFileSync(path.join(ex, 'forget-gate.ts', 'index.ts'), 'export const sigmoid = () => 1;\n');
      }),
      'folder-module',
    );
    expect(r.final_milli).toBe(0);
    expect(byId(r).forward.outcome).toBe('missing');
  });

  it('file names with bytes that are not UTF-8, a line break and a terminal escape: graded, shown escaped', async () => {
    const r = await graded(
      hostile((ex) => {
        writeFileSync(Buffer.from(`${ex}/odd-\xff\xfe.ts`, 'latin1'), 'export {};\n');
        writeFileSync(path.join(ex, 'evil\n\u001b[31mname.ts'), 'export {};\n');
        sparse(path.join(ex, 'big\u001b[2J.bin'), BOUNDS.fileBytes + 1);
      }),
      'odd-names',
    );
    fullMarks(r);
    const notes = noteTexts(r) + r.integrity.map((n) => n.file ?? '').join('\n');
    expect(notes).toContain('not a regular file (a pipe, a device, or a name that cannot be read)');
    expect(notes).toContain('big\\x1b[2J.bin is 4 194 305 bytes');
    // eslint-disable-next-line no-control-regex
    expect(notes).not.toMatch(/\u001b/);
  });
});
