/**
 * Exercise 05 end to end: the example class's good, under-trained and leaky models (as grade-all graded the example
 * class, test/shared/results.ts), and model files a student could break or tamper with (through `grade`). Expected MAEs are recomputed here from the data with the reference, never
 * read from the grader's output.
 */
import { readFileSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeattle } from '../../datasets/weather';
import * as ref from '../../solutions/05-weather-forecaster/forecaster';
import { exampleResults } from '../shared/results';
import { byId, checksOf, copySubmission, EXAMPLES, fileRunner, gradeDir } from './helpers';

const EX = '05-weather-forecaster';
const modelOf = (student: string) => path.join(EXAMPLES, student, 'exercises', EX, 'model.json');
const grade05 = (dir: string, student: string) => gradeDir(dir, student, [EX]);
// One Vitest for the file's gradings: the concurrent tests share its runs (see fileRunner).
fileRunner();

/** The 2015 MAE of a model.json, and persistence's, by the reference. */
function testMae(file: string): { model: number; persistence: number } {
  const days = loadSeattle();
  const test = ref.makeWindows(days, ref.SPLIT.testFrom, ref.SPLIT.testTo);
  const { params, standardizer } = ref.fromModelJson(JSON.parse(readFileSync(file, 'utf8')) as ref.ModelJson);
  return {
    model: ref.mae(ref.predict(params, standardizer, test), test.y),
    persistence: ref.mae(ref.persistence(test), test.y),
  };
}

