import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import schema from '../../grader/schemas/results.schema.json';

const TEMPLATES = path.resolve(__dirname, '..', '..', 'templates');

function strings(lang: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(TEMPLATES, `strings.${lang}.json`), 'utf8')) as Record<string, unknown>;
}

/** Dotted key → leaf value. */
function flatten(node: unknown, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, child] of Object.entries(node)) {
      for (const [leaf, value] of flatten(child, prefix ? `${prefix}.${key}` : key)) leaves.set(leaf, value);
    }
  } else {
    leaves.set(prefix, node);
  }
  return leaves;
}

const en = flatten(strings('en'));
const ru = flatten(strings('ru'));

describe('templates/strings.*.json', () => {
  it('have exactly the same keys', () => {
    expect([...ru.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('have the same {placeholders} in both languages, key by key, over the whole catalog', () => {
    const placeholders = (value: unknown) => [...String(value).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = [...en].filter(
      ([key, value]) => ru.has(key) && placeholders(value).join() !== placeholders(ru.get(key)).join(),
    );
    expect(differ.map(([key]) => key)).toEqual([]);
    // The check itself sees a difference: a text that names {n} where the other says {m}.
    expect(placeholders('{n} of {t}').join()).not.toBe(placeholders('{m} of {t}').join());
  });

  it.each([
    ['en', en],
    ['ru', ru],
  ])('%s has only non-empty strings', (_lang, leaves) => {
    for (const [key, value] of leaves) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('name every outcome and every integrity note kind', () => {
    const outcomes = schema.$defs.Outcome.enum;
    const kinds = schema.$defs.IntegrityNote.properties.kind.enum;
    for (const outcome of outcomes) expect(en.has(`outcome.${outcome}`), outcome).toBe(true);
    for (const kind of kinds) expect(en.has(`integrity.kind.${kind}`), kind).toBe(true);
  });

  it('are really translated: the Russian texts are Cyrillic where English has words', () => {
    // Placeholders ({exercise}) are names, not words, and so are functions in a formula (tanh): a text made only of
    // them and punctuation needs no translation.
    const words = (value: string) => value.replace(/\{[^}]*\}/g, '').replace(/\btanh\b/g, '');
    const untranslated = [...en].filter(
      ([key, value]) => /[a-z]{4,}/i.test(words(value as string)) && ru.get(key) === value,
    );
    expect(untranslated).toEqual([]);
  });
});
