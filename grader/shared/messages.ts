/**
 * The message catalog: templates/strings.<lang>.json, one file per language with the same keys, read once per
 * process. This module has no dependency beyond Node, so the student kit's commands can use it without the report
 * renderer (Handlebars, Vega) coming along.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Lang } from './results';

export interface Strings {
  [key: string]: string | Strings;
}

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
