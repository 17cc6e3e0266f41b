/**
 * What a student and a teacher read when a bound is exceeded or a file is left unread, in both languages, from the
 * message catalog (area `bounds`). Paths from the submission are shown with their
 * control characters escaped, so an odd file name cannot upset a terminal or a report.
 */
import { text, type Params } from '../shared/messages';
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

/** The catalog's text for `key` in both languages, with `{name}` placeholders filled. */
export function boundText(key: BoundKey, params: Params = {}): Localized {
  return text(`bounds.${key}`, params);
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
  const counted = exceeded.more ? boundText('moreThan', { n: actual }) : actual;
  return boundText(exceeded.bound, {
    limit: grouped(exceeded.limit),
    at: shownPath(`${prefix}${exceeded.at ?? ''}`),
    actual: counted,
  });
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
