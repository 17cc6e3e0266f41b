/**
 * Reading and checking a student's model.json (exercise 05) before anything evaluates it.
 *
 * A missing, malformed or tampered file is a result, never an exception: readModelFile returns either the model or
 * a list of problems, each with a code, the place in the file and a one-line message in English and Russian that
 * says what is wrong and how to fix it. The checks, in order:
 *   1. the file exists, is at most MAX_MODEL_BYTES and parses as JSON;
 *   2. no number is null (JSON.stringify writes NaN and ±Infinity as null: the telltale of a diverged training);
 *   3. grader/schemas/model.schema.json (ajv, draft 2020-12): fields, types, the fixed architecture, the split;
 *   4. shapes consistent with the architecture (Wx 6×4H, Wh H×4H, b 1×4H, Wy H×1, by 1×1, no ragged rows), and a
 *      training history whose two series have one entry per epoch and contain the best epoch.
 * Whether the standardisation statistics came from the training period is a separate question with data in hand:
 * standardizerOrigin compares them with candidates the caller computes (e.g. training only, all years).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { readFileSync, statSync } from 'node:fs';
import type { Localized } from '../shared/results';
import { compileSchemaObject } from '../schemas';
import modelSchema from '../schemas/model.schema.json';

export const MAX_MODEL_BYTES = 5_000_000;
const PARAMS = ['Wx', 'Wh', 'b', 'Wy', 'by'] as const;

/** Standardisation statistics as model.json stores them. */
export interface ModelStandardizer {
  mean: number[];
  std: number[];
  yMean: number;
  yStd: number;
}

/** model.json (the same shape as ModelJson in solutions/05-weather-forecaster/forecaster.ts; a test keeps them in step). */
export interface ModelFile {
  format: 'gatelab-forecaster';
  formatVersion: 1;
  kitVersion: string;
  architecture: { cell: 'lstm'; features: string[]; window: number; hidden: number; target: 'temp_max'; horizon: 1 };
  standardizer: ModelStandardizer;
  weights: Record<(typeof PARAMS)[number], number[][]>;
  training: {
    seed: number;
    options: { hidden: number; epochs: number; batchSize: number; lr: number; clip: number | null; patience: number; seed: number };
    bestEpoch: number;
    history: { train: number[]; val: number[] };
    split: { trainTo: string; valFrom: string; valTo: string; testFrom: string; testTo: string };
  };
}

export type ModelProblemCode = 'missing' | 'unreadable' | 'too-large' | 'not-json' | 'not-finite' | 'schema' | 'shape' | 'history';

export interface ModelProblem {
  code: ModelProblemCode;
  /** Where in the file, e.g. `weights.Wx[3][2]`; empty for the file as a whole. */
  at: string;
  message: Localized;
}

export type ModelCheck = { ok: true; model: ModelFile } | { ok: false; problems: ModelProblem[] };

const REWRITE = {
  en: 'write the file with toModelJson, as train.ts does, and do not edit it by hand',
  ru: 'запишите файл функцией toModelJson, как это делает train.ts, и не правьте его вручную',
};

function problem(code: ModelProblemCode, at: string, en: string, ru: string): ModelProblem {
  return { code, at, message: { en, ru } };
}

/** Reads and checks a model.json; `shownAs` names it in messages (default: the path as given). */
export function readModelFile(file: string, shownAs = file): ModelCheck {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return fail(problem('missing', '',
      `${shownAs} is missing: train your model (npm run train) and hand in the model.json it writes`,
      `${shownAs} не найден: обучите модель (npm run train) и сдайте записанный ею model.json`));
  }
  if (size > MAX_MODEL_BYTES) {
    return fail(problem('too-large', '',
      `${shownAs} is ${size} bytes, more than the ${MAX_MODEL_BYTES} allowed: a 16-unit model takes about 30 kB; ${REWRITE.en}`,
      `${shownAs} занимает ${size} байт, больше допустимых ${MAX_MODEL_BYTES}: модель из 16 нейронов занимает около 30 КБ; ${REWRITE.ru}`));
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return fail(problem('unreadable', '', `${shownAs} cannot be read (${why})`, `${shownAs} не читается (${why})`));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const why = (err as Error).message;
    return fail(problem('not-json', '', `${shownAs} is not valid JSON (${why}); ${REWRITE.en}`, `${shownAs} — не корректный JSON (${why}); ${REWRITE.ru}`));
  }
  return validateModelJson(data, shownAs);
}