// Each case grades a submission (the example students' are read from the example class graded once per run, see
// test/shared/results.ts); on a loaded machine that takes minutes, so the time limit is generous.
describe.concurrent('grading the weather forecaster', { timeout: 900_000 }, () => {
  it('the perfect student: every check passes, the report has the table, the two plots and no review flag', async () => {
    const results = await exampleResults('s01-perfect');
    const checks = Object.values(checksOf(results, EX));
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.map((c) => [c.id, c.outcome]).filter(([, o]) => o !== 'passed')).toEqual([]);
    const summary = results.exercises.find((e) => e.id === EX);
    expect(summary?.score_milli).toBe(25_000);
    expect(summary?.plots?.map((p) => p.id).sort()).toEqual(['forecast-2015', 'training']);
    const { model, persistence } = testMae(path.join(EXAMPLES, 's01-perfect', 'exercises', EX, 'model.json'));
    expect(model).toBeLessThan(0.95 * persistence);
    const rows = summary?.tables?.[0].rows.map((r) => [r.label.en, r.cells[0]]);
    expect(rows).toContainEqual(['your model', `${model.toFixed(3)} °C`]);
    expect(rows).toContainEqual(['persistence (tomorrow = today)', `${persistence.toFixed(3)} °C`]);
    expect(results.integrity.filter((n) => n.kind === 'review')).toEqual([]);
  });

  it('an under-trained model: worse than persistence, no forecast points, and the diagnosis says by how much', async () => {
    const student = 's12-forecast-undertrained';
    const results = await exampleResults(student);
    const forecast = checksOf(results, EX).forecast;
    const { model, persistence } = testMae(modelOf(student));
    expect(model).toBeGreaterThan(persistence);
    expect(forecast.score_milli).toBe(0);
    expect(forecast.diagnosis?.en).toContain(`${model.toFixed(3)} °C`);
    expect(forecast.diagnosis?.en).toContain('full from 5 %');
    expect(forecast.diagnosis?.ru).toContain('полный балл от 5 %');
  });

  it('a model trained on the test year: caught by its statistics, no credit, flagged twice for review', async () => {
    const student = 's13-forecast-leaky';
    const results = await exampleResults(student);
    const { forecast, 'model-file': modelFile } = checksOf(results, EX);
    expect([forecast.score_milli, modelFile.score_milli]).toEqual([0, 0]);
    expect(modelFile.diagnosis?.en).toMatch(
      /computed with 2015, the test year \(statistics over every year\): the test year leaked/,
    );
    expect(modelFile.diagnosis?.ru).toMatch(/тестовый год просочился/);
    const { model, persistence } = testMae(modelOf(student));
    expect(1 - model / persistence).toBeGreaterThan(0.15);
    const flags = results.integrity.filter((n) => n.kind === 'review').map((n) => n.message.en);
    expect(flags).toEqual([expect.stringMatching(/include 2015/), expect.stringMatching(/possible leakage/)]);
  });

  it('partial credit grows linearly with the improvement between 0 % and 5 %', async () => {
    // Shrinking the head's weights pulls the forecast toward the training mean: the first factor that leaves some
    // improvement, but less than 5 %, makes a model worth part of the points.
    const dir = copySubmission(path.join(EXAMPLES, 's01-perfect'));
    const file = path.join(dir, 'exercises', EX, 'model.json');
    const original = readFileSync(file, 'utf8');
    let improvement = NaN;
    for (const factor of [0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6]) {
      const json = JSON.parse(original) as ref.ModelJson;
      json.weights.Wy = json.weights.Wy.map((row) => row.map((v) => v * factor));
      writeFileSync(file, JSON.stringify(json));
      const { model, persistence } = testMae(file);
      improvement = 1 - model / persistence;
      if (improvement < 0.045) break;
    }
    expect(improvement).toBeGreaterThan(0);
    expect(improvement).toBeLessThan(0.05);
    const { results } = await grade05(dir, 'shrunk');
    const forecast = byId(results).forecast;
    expect(forecast.outcome).toBe('partial');
    expect(forecast.score_milli).toBe(Math.floor((Math.floor((improvement / 0.05) * 100 + 1e-9) * 5000) / 100));
  });

  it('a broken or tampered model.json: a clear message naming the problem, and nothing for the model', async () => {
    const cases: [string, (json: ref.ModelJson) => unknown, RegExp][] = [
      [
        'NaN weights',
        (j) => ({
          ...j,
          weights: { ...j.weights, Wh: j.weights.Wh.map((r, i) => (i === 0 ? [NaN, ...r.slice(1)] : r)) },
        }),
        /weights\.Wh\[0\]\[0\]/,
      ],
      ['a wrong shape', (j) => ({ ...j, weights: { ...j.weights, Wy: j.weights.Wy.slice(1) } }), /Wy/],
    ];
    for (const [name, tamper, message] of cases) {
      const dir = copySubmission(path.join(EXAMPLES, 's01-perfect'));
      const file = path.join(dir, 'exercises', EX, 'model.json');
      writeFileSync(file, JSON.stringify(tamper(JSON.parse(readFileSync(file, 'utf8')) as ref.ModelJson)));
      const { results } = await grade05(dir, `tampered-${name.replace(/\W+/g, '-')}`);
      const { forecast, 'model-file': modelFile } = byId(results);
      expect([name, forecast.score_milli, modelFile.score_milli]).toEqual([name, 0, 0]);
      expect(modelFile.diagnosis?.en).toMatch(message);
      expect(byId(results).gradients.outcome).toBe('passed'); // the code itself is still graded on its own
    }
  });

  it('a model.json that is a symbolic link is not followed', async () => {
    const dir = copySubmission(path.join(EXAMPLES, 's01-perfect'));
    const file = path.join(dir, 'exercises', EX, 'model.json');
    rmSync(file);
    symlinkSync(path.join(EXAMPLES, 's01-perfect', 'exercises', EX, 'model.json'), file);
    const { results } = await grade05(dir, 'linked-model');
    expect(byId(results).forecast.score_milli).toBe(0);
    expect(byId(results)['model-file'].diagnosis?.en).toMatch(/not a plain file/);
  });

  it('statistics that deviate honestly (std over N − 1, a day of year shifted by one) are a note with their size, never a zero', async () => {
    const days = loadSeattle();
    const train = ref.makeWindows(days, days[0].date, ref.SPLIT.trainTo);
    const s = ref.fitStandardizer(train);
    const n = train.xs.length * train.y.rows;
    const shifted = days.map((d) => ({ ...d, date: ref.nextDay(d.date) }));
    const variants: [string, ref.Standardizer][] = [
      [
        'sample-std',
        {
          ...s,
          std: s.std.map((v) => v * Math.sqrt(n / (n - 1))),
          yStd: s.yStd * Math.sqrt(train.y.rows / (train.y.rows - 1)),
        },
      ],
      ['doy-shift', ref.fitStandardizer(ref.makeWindows(shifted, shifted[0].date, ref.SPLIT.trainTo))],
    ];
    for (const [name, stats] of variants) {
      const dir = copySubmission(path.join(EXAMPLES, 's01-perfect'));
      const file = path.join(dir, 'exercises', EX, 'model.json');
      const json = JSON.parse(readFileSync(file, 'utf8')) as ref.ModelJson;
      writeFileSync(file, JSON.stringify({ ...json, standardizer: { ...json.standardizer, ...stats } }));
      const { model, persistence } = testMae(file);
      expect(1 - model / persistence, name).toBeGreaterThan(0.05); // still a good model, scored with its own statistics
      const { results } = await grade05(dir, `honest-${name}`);
      const { forecast, 'model-file': modelFile } = byId(results);
      expect([name, forecast.score_milli, modelFile.score_milli]).toEqual([name, 5000, 1000]);
      const note = modelFile.notes?.[0];
      expect(note?.en, name).toMatch(
        /not exactly those of the training windows \(up to 2014-06-30\): the largest difference is [\d.]+ % of a standard deviation, in the ((standard deviation|mean) of \w+|target's (mean|standard deviation))\./,
      );
      expect(note?.en).toMatch(/no leak and costs nothing/);
      expect(note?.en).not.toMatch(/as train\.ts does/);
      expect(note?.ru).toMatch(/не утечка/);
      expect(results.integrity.filter((i) => i.kind === 'review')).toEqual([]);
    }
  });

  it('a 03 cell that fails 03 costs points in 03 only: 05 runs on the reference cell and says so once', async () => {
    const dir = copySubmission(path.join(EXAMPLES, 's01-perfect'));
    const cell = path.join(dir, 'exercises', '03-lstm-cell', 'lstm.ts');
    writeFileSync(cell, readFileSync(cell, 'utf8').replace('const h = o.mul(tanhC);', 'const h = o.mul(c);'));
    const { results } = await gradeDir(dir, 'broken-cell', ['03-lstm-cell', EX]);
    const score = (id: string) => results.exercises.find((e) => e.id === id)?.score_milli;
    expect(score('03-lstm-cell')).toBeLessThan(25_000);
    expect(score(EX)).toBe(25_000);
    const checks05 = results.tests.map((t) => t.gatelab).filter((c) => c.exercise === EX);
    const notes = checks05.flatMap((c) => c.notes ?? []);
    expect(notes.filter((n) => /ran your forecaster on the reference cell/.test(n.en))).toHaveLength(1);
    for (const c of checks05)
      expect(`${c.diagnosis?.en ?? ''} ${c.hint?.en ?? ''}`).not.toMatch(/early stopping|differs from the statement/);
  });

  it('a 03 cell that does not compile does not stop 05: it runs on the reference cell', async () => {
    const dir = copySubmission(path.join(EXAMPLES, 's01-perfect'));
    const cell = path.join(dir, 'exercises', '03-lstm-cell', 'lstm.ts');
    writeFileSync(cell, `${readFileSync(cell, 'utf8')}\nexport const broken = ;\n`);
    const { results } = await grade05(dir, 'cell-compile-error');
    expect(results.exercises.find((e) => e.id === EX)?.score_milli).toBe(25_000);
  });

  it('a standardize that refits on its input fails its check, with the reason, and nothing blames the training', async () => {
    const dir = copySubmission(path.join(EXAMPLES, 's01-perfect'));
    const code = path.join(dir, 'exercises', EX, 'forecaster.ts');
    writeFileSync(
      code,
      readFileSync(code, 'utf8').replace(
        'export function standardize(w: Windows, s: Standardizer): Windows {\n',
        'export function standardize(w: Windows, given: Standardizer): Windows {\n    const s = fitStandardizer(w);\n',
      ),
    );
    const { results } = await grade05(dir, 'refits');
    const checks = byId(results);
    expect(checks.standardize.outcome).not.toBe('passed');
    expect(checks.standardize.diagnosis?.en).toMatch(
      /standardize ignores the statistics it is given and fits new ones/,
    );
    for (const c of Object.values(checks))
      expect(`${c.diagnosis?.en ?? ''} ${c.hint?.en ?? ''}`).not.toMatch(/early stopping|differs from the statement/);
  });
});
