// model.json: what the reference writes passes the checks and reads back to the same model; each kind of broken
// file (missing, not JSON, a NaN weight, a wrong shape, a ragged row, an unknown field, a changed architecture, an
// inconsistent history, too large) gives its own problem code and a one-line message in both languages; and
// standardizerOrigin tells statistics of the training period from statistics that saw 2015.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAIN_OPTIONS,
  SPLIT,
  fitStandardizer,
  fromModelJson,
  makeWindows,
  predict,
  standardize,
  toModelJson,
  train,
  type ModelJson,
} from '../../solutions/05-weather-forecaster/forecaster';
import {
  MAX_MODEL_BYTES,
  readModelFile,
  standardizerOrigin,
  validateModelJson,
  type ModelCheck,
} from '../../grader/forecast/model-file';
import { loadSeattle } from '../../datasets/weather';

const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-model-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const days = loadSeattle();
const trainW = makeWindows(days, days[0].date, SPLIT.trainTo);
const valW = makeWindows(days, SPLIT.valFrom, SPLIT.valTo);
const testW = makeWindows(days, SPLIT.testFrom, SPLIT.testTo);
const s = fitStandardizer(trainW);
const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: 2 };
const result = train({ train: standardize(trainW, s), val: standardize(valW, s) }, options);
const written = JSON.stringify(toModelJson(result.params, s, result, options, '0.1.0'));
const fresh = (): ModelJson => JSON.parse(written) as ModelJson;

function problems(check: ModelCheck) {
  expect(check.ok).toBe(false);
  if (check.ok) throw new Error('unreachable');
  for (const p of check.problems) {
    for (const text of [p.message.en, p.message.ru]) {
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toContain('\n');
    }
  }
  return check.problems;
}

describe('model.json', () => {
  it('the reference writes a file that passes every check and reads back to the same forecasts', () => {
    const file = path.join(work, 'model.json');
    writeFileSync(file, written);
    const check = readModelFile(file);
    expect(check.ok, JSON.stringify(check)).toBe(true);
    if (!check.ok) return;
    const { params, standardizer } = fromModelJson(check.model as ModelJson);
    expect(standardizer).toEqual(s);
    expect(predict(params, standardizer, testW).toArray()).toEqual(predict(result.params, s, testW).toArray());
    expect(check.model.architecture.hidden).toBe(16);
    expect(check.model.training.history.val).toHaveLength(2);
  });

  it('a missing file, text that is not JSON and an oversized file each give their code', () => {
    expect(problems(readModelFile(path.join(work, 'nothing.json')))[0].code).toBe('missing');
    const broken = path.join(work, 'broken.json');
    writeFileSync(broken, written.slice(0, 1000));
    expect(problems(readModelFile(broken))[0].code).toBe('not-json');
    const big = path.join(work, 'big.json');
    writeFileSync(big, ' '.repeat(MAX_MODEL_BYTES) + written);
    expect(problems(readModelFile(big))[0].code).toBe('too-large');
  });

  it('a weight that was NaN (written by JSON.stringify as null) is named, with the advice to retrain', () => {
    const m = fresh();
    m.weights.Wh[3][7] = NaN;
    const [p] = problems(validateModelJson(JSON.parse(JSON.stringify(m))));
    expect(p.code).toBe('not-finite');
    expect(p.at).toBe('weights.Wh[3][7]');
    expect(p.message.en).toMatch(/NaN or Infinity/);
  });

  it('shapes must follow the architecture, rows must not be ragged', () => {
    const m = fresh();
    m.weights.Wy.pop();
    const [p] = problems(validateModelJson(m));
    expect(p.code).toBe('shape');
    expect(p.message.en).toContain(
      'weights.Wy is 15×1 but an LSTM with 6 features and hidden = 16 (architecture.hidden) needs 16×1',
    );
    const hidden = fresh();
    hidden.architecture.hidden = 8;
    expect(problems(validateModelJson(hidden)).map((q) => q.at)).toEqual([
      'weights.Wx',
      'weights.Wh',
      'weights.b',
      'weights.Wy',
    ]);
    const ragged = fresh();
    ragged.weights.Wx[2].push(0.5);
    expect(problems(validateModelJson(ragged))[0].at).toBe('weights.Wx[2]');
  });

  it('the schema fixes the architecture and the fields', () => {
    const window = fresh() as unknown as { architecture: { window: number } };
    window.architecture.window = 14;
    const [p] = problems(validateModelJson(window));
    expect([p.code, p.at]).toEqual(['schema', 'architecture.window']);
    expect(p.message.en).toContain('must be 7 (got 14)');
    const extra = { ...fresh(), testMae: 1.2 };
    expect(problems(validateModelJson(extra))[0].at).toBe('testMae');
    const { standardizer: _dropped, ...noStats } = fresh();
    expect(problems(validateModelJson(noStats))[0].at).toBe('standardizer');
    const zeroStd = fresh();
    zeroStd.standardizer.std[2] = 0;
    expect(problems(validateModelJson(zeroStd))[0].at).toBe('standardizer.std[2]');
  });

  it('the history has one training and one validation loss per epoch and contains the best epoch', () => {
    const short = fresh();
    short.training.history.val.pop();
    expect(problems(validateModelJson(short))[0].code).toBe('history');
    const late = fresh();
    late.training.bestEpoch = 3;
    expect(problems(validateModelJson(late))[0].at).toBe('training.bestEpoch');
  });
});

describe('standardizerOrigin', () => {
  const everything = makeWindows(days, days[0].date, SPLIT.testTo);
  const candidates = { training: s, allYears: fitStandardizer(everything) };

  it('recognises training statistics and statistics computed over every year', () => {
    const honest = standardizerOrigin(fresh().standardizer, candidates);
    expect(honest.nearest).toBe('training');
    expect(honest.distances.allYears).toBeGreaterThan(0.01);
    expect(standardizerOrigin(candidates.allYears, candidates).nearest).toBe('allYears');
  });

  it('names no candidate for statistics of some other period', () => {
    const other = fitStandardizer(makeWindows(days, days[0].date, SPLIT.valTo)); // training + validation
    const verdict = standardizerOrigin(other, candidates);
    expect(verdict.nearest).toBeNull();
    expect(verdict.distances.training).toBeGreaterThan(1e-3);
  });
});
