/**
 * Errors at the student's own line. The sandbox marks a throw in student code with the place of the first stack
 * frame in an exercise's file, `@02-forget-gate/forget-gate.js:12:5 ` (grader/sandbox/runner.ts), in compiled
 * coordinates. Here, on the trusted side and while the staging folder still exists, each mark is mapped through the
 * compile step's source map to the student's .ts file and line, and replaced by "at exercises/…/file.ts:14" and the
 * text of that line. A mark that cannot be mapped is only taken out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import type { Scored } from './score';
import { text } from '../shared/messages';
import type { Localized } from '../shared/results';

const MARK = /@(\d\d-[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)\.js:(\d+):(\d+) /;
const MAX_LINE_TEXT = 160;

export interface Place {
  /** Kit-relative, e.g. exercises/02-forget-gate/forget-gate.ts. */
  file: string;
  /** 1-based. */
  line: number;
  text: string;
}

/** The student's file, line and line text for a compiled place, or null. */
export function placeOf(
  staging: string,
  exercisesDir: string,
  rel: string,
  line: number,
  column: number,
): Place | null {
  try {
    const mapFile = path.join(staging, `${rel}.js.map`);
    const source = path.join(exercisesDir, `${rel}.ts`);
    if (!existsSync(mapFile) || !existsSync(source)) return null;
    const map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload);
    const entry = map.findEntry(line - 1, column - 1) as { originalLine?: number };
    if (typeof entry.originalLine !== 'number') return null;
    const text = readFileSync(source, 'utf8').split('\n')[entry.originalLine]?.trim() ?? '';
    return { file: `exercises/${rel}.ts`, line: entry.originalLine + 1, text: text.slice(0, MAX_LINE_TEXT) };
  } catch {
    // A broken map or file: the message is still shown, without its place.
    return null;
  }
}

function placed(said: Localized, place: Place | null): Localized {
  const strip = (s: string) => s.replace(MARK, '');
  if (!place) return { en: strip(said.en), ru: strip(said.ru) };
  const at = text('student.checkWhere', { file: place.file, line: place.line });
  const line = (lang: 'en' | 'ru') => `${strip(said[lang])}\n${at[lang]}: ${place.text}`;
  return { en: line('en'), ru: line('ru') };
}

/** Replaces every throw mark in the checks' diagnoses by the student's file, line and line text. */
export function placeThrows(scored: Scored, staging: string, exercisesDir: string): void {
  for (const check of scored.checks) {
    const m = check.diagnosis ? MARK.exec(check.diagnosis.en) : null;
    if (!check.diagnosis || !m) continue;
    check.diagnosis = placed(check.diagnosis, placeOf(staging, exercisesDir, m[1], Number(m[2]), Number(m[3])));
  }
}
