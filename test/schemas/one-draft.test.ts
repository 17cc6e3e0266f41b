/**
 * Every file format's JSON Schema is on one draft (2020-12) and compiles on the one ajv instance of
 * grader/schemas/index.ts; a schema asked for twice is compiled once (the same validator comes back).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { compileSchema, compileSchemaObject } from '../../grader/schemas';

const DIR = path.join(PACKAGE_ROOT, 'grader', 'schemas');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.schema.json'))
  .sort();

describe('the JSON Schemas', () => {
  it('all declare draft 2020-12 and use $defs, never draft-07 definitions', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
    for (const file of FILES) {
      const text = readFileSync(path.join(DIR, file), 'utf8');
      expect((JSON.parse(text) as { $schema: string }).$schema, file).toBe(
        'https://json-schema.org/draft/2020-12/schema',
      );
      expect(text, file).not.toContain('"definitions"');
    }
  });

  it('all compile on the shared instance, each once', () => {
    for (const file of FILES) {
      const first = compileSchema(file);
      expect(compileSchema(file), file).toBe(first);
      expect(compileSchemaObject(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as object), file).toBe(first);
    }
  });

  it('a draft-07 schema is refused by the instance (its meta-schema is not loaded)', () => {
    expect(() => compileSchemaObject({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' })).toThrow(
      /draft-07/,
    );
  });
});
