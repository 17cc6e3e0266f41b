/**
 * The message catalog: templates/strings.<lang>.json, one file per language with the same keys, nested by area
 * (`student`, `bounds`, `mistakes.03`, `hidden.03`, …), read once per process. Every user-facing sentence comes from
 * here: `text('student.watchBye')` is that key in both languages, `{name}` placeholders filled by `formatMessage`, the
 * one formatting function. This module has no dependency beyond Node, so the student kit's commands can use it without
 * the report renderer (Handlebars, Vega) coming along. The kit's copy of the catalog leaves out KIT_OMITS.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGS, type Lang, type Localized } from './results';

export interface Strings {
  [key: string]: string | Strings;
}

/** A placeholder's value: the same in every language, or a text of its own in each. */
export type Params = Record<string, string | number | Localized>;

/**
 * The catalog's areas the student kit never reads by key, left out of its copy (grader/release): `hidden`, the texts
 * only hidden checks use (they would tell a student what the hidden checks look for; the leak scan fails on any of
 * them in a kit); `mistakes`, the catalogued mistakes' texts, which reach the kit only inside the public fixtures
 * of the cases that show them (generate writes them there); and `teacher`, the teacher's exports and guides.
 */
export const KIT_OMITS: readonly string[] = ['hidden', 'mistakes', 'teacher'];

const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');
const cache = new Map<Lang, Strings>();

/** The whole catalog of one language. */
export function loadStrings(lang: Lang): Strings {
  let strings = cache.get(lang);
  if (strings === undefined) {
    strings = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, `strings.${lang}.json`), 'utf8')) as Strings;
    cache.set(lang, strings);
  }
  return strings;
}

function node(strings: Strings, key: string): string | Strings | undefined {
  let at: string | Strings | undefined = strings;
  for (const part of key.split('.')) at = typeof at === 'object' ? at[part] : undefined;
  return at;
}

/** The text `key` of `strings`, the catalog of `lang` or a copy of it (a report's, escaped for Markdown). */
export function lookupIn(strings: Strings, key: string, lang: Lang): string {
  const found = node(strings, key);
  if (typeof found !== 'string')
    throw new Error(`templates/strings.${lang}.json: no string "${key}" (add it to both strings files)`);
  return found;
}

/** The catalog's text `key` in `lang`, as written (placeholders unfilled). A missing key is a mistake of ours. */
export function lookup(lang: Lang, key: string): string {
  return lookupIn(loadStrings(lang), key, lang);
}

/** The texts directly under `key` in `lang`, by name (a flat area such as `class`, for a template's view). */
export function area(lang: Lang, key: string): Readonly<Record<string, string>> {
  const found = node(loadStrings(lang), key);
  if (typeof found !== 'object' || Object.values(found).some((v) => typeof v !== 'string')) {
    throw new Error(`templates/strings.${lang}.json: "${key}" is not an area of texts (add it to both strings files)`);
  }
  return found as Record<string, string>;
}

/** `{name}` placeholders of `template` filled from `values`; a placeholder with no value stays as it is. */
export function formatMessage(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) =>
    values[name] === undefined ? all : String(values[name]),
  );
}

/** `params` as one language sees them: a Localized value in that language. */
function valuesIn(params: Params, lang: Lang): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? value[lang] : value]),
  );
}

/** A text in both languages with its placeholders filled, each language with its own values. */
export function fill(texts: Localized, params: Params): Localized {
  return { en: formatMessage(texts.en, valuesIn(params, 'en')), ru: formatMessage(texts.ru, valuesIn(params, 'ru')) };
}

/** The catalog's text `key` in every course language, with `{name}` placeholders filled from `params`. */
export function text(key: string, params: Params = {}): Localized {
  const [en, ru] = LANGS.map((lang) => formatMessage(lookup(lang, key), valuesIn(params, lang)));
  return { en, ru };
}

/** The kit's copy of a catalog (grader/release): the same texts without the areas the kit never reads. */
export function kitCatalog(strings: Strings): Strings {
  return Object.fromEntries(Object.entries(strings).filter(([name]) => !KIT_OMITS.includes(name)));
}

/** The same words in every language: a name or a number shown where a text goes (not a sentence). */
export function same(value: string): Localized {
  return { en: value, ru: value };
}
