/**
 * What the student commands (check, watch, hint, submit) say, in every course language. The texts live in the
 * message catalog, under the key "student" of templates/strings.<lang>.json (the kit ships both files); `{name}`
 * placeholders are filled by `fill`. A key missing from a language is a mistake of ours, reported by name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../shared/kit';
import type { Lang, Localized } from '../shared/results';

export const STRINGS_FILES = ['en', 'ru'].map((lang) => `templates/strings.${lang}.json`);

function section(lang: Lang): Record<string, string> {
  const file = path.join(PACKAGE_ROOT, 'templates', `strings.${lang}.json`);
  const all = JSON.parse(readFileSync(file, 'utf8')) as { student?: Record<string, string> };
  if (!all.student) throw new Error(`${file}: no "student" section; the kit's message catalog is incomplete`);
  return all.student;
}

function load(): Record<string, Localized> {
  const en = section('en');
  const ru = section('ru');
  const out: Record<string, Localized> = {};
  for (const key of Object.keys(en)) out[key] = { en: en[key], ru: ru[key] ?? en[key] };
  return out;
}

let cache: Record<string, Localized> | undefined;

/** The student messages by key: `S.watchBye[lang]`. Read once, on first use. */
export const S: Readonly<Record<string, Localized>> = new Proxy({} as Record<string, Localized>, {
  get(_target, key: string | symbol) {
    cache ??= load();
    if (typeof key !== 'string' || !(key in cache)) throw new Error(`templates/strings.en.json: no message "student.${String(key)}" (add it to both languages)`);
    return cache[key];
  },
});
