/**
 * Texts of the message catalog's "diagnosis" namespace (templates/strings.en.json and .ru.json), for the suites and
 * the harness rules that run in the teacher's grading process. The catalog is read on first use, not imported, so the
 * student kit (which ships grader/ but not templates/) never needs it: only hidden checks ask for these texts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../shared/kit';
import type { Localized } from '../shared/results';
import { fill } from './messages';

type Namespace = Record<string, string>;

let loaded: { en: Namespace; ru: Namespace } | undefined;

function namespace(lang: 'en' | 'ru'): Namespace {
  const file = path.join(PACKAGE_ROOT, 'templates', `strings.${lang}.json`);
  const all = JSON.parse(readFileSync(file, 'utf8')) as { diagnosis?: Namespace };
  return all.diagnosis ?? {};
}

/** The catalog's text `diagnosis.<key>` in both languages, with `{name}` placeholders filled from `params`. */
export function diagnosisText(key: string, params: Record<string, string | number> = {}): Localized {
  loaded ??= { en: namespace('en'), ru: namespace('ru') };
  const en = loaded.en[key];
  const ru = loaded.ru[key];
  if (en === undefined || ru === undefined) {
    throw new Error(`templates/strings.{en,ru}.json: no string "diagnosis.${key}" (add it to both strings files)`);
  }
  return fill({ en, ru }, params);
}

/**
 * Which outputs of `fn` are wrong and which are right, in one sentence: a list of right ones beside the wrong ones
 * points at the few lines that compute only the wrong ones. `wrong` must not be empty.
 */
export function outputsText(fn: string, wrong: readonly string[], right: readonly string[]): Localized {
  if (right.length === 0) return diagnosisText('allOutputsWrong', { fn, wrong: wrong.join(', ') });
  return diagnosisText('someOutputsWrong', { fn, wrong: wrong.join(', '), right: right.join(', ') });
}
