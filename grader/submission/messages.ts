/**
 * What a student and a teacher read when a bound is exceeded or a file is left unread, in both languages, from the
 * message catalog (templates/strings.*.json, namespace "bounds"). Paths from the submission are shown with their
 * control characters escaped, so an odd file name cannot upset a terminal or a report.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fill } from '../harness/messages';
import type { Localized } from '../shared/results';
import type { Entry, Exceeded } from './list';

export type BoundKey =
  | 'moreThan'
  | 'files'
  | 'totalBytes'
  | 'depth'
  | 'notGraded'
  | 'fileTooLarge'
  | 'sourceTooLarge'
  | 'link'
  | 'special'
  | 'jsonTooDeep'
  | 'graderProblem'
  | 'moreUnread';

/** Read directly (not through report/render, which loads the plotting libraries): submit uses these too. */
const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');
const catalogs = new Map<string, Record<string, unknown>>();

function catalogText(lang: 'en' | 'ru', key: BoundKey): string {
  let bounds = catalogs.get(lang);
  if (!bounds) {
    const all = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, `strings.${lang}.json`), 'utf8')) as { bounds?: Record<string, unknown> };
    catalogs.set(lang, (bounds = all.bounds ?? {}));
  }
  const value = bounds[key];
  if (typeof value !== 'string') throw new Error(`templates/strings.${lang}.json has no bounds.${key}`);
  return value;
}

/** The catalog's text for `key` in both languages, with `{name}` placeholders filled. */
export function boundText(key: BoundKey, params: Record<string, string | number> = {}): Localized {
  return fill({ en: catalogText('en', key), ru: catalogText('ru', key) }, params);
}

/** 12000 → "12 000": the grouping both languages read. */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** A path from the submission, safe to print: control characters and stray line breaks escaped. */
export function shownPath(rel: string): string {
  // eslint-disable-next-line no-control-regex
  return rel.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** "12 000 files in the exercises folder; the limit is 2 000. …" */
export function exceededText(exceeded: Exceeded, prefix = 'exercises/'): Localized {
  const actual = grouped(exceeded.actual);
  const counted = exceeded.more ? boundText('moreThan', { n: actual }) : { en: actual, ru: actual };
  const params = { limit: grouped(exceeded.limit), at: shownPath(`${prefix}${exceeded.at ?? ''}`) };
  const en = boundText(exceeded.bound, { ...params, actual: counted.en }).en;
  const ru = boundText(exceeded.bound, { ...params, actual: counted.ru }).ru;
  return { en, ru };
}

/** Why a listed file was not read or not graded; null for a plain file within the per-file bound. */
export function unreadText(entry: Entry, fileBytes: number, prefix = 'exercises/'): Localized | null {
  const file = shownPath(`${prefix}${entry.rel}`);
  switch (entry.kind) {
    case 'too-large':
      return boundText('fileTooLarge', { file, actual: grouped(entry.size), limit: grouped(fileBytes) });
    case 'link':
      return boundText('link', { file, target: shownPath(entry.target) });
    case 'special':
      return boundText('special', { file });
    default:
      return null;
  }
}