/** Checks parsed model.json data (steps 2–4 above). */
export function validateModelJson(data: unknown, shownAs = 'model.json'): ModelCheck {
  const nulls = findNulls(data);
  if (nulls.length > 0) {
    const more = nulls.length > 1 ? ` (and ${nulls.length - 1} more)` : '';
    const moreRu = nulls.length > 1 ? ` (и ещё ${nulls.length - 1})` : '';
    return fail(problem('not-finite', nulls[0],
      `${shownAs}: ${nulls[0]} is null${more}: the number was NaN or Infinity when the file was written (JSON.stringify writes those as null), ` +
        'so the training diverged; lower the learning rate or clip the gradients and train again',
      `${shownAs}: ${nulls[0]} равно null${moreRu}: при записи там было NaN или Infinity (JSON.stringify записывает их как null), ` +
        'то есть обучение разошлось; уменьшите шаг обучения или ограничьте норму градиента и обучите модель заново'));
  }
  const validate = schemaValidator();
  if (!validate(data)) return fail(fromAjv(validate.errors?.[0], data, shownAs));
  const model = data as ModelFile;
  const problems = [...shapeProblems(model, shownAs), ...historyProblems(model, shownAs)];
  return problems.length === 0 ? { ok: true, model } : { ok: false, problems };
}

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  compiled ??= compileSchemaObject(modelSchema);
  return compiled;
}

function fail(...problems: ModelProblem[]): ModelCheck {
  return { ok: false, problems };
}

/** Paths of nulls among the numbers: weights, statistics and history (where null can only be a lost NaN). */
function findNulls(data: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, at: string): void => {
    if (value === null) found.push(at);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value as object)) walk(v, `${at}.${k}`);
  };
  if (data !== null && typeof data === 'object') {
    const d = data as Record<string, unknown>;
    walk(d.weights, 'weights');
    walk(d.standardizer, 'standardizer');
    if (d.training !== null && typeof d.training === 'object') walk((d.training as Record<string, unknown>).history, 'training.history');
  }
  return found;
}

