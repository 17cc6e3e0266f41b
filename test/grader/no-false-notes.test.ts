/**
 * What the kit ships is never an integrity note: 05's declared import of 03's cell (course.json `requires`)
 * and 05's training script (which ends its process on bad arguments and reads the dataset) are the kit's,
 * not the student's. What a student adds to those files still is.
 */
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogMaxMilli, loadCatalog } from '../../grader/shared/catalog';
import { compileSubmission, scanSource } from '../../grader/grade/compile';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { writeRunner } from '../../grader/sandbox';
import { exampleResults } from '../shared/results';
import { EXAMPLES, tempDir } from './helpers';

const KIT_EXERCISES = path.join(PACKAGE_ROOT, 'exercises');
const FORECASTER = '05-weather-forecaster';
const catalog = loadCatalog(PACKAGE_ROOT);

/** A submission with the perfect example's files plus the kit's own training script (as a released kit has it). */
function submissionWithTrainScript(edit?: (train: string) => string): string {
  const dir = tempDir('notes');
  cpSync(path.join(EXAMPLES, 's01-perfect', 'exercises'), dir, { recursive: true });
  const train = path.join(dir, FORECASTER, 'train.ts');
  copyFileSync(path.join(KIT_EXERCISES, FORECASTER, 'train.ts'), train);
  if (edit) writeFileSync(train, edit(readFileSync(train, 'utf8')));
  return dir;
}

async function compileNotes(exercisesDir: string): Promise<string[]> {
  const work = tempDir('notes-stage');
  const runtime = path.join(work, 'runtime');
  mkdirSync(path.join(runtime, 'lib'), { recursive: true });
  writeFileSync(path.join(runtime, 'lib', 'matrix.js'), '');
  writeRunner(runtime);
  const { notes } = await compileSubmission({
    exercisesDir,
    staging: path.join(work, 'staging'),
    runtimeDir: runtime,
    catalog,
    kitExercisesDir: KIT_EXERCISES,
  });
  return notes.map((n) => `${n.kind} ${n.file}: ${n.message.en}`);
}

describe('files and imports the kit ships', () => {
  it('an import of an exercise this one requires is allowed; of another one it is not', () => {
    const rel = `${FORECASTER}/forecaster.ts`;
    const source = 'require("../03-lstm-cell/lstm")';
    expect(scanSource(rel, source, source, ['03-lstm-cell'])).toEqual([]);
    expect(scanSource(rel, source, source, []).map((n) => n.kind)).toEqual(['forbidden-import']);
    const other = 'require("../04-gru-cell/gru")';
    expect(scanSource(rel, other, other, ['03-lstm-cell']).map((n) => n.kind)).toEqual(['forbidden-import']);
  });

  it("the kit's own training script is no note, but what a student adds to it is", { timeout: 300_000 }, async () => {
    expect(await compileNotes(submissionWithTrainScript())).toEqual([]);
    const added = await compileNotes(submissionWithTrainScript((t) => `${t}\nprocess.kill(process.ppid);\n`));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^access-denied exercises\/05-weather-forecaster\/train\.ts: uses process\.kill/);
  });

  it('grading the perfect and the untouched example gives zero integrity notes', async () => {
    // The example class as grade-all grades it (test/shared/results.ts), with generous limits: under load, tight
    // limits could turn a slow call into a (true) timeout note.
    const [perfect, untouched] = await Promise.all([exampleResults('s01-perfect'), exampleResults('s02-untouched')]);
    expect(perfect.integrity).toEqual([]);
    expect(untouched.integrity).toEqual([]);
    expect(perfect.final_milli).toBe(perfect.max_milli);
    expect(perfect.max_milli).toBe(catalogMaxMilli(catalog));
    expect(perfect.sandbox?.ran).toBe(true);
  });
});
