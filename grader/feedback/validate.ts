/**
 * Validation of `results.json` before anything renders or exports it.
 *
 * The JSON Schema (grader/schemas/results.schema.json) checks shape and types; a few facts a
 * schema cannot express (a score never exceeds its maximum, Gradescope's `score` is the milli
 * value divided by 1000, every check belongs to a listed exercise) are checked here after it.
 * The first problem found becomes a one-line error naming the file, the JSON path and what was
 * expected, e.g. `out/s1/results.json: /tests/3/gatelab/score_milli must be integer (got 12.5)`.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Results } from '../shared/results';
import { compileSchemaObject } from '../schemas';
import resultsSchema from '../schemas/results.schema.json';

export class ResultsValidationError extends Error {
  constructor(
    readonly file: string,
    /** JSON pointer of the first problem; empty for the top level. */
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path === '' ? '(top level)' : path} ${problem}`);
    this.name = 'ResultsValidationError';
  }
}

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  compiled ??= compileSchemaObject(resultsSchema);
  return compiled;
}

export function validateResults(data: unknown, file: string): Results {
  const validate = schemaValidator();
  if (!validate(data)) {
    const first = (validate.errors ?? [])[0];
    if (first === undefined) throw new ResultsValidationError(file, '', 'is invalid');
    throw fromAjvError(file, first, data);
  }
  const results = data as Results;
  checkConsistency(results, file);
  return results;
}

function fromAjvError(file: string, error: ErrorObject, data: unknown): ResultsValidationError {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return new ResultsValidationError(file, `${path}/${String(params.missingProperty)}`, 'is required');
    case 'additionalProperties':
      return new ResultsValidationError(
        file,
        path,
        `has unknown property ${JSON.stringify(params.additionalProperty)} (remove it, or add it to grader/shared/results.ts and the schema)`,
      );
    case 'type': {
      const expected = String(params.type).split(',').join(' or ');
      return new ResultsValidationError(file, path, `must be ${expected} (got ${describe(valueAt(data, path))})`);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return new ResultsValidationError(file, path, `must be one of ${allowed} (got ${describe(valueAt(data, path))})`);
    }
    case 'const':
      return new ResultsValidationError(
        file,
        path,
        `must be ${JSON.stringify(params.allowedValue)} (got ${describe(valueAt(data, path))})`,
      );
    default:
      return new ResultsValidationError(
        file,
        path,
        `${error.message ?? 'is invalid'} (got ${describe(valueAt(data, path))})`,
      );
  }
}

function checkConsistency(results: Results, file: string): void {
  const fail = (path: string, problem: string): never => {
    throw new ResultsValidationError(file, path, problem);
  };
  const exerciseIds = new Set<string>();
  results.exercises.forEach((exercise, i) => {
    if (exerciseIds.has(exercise.id)) fail(`/exercises/${i}/id`, `repeats exercise ${JSON.stringify(exercise.id)}`);
    exerciseIds.add(exercise.id);
    if (exercise.score_milli > exercise.max_milli) {
      fail(
        `/exercises/${i}/score_milli`,
        `must be at most max_milli ${exercise.max_milli} (got ${exercise.score_milli})`,
      );
    }
  });
  results.tests.forEach((test, i) => {
    const check = test.gatelab;
    const at = `/tests/${i}`;
    if (check.score_milli > check.max_milli) {
      fail(`${at}/gatelab/score_milli`, `must be at most max_milli ${check.max_milli} (got ${check.score_milli})`);
    }
    if (!exerciseIds.has(check.exercise)) {
      fail(
        `${at}/gatelab/exercise`,
        `must name an exercise listed in /exercises (got ${JSON.stringify(check.exercise)})`,
      );
    }
    if (test.score !== check.score_milli / 1000) {
      fail(`${at}/score`, `must equal gatelab.score_milli / 1000 = ${check.score_milli / 1000} (got ${test.score})`);
    }
    if (test.max_score !== check.max_milli / 1000) {
      fail(
        `${at}/max_score`,
        `must equal gatelab.max_milli / 1000 = ${check.max_milli / 1000} (got ${test.max_score})`,
      );
    }
  });
  if (results.score !== results.final_milli / 1000) {
    fail('/score', `must equal final_milli / 1000 = ${results.final_milli / 1000} (got ${results.score})`);
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let value: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A short, single-line picture of an offending value for the error message. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
