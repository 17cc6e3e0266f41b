/**
 * Exercise 06's feedback text, from the message catalog (templates/strings.{en,ru}.json, key "longMemory"): the
 * hidden and public suites and the run script take every sentence from here, in both languages.
 */
import en from '../../templates/strings.en.json';
import ru from '../../templates/strings.ru.json';

export interface Localized {
  en: string;
  ru: string;
}

function lookup(root: unknown, key: string): string {
  let node: unknown = (root as { longMemory?: unknown }).longMemory;
  for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  if (typeof node !== 'string') throw new Error(`templates/strings.*.json: no string "longMemory.${key}" (add it to both files)`);
  return node;
}

/** The message `longMemory.<key>` in both languages, with {name} placeholders filled from `values`. */
export function msg(key: string, values: Record<string, string | number> = {}): Localized {
  const fillIn = (s: string): string => s.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
  return { en: fillIn(lookup(en, key)), ru: fillIn(lookup(ru, key)) };
}

/** The message `outer` with its {what} filled by the message `inner`, each language with its own. */
export function nested(outer: string, inner: string): Localized {
  const what = msg(inner);
  return { en: msg(outer, { what: what.en }).en, ru: msg(outer, { what: what.ru }).ru };
}
