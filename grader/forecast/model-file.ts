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
import { text, type Params } from '../shared/messages';
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
    options: {
      hidden: number;
      epochs: number;
      batchSize: number;
      lr: number;
      clip: number | null;
      patience: number;
      seed: number;
    };
    bestEpoch: number;
    history: { train: number[]; val: number[] };
    split: { trainTo: string; valFrom: string; valTo: string; testFrom: string; testTo: string };
  };
}

export type ModelProblemCode =
  'missing' | 'unreadable' | 'too-large' | 'not-json' | 'not-finite' | 'schema' | 'shape' | 'history';

export interface ModelProblem {
  code: ModelProblemCode;
  /** Where in the file, e.g. `weights.Wx[3][2]`; empty for the file as a whole. */
  at: string;
  message: Localized;
}

export type ModelCheck = { ok: true; model: ModelFile } | { ok: false; problems: ModelProblem[] };

/** A problem worded by the catalog's `forecast.modelFile.<key>`, with the advice to rewrite the file at hand. */
function problem(code: ModelProblemCode, at: string, key: string, params: Params): ModelProblem {
  return {
    code,
    at,
    message: text(`forecast.modelFile.${key}`, { ...params, rewrite: text('forecast.modelFile.rewrite') }),
  };
}

/** Reads and checks a model.json; `shownAs` names it in messages (default: the path as given). */
export function readModelFile(file: string, shownAs = file): ModelCheck {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return fail(problem('missing', '', 'missing', { file: shownAs }));
  }
  if (size > MAX_MODEL_BYTES) {
    return fail(problem('too-large', '', 'tooLarge', { file: shownAs, size, max: MAX_MODEL_BYTES }));
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return fail(problem('unreadable', '', 'unreadable', { file: shownAs, why }));
  }
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (err) {
    return fail(problem('not-json', '', 'notJson', { file: shownAs, why: (err as Error).message }));
  }
  return validateModelJson(data, shownAs);
}

/** Checks parsed model.json data (steps 2–4 above). */
export function validateModelJson(data: unknown, shownAs = 'model.json'): ModelCheck {
  const nulls = findNulls(data);
  if (nulls.length > 0) {
    const more = nulls.length > 1 ? text('forecast.modelFile.moreNulls', { n: nulls.length - 1 }) : '';
    return fail(problem('not-finite', nulls[0], 'notFinite', { file: shownAs, at: nulls[0], more }));
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
    if (d.training !== null && typeof d.training === 'object')
      walk((d.training as Record<string, unknown>).history, 'training.history');
  }
  return found;
}

/** The JSON pointer /weights/Wx/3/2 as weights.Wx[3][2]. */
function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .reduce((out, key) => (/^\d+$/.test(key) ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`), '');
}

/** What is wrong where ajv found it, in the catalog's words: ajv's own message only for a keyword we do not word. */
function fromAjv(error: ErrorObject | undefined, data: unknown, shownAs: string): ModelProblem {
  if (!error) return problem('schema', '', 'schema', { file: shownAs });
  const params = error.params as Record<string, unknown>;
  let at = dotted(error.instancePath);
  let what: Localized;
  switch (error.keyword) {
    case 'required':
    case 'additionalProperties': {
      const field = String(error.keyword === 'required' ? params.missingProperty : params.additionalProperty);
      at = at === '' ? field : `${at}.${field}`;
      what = text(`forecast.modelFile.${error.keyword}`);
      break;
    }
    case 'const':
      what = text('forecast.modelFile.const', { value: JSON.stringify(params.allowedValue) });
      break;
    case 'type':
      what = text('forecast.modelFile.type', { value: String(params.type) });
      break;
    default:
      what = text('forecast.modelFile.other', {
        message: { en: error.message ?? error.keyword, ru: `${error.keyword}: ${error.message ?? ''}` },
      });
  }
  if (error.keyword !== 'required' && error.keyword !== 'additionalProperties') {
    what = text('forecast.modelFile.got', { what, value: describe(valueAt(data, error.instancePath)) });
  }
  const where = at === '' ? text('forecast.modelFile.topLevel') : at;
  return problem('schema', at, 'field', { file: shownAs, where, what });
}

function shapeProblems(model: ModelFile, shownAs: string): ModelProblem[] {
  const D = model.architecture.features.length;
  const H = model.architecture.hidden;
  const expected: Record<(typeof PARAMS)[number], [number, number]> = {
    Wx: [D, 4 * H],
    Wh: [H, 4 * H],
    b: [1, 4 * H],
    Wy: [H, 1],
    by: [1, 1],
  };
  const out: ModelProblem[] = [];
  for (const name of PARAMS) {
    const rows = model.weights[name];
    const [r, c] = expected[name];
    const ragged = rows.findIndex((row) => row.length !== rows[0].length);
    if (ragged > 0) {
      out.push(
        problem('shape', `weights.${name}[${ragged}]`, 'ragged', {
          file: shownAs,
          name,
          row: ragged,
          n: rows[ragged].length,
          first: rows[0].length,
        }),
      );
    } else if (rows.length !== r || rows[0].length !== c) {
      const shape = `${rows.length}×${rows[0].length}`;
      out.push(
        problem('shape', `weights.${name}`, 'shape', {
          file: shownAs,
          name,
          shape,
          features: D,
          hidden: H,
          rows: r,
          cols: c,
        }),
      );
    }
  }
  return out;
}

function historyProblems(model: ModelFile, shownAs: string): ModelProblem[] {
  const { train, val } = model.training.history;
  const best = model.training.bestEpoch;
  if (train.length !== val.length) {
    return [
      problem('history', 'training.history', 'historyLength', { file: shownAs, train: train.length, val: val.length }),
    ];
  }
  if (best > train.length) {
    return [problem('history', 'training.bestEpoch', 'bestEpoch', { file: shownAs, best, epochs: train.length })];
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

/** A short picture of an offending value, in every course language. */
function describe(value: unknown): Localized | string {
  if (value === undefined) return text('forecast.modelFile.value.nothing');
  if (Array.isArray(value))
    return value.length === 0
      ? text('forecast.modelFile.value.emptyArray')
      : text('forecast.modelFile.value.array', { n: value.length });
  if (value !== null && typeof value === 'object') return text('forecast.modelFile.value.object');
  const shown = JSON.stringify(value);
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}