/** The JSON pointer /weights/Wx/3/2 as weights.Wx[3][2]. */
function dotted(pointer: string): string {
  return pointer.split('/').slice(1).reduce((out, key) => (/^\d+$/.test(key) ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`), '');
}

function fromAjv(error: ErrorObject | undefined, data: unknown, shownAs: string): ModelProblem {
  if (!error) return problem('schema', '', `${shownAs} does not match its schema; ${REWRITE.en}`, `${shownAs} не соответствует схеме; ${REWRITE.ru}`);
  const params = error.params as Record<string, unknown>;
  let at = dotted(error.instancePath);
  let en: string;
  let ru: string;
  switch (error.keyword) {
    case 'required':
      at = at === '' ? String(params.missingProperty) : `${at}.${String(params.missingProperty)}`;
      en = 'is missing';
      ru = 'отсутствует';
      break;
    case 'additionalProperties':
      at = at === '' ? String(params.additionalProperty) : `${at}.${String(params.additionalProperty)}`;
      en = 'is not a field of model.json';
      ru = 'не является полем model.json';
      break;
    case 'const':
      en = `must be ${JSON.stringify(params.allowedValue)}`;
      ru = `должно быть ${JSON.stringify(params.allowedValue)}`;
      break;
    case 'type':
      en = `must be ${String(params.type)}`;
      ru = `должно иметь тип ${String(params.type)}`;
      break;
    default:
      en = error.message ?? 'is invalid';
      ru = `не проходит проверку схемы (${error.keyword}: ${error.message ?? ''})`;
  }
  const where = at === '' ? '(top level)' : at;
  if (error.keyword !== 'required' && error.keyword !== 'additionalProperties') {
    const [gotEn, gotRu] = describe(valueAt(data, error.instancePath));
    en += ` (got ${gotEn})`;
    ru += ` (получено: ${gotRu})`;
  }
  return problem('schema', at, `${shownAs}: ${where} ${en}; ${REWRITE.en}`, `${shownAs}: ${where} ${ru}; ${REWRITE.ru}`);
}

function shapeProblems(model: ModelFile, shownAs: string): ModelProblem[] {
  const D = model.architecture.features.length;
  const H = model.architecture.hidden;
  const expected: Record<(typeof PARAMS)[number], [number, number]> = { Wx: [D, 4 * H], Wh: [H, 4 * H], b: [1, 4 * H], Wy: [H, 1], by: [1, 1] };
  const out: ModelProblem[] = [];
  for (const name of PARAMS) {
    const rows = model.weights[name];
    const [r, c] = expected[name];
    const ragged = rows.findIndex((row) => row.length !== rows[0].length);
    if (ragged > 0) {
      out.push(problem('shape', `weights.${name}[${ragged}]`,
        `${shownAs}: weights.${name}[${ragged}] has ${rows[ragged].length} values but row 0 has ${rows[0].length}: a matrix needs rows of one length; ${REWRITE.en}`,
        `${shownAs}: в weights.${name}[${ragged}] ${rows[ragged].length} чисел, а в строке 0 — ${rows[0].length}: у матрицы все строки одной длины; ${REWRITE.ru}`));
    } else if (rows.length !== r || rows[0].length !== c) {
      const shape = `${rows.length}×${rows[0].length}`;
      out.push(problem('shape', `weights.${name}`,
        `${shownAs}: weights.${name} is ${shape} but an LSTM with ${D} features and hidden = ${H} (architecture.hidden) needs ${r}×${c}; save the weights of the model the architecture describes`,
        `${shownAs}: weights.${name} имеет размер ${shape}, а для LSTM с ${D} признаками и hidden = ${H} (architecture.hidden) нужен ${r}×${c}; сохраните веса той модели, которую описывает architecture`));
    }
  }
  return out;
}

function historyProblems(model: ModelFile, shownAs: string): ModelProblem[] {
  const { train, val } = model.training.history;
  const best = model.training.bestEpoch;
  if (train.length !== val.length) {
    return [problem('history', 'training.history',
      `${shownAs}: training.history has ${train.length} training losses but ${val.length} validation losses: one of each per epoch; ${REWRITE.en}`,
      `${shownAs}: в training.history ${train.length} значений ошибки на обучении, но ${val.length} на валидации: по одному каждого на эпоху; ${REWRITE.ru}`)];
  }
  if (best > train.length) {
    return [problem('history', 'training.bestEpoch',
      `${shownAs}: training.bestEpoch is ${best} but the history has only ${train.length} epochs; ${REWRITE.en}`,
      `${shownAs}: training.bestEpoch равно ${best}, но в истории только ${train.length} эпох; ${REWRITE.ru}`)];
  }
  return [];
}

/**
 * Which candidate statistics a model's standardisation matches. The distance between two sets of statistics is the
 * largest difference over the 14 numbers, each measured in units of the candidate's standard deviation:
 * |Δmean_j| / std_j, |Δstd_j| / std_j, |ΔyMean| / yStd, |ΔyStd| / yStd. `nearest` is the closest candidate within
 * `tolerance` (default 1e-6: the same statistics up to rounding), or null when none is that close.
 * Typical use: candidates { training, allYears } computed by the reference's fitStandardizer from the full data;
 * a nearest of 'allYears' means the statistics saw the test year.
 */
export function standardizerOrigin(
  s: ModelStandardizer,
  candidates: Record<string, ModelStandardizer>,
  tolerance = 1e-6,
): { nearest: string | null; distances: Record<string, number> } {
  const distances: Record<string, number> = {};
  let nearest: string | null = null;
  for (const [name, c] of Object.entries(candidates)) {
    const gaps = [
      ...c.mean.map((m, j) => Math.abs(s.mean[j] - m) / c.std[j]),
      ...c.std.map((sd, j) => Math.abs(s.std[j] - sd) / sd),
      Math.abs(s.yMean - c.yMean) / c.yStd,
      Math.abs(s.yStd - c.yStd) / c.yStd,
    ];
    distances[name] = gaps.some((g) => Number.isNaN(g)) ? Infinity : Math.max(...gaps);
    if (distances[name] <= tolerance && (nearest === null || distances[name] < distances[nearest])) nearest = name;
  }
  return { nearest, distances };
}

function valueAt(data: unknown, pointer: string): unknown {
  let value: unknown = data;
  for (const key of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/** A short picture of an offending value, in English and Russian. */
function describe(value: unknown): [string, string] {
  if (value === undefined) return ['nothing', 'ничего'];
  if (Array.isArray(value)) return value.length === 0 ? ['an empty array', 'пустой массив'] : [`an array of ${value.length}`, `массив из ${value.length}`];
  if (value !== null && typeof value === 'object') return ['an object', 'объект'];
  const text = JSON.stringify(value);
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return [short, short];
}
