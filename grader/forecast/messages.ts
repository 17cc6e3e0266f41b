/**
 * Exercise 05's student-facing texts come from the message catalog (templates/strings.{en,ru}.json, namespace
 * "forecast"): `forecastText('cell.reference')` is that key in both languages, with `{name}` placeholders filled.
 * Formulas in these texts are written `$…$` in TeX (see README, "Messages and formulas"): the HTML report typesets them,
 * the Markdown report shows them as code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Localized } from '../shared/results';

type Node = string | { [key: string]: Node };

const TEMPLATES = path.resolve(__dirname, '..', '..', 'templates');
let catalog: { en: Node; ru: Node } | undefined;

function lookup(root: Node, key: string, lang: string): string {
  let node: Node | undefined = root;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`templates/strings.${lang}.json: no string "forecast.${key}" (add it to both strings files)`);
  return node;
}

/**
 * The catalog text `forecast.<key>` in English and Russian, with `{name}` placeholders replaced by `params` (a value
 * that is itself a text in both languages goes in in each one's language).
 */
export function forecastText(key: string, params: Record<string, string | number | Localized> = {}): Localized {
  catalog ??= {
    en: (JSON.parse(readFileSync(path.join(TEMPLATES, 'strings.en.json'), 'utf8')) as { forecast: Node }).forecast,
    ru: (JSON.parse(readFileSync(path.join(TEMPLATES, 'strings.ru.json'), 'utf8')) as { forecast: Node }).forecast,
  };
  const fill = (text: string, lang: 'en' | 'ru'): string =>
    text.replace(/\{(\w+)\}/g, (all, k: string) => {
      const value = params[k];
      if (value === undefined) return all;
      return typeof value === 'object' ? value[lang] : String(value);
    });
  return { en: fill(lookup(catalog.en, key, 'en'), 'en'), ru: fill(lookup(catalog.ru, key, 'ru'), 'ru') };
}
