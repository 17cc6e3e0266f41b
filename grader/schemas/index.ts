/** One ajv instance for every file format gatelab reads or writes; each schema compiled once. */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// multipleOfPrecision: 0.3 is a multiple of 0.001 even though 0.3 / 0.001 is 299.99999999999994 in float64.
const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, multipleOfPrecision: 9 });
addFormats(ajv);

export function compileSchema<T>(fileName: string): ValidateFunction<T> {
  const schema = JSON.parse(readFileSync(path.join(__dirname, fileName), 'utf8')) as object;
  return ajv.compile<T>(schema);
}

/** The first schema error as "at /path: what is expected". */
export function firstSchemaError(errors: ErrorObject[] | null | undefined): string {
  const err = errors?.[0];
  if (!err) return 'does not match its schema';
  const at = err.instancePath || '/';
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    return `at ${at}: unknown field "${extra}"; remove it or check its spelling`;
  }
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    return `at ${at}: missing field "${missing}"; add it`;
  }
  if (err.keyword === 'enum') {
    const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
    return `at ${at}: must be one of ${allowed}`;
  }
  return `at ${at}: ${err.message ?? 'is invalid'}`;
}
