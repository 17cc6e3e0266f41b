/**
 * Hostile submissions, end to end through `grade`: each earns nothing it did not compute, ends in
 * a written result with a clear reason, and leaves the grader and every other file untouched.
 */
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { byId, copySubmission, EXAMPLES, fileRunner, gradeDir, readResults, SUBMISSIONS, tempDir } from './helpers';

const sub = (name: string) => path.join(SUBMISSIONS, name);
const notes = (r: Results) => r.integrity.map((n) => n.kind);
const outcomes = (r: Results) => new Set(r.tests.map((t) => t.gatelab.outcome));
const kitFiles = () => readdirSync(path.join(PACKAGE_ROOT, 'solutions', '02-forget-gate')).sort();
const kitBefore = kitFiles();
// One Vitest for the file's gradings: the concurrent tests share its runs (see fileRunner).
fileRunner();

afterAll(() => {
  // Nothing was written into the kit by any submission.
  expect(kitFiles()).toEqual(kitBefore);
  expect(existsSync(path.join(SUBMISSIONS, 'escape-attempts', 'pwned.txt'))).toBe(false);
});

describe.concurrent('hostile submissions', () => {
  it('exits the process at import: a crash, zero points, a note', async () => {
    const { results, out } = await gradeDir(sub('exit-at-import'));
    expect(readResults(out).final_milli).toBe(0);
    expect([...outcomes(results)].every((o) => o === 'crashed' || o === 'timeout' || o === 'error')).toBe(true);
    expect(notes(results)).toContain('process-exit');
  });

  it('loops forever (sync): timeouts, zero points', async () => {
    const { results } = await gradeDir(sub('loop-sync'));
    expect(results.final_milli).toBe(0);
    expect(outcomes(results)).toEqual(new Set(['timeout']));
    expect(notes(results)).toContain('timeout');
  });

  it('loops forever (async): timeouts, zero points', async () => {
    const { results } = await gradeDir(sub('loop-async'));
    expect(results.final_milli).toBe(0);
    expect(outcomes(results)).toEqual(new Set(['timeout']));
  });

  it('allocates until memory runs out: out-of-memory, zero points', async () => {
    const { results } = await gradeDir(sub('memory-hog'));
    expect(results.final_milli).toBe(0);
    expect(outcomes(results).has('out-of-memory')).toBe(true);
    expect(notes(results)).toContain('out-of-memory');
  });

  it('patches Math, Number, Array.prototype and friends: the trusted comparisons are not fooled', async () => {
    const { results } = await gradeDir(sub('patch-globals'));
    expect(results.final_milli).toBe(0);
    expect(notes(results)).toContain('global-patch');
    // The grader's own globals are intact.
    expect(Math.abs(-1)).toBe(1);
    expect([1, 2].every((v) => v === 1)).toBe(false);
  });

  it('writes outside its folder, starts processes, reads the hidden suite, signals the grader: all blocked', async () => {
    const target = path.join(tempDir('pwned'), 'x');
    const copy = copySubmission(sub('escape-attempts'));
    const file = path.join(copy, 'exercises', '02-forget-gate', 'forget-gate.ts');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace("process.env.GATELAB_PWNED ?? '/tmp/gatelab-pwned'", JSON.stringify(target)),
    );
    const { results } = await gradeDir(copy, 'escape-attempts');
    expect(results.final_milli).toBe(0);
    expect(existsSync(`${target}-write`)).toBe(false);
    expect(existsSync(`${target}-spawn`)).toBe(false);
    expect(existsSync(path.join(copy, 'exercises', 'pwned.txt'))).toBe(false);
    const sigmoid = byId(results).sigmoid;
    // Every attempt failed inside the sandbox (the student's own error message lists them).
    // Every attempt on files and processes failed inside the sandbox (the student's own error lists them).
    // Signals stay inside the sandbox's PID namespace, where they can only reach the sandbox itself.
    for (const name of ['write', 'write-up', 'spawn', 'read-hidden']) {
      expect(sigmoid.diagnosis?.en).toMatch(new RegExp(`${name}: Access to this API has been restricted`));
    }
    expect(notes(results)).toEqual(expect.arrayContaining(['forbidden-import', 'access-denied']));
    // And this process, the grader's, is alive to run the assertions.
    expect(process.pid).toBeGreaterThan(0);
  });

  it('returns throwing getters, functions, wrong shapes and non-numbers: zero points with clear reasons', async () => {
    const { results } = await gradeDir(sub('bad-returns'));
    expect(results.final_milli).toBe(0);
    const checks = byId(results);
    expect(checks.sigmoid.diagnosis?.en).toMatch(/cannot be read back|not a matrix|should be/);
    const diff = checks['public-forward'].diffs[0];
    expect(diff.quantity).toBe('f');
    expect(diff.actualShape).toEqual([...diff.expectedShape].reverse());
    expect(checks.retention.diagnosis?.en).toMatch(/should be a number|cannot be read back/);
  });

  it('hard-codes the public examples: earns nothing when graded', async () => {
    const copy = copySubmission(sub('hard-coded'));
    const file = path.join(copy, 'exercises', '02-forget-gate', 'forget-gate.ts');
    const fixtures = readFileSync(path.join(PACKAGE_ROOT, 'exercises', '02-forget-gate', 'fixtures.json'), 'utf8');
    writeFileSync(file, readFileSync(file, 'utf8').replace('__FIXTURES__', fixtures.trim()));
    const { results } = await gradeDir(copy, 'hard-coded');
    expect(byId(results)['public-forward'].score_milli).toBe(0);
    expect(byId(results)['public-backward'].score_milli).toBe(0);
    expect(results.final_milli).toBe(0);
  });

  it('imports and reads the reference: blocked, zero points, noted', async () => {
    const { results } = await gradeDir(path.join(EXAMPLES, 's06-reads-reference'));
    expect(results.final_milli).toBe(0);
    expect(notes(results)).toContain('forbidden-import');
    expect(byId(results).forward.outcome).toBe('error');
  });

  it('links its file to the reference: the link is not followed', async () => {
    const { results } = await gradeDir(sub('symlink-to-reference'));
    expect(results.final_milli).toBe(0);
    expect(results.integrity.some((n) => n.message.en.includes('symbolic link'))).toBe(true);
    expect(byId(results).forward.outcome).toBe('missing');
  });

  it('edits the protected public test and toolkit: graded with the originals, noted as tampered', async () => {
    const copy = tempDir('tampered');
    cpSync(path.join(EXAMPLES, 's01-perfect'), copy, { recursive: true });
    const exercises = path.join(copy, 'exercises');
    cpSync(path.join(PACKAGE_ROOT, 'exercises', 'lib'), path.join(exercises, 'lib'), { recursive: true });
    cpSync(
      path.join(PACKAGE_ROOT, 'exercises', '02-forget-gate', 'forget-gate.test.ts'),
      path.join(exercises, '02-forget-gate', 'forget-gate.test.ts'),
    );
    writeFileSync(path.join(exercises, '02-forget-gate', 'forget-gate.test.ts'), '// all checks pass, promise\n');
    writeFileSync(
      path.join(exercises, 'lib', 'matrix.ts'),
      readFileSync(path.join(exercises, 'lib', 'matrix.ts'), 'utf8') + '\n// changed\n',
    );
    const { results } = await gradeDir(copy, 'tampered');
    const tampered = results.integrity.filter((n) => n.kind === 'tampered').map((n) => n.file);
    expect(tampered.sort()).toEqual(['exercises/02-forget-gate/forget-gate.test.ts', 'exercises/lib/matrix.ts']);
    expect(byId(results)['public-forward'].outcome).toBe('passed');
    rmSync(copy, { recursive: true, force: true });
  });
});
