/**
 * One ajv instance, on JSON Schema draft 2020-12, for every file format gatelab reads or writes
 * (every schema in this folder declares that draft); each schema compiled once, by its $id.
 * ajv is loaded on the first compile, not with this module: `check` usually validates nothing
 * (course.json is validated once per content, see shared/catalog.ts), and loading ajv costs it time.
 */
import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type addFormatsFn from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let ajv: Ajv2020 | undefined;

function instance(): Ajv2020 {
  if (ajv) return ajv;
  const load = createRequire(__filename);
  const Ajv = (load('ajv/dist/2020') as { default: typeof Ajv2020 }).default;
  const addFormats = (load('ajv-formats') as { default: typeof addFormatsFn }).default;
  // multipleOfPrecision: 0.3 is a multiple of 0.001 even though 0.3 / 0.001 is 299.99999999999994 in float64.
  // strictNumbers rejects NaN and Infinity, which JSON cannot carry anyway.
  ajv = new Ajv({ allErrors: false, strict: true, strictNumbers: true, allowUnionTypes: true, multipleOfPrecision: 9 });
  addFormats(ajv);
  return ajv;
}

/** The validator of a schema in this folder, by file name. */
export function compileSchema<T>(fileName: string): ValidateFunction<T> {
  return compileSchemaObject<T>(JSON.parse(readFileSync(path.join(__dirname, fileName), 'utf8')) as object);
}

/** The validator of a parsed schema; a schema already compiled (the same $id) is not compiled again. */
export function compileSchemaObject<T>(schema: object): ValidateFunction<T> {
  const id = (schema as { $id?: unknown }).$id;
  const known = typeof id === 'string' ? (instance().getSchema<T>(id) as ValidateFunction<T> | undefined) : undefined;
  return known ?? instance().compile<T>(schema);
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
