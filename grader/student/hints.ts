/**
 * `gatelab hint [exercise]`: escalating hints. Each call runs the exercise's public checks, takes
 * the first that fails, and shows its next hint level from `exercises/<id>/hints.json`; the level
 * reached is kept in `.gatelab/hints.json` in the kit, so the next call goes one step further.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Checker, describeProblem, firstProblem } from '../check';
import { findExercise, loadCatalog, type Catalog } from '../catalog';
import { UsageError } from '../errors';
import type { CheckResult, Lang, Localized } from '../results';
import { fill } from '../harness/messages';
import { S } from './strings';

/** check id → hint levels, gentlest first. */
export type HintBook = Record<string, Localized[]>;

const isLocalized = (v: unknown): v is Localized =>
  v !== null && typeof v === 'object' && typeof (v as Localized).en === 'string' && typeof (v as Localized).ru === 'string';

/** The hints of one exercise; none when the exercise has no hints.json. Keys starting with `$` are comments. */
export function readHints(kitRoot: string, exerciseId: string): HintBook {
  const file = path.join(kitRoot, 'exercises', exerciseId, 'hints.json');
  if (!existsSync(file)) return {};
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); fix the syntax`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`${file}: must be an object of check id → list of hints`);
  const book: HintBook = {};
  for (const [check, levels] of Object.entries(data)) {
    if (check.startsWith('$')) continue;
    if (!Array.isArray(levels) || levels.length === 0 || !levels.every(isLocalized)) {
      throw new UsageError(`${file}: "${check}" must be a non-empty list of {"en": …, "ru": …} hints`);
    }
    book[check] = levels;
  }
  return book;
}

type HintState = Record<string, number>;

export function hintStateFile(kitRoot: string): string {
  return path.join(kitRoot, '.gatelab', 'hints.json');
}

function readState(kitRoot: string): HintState {
  try {
    const data = JSON.parse(readFileSync(hintStateFile(kitRoot), 'utf8')) as unknown;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
    return Object.fromEntries(Object.entries(data).filter(([, v]) => Number.isInteger(v) && (v as number) >= 0)) as HintState;
  } catch {
    // No state yet, or a state file the student broke: start over rather than stop them.
    return {};
  }
}

function writeState(kitRoot: string, state: HintState): void {
  mkdirSync(path.dirname(hintStateFile(kitRoot)), { recursive: true });
  writeFileSync(hintStateFile(kitRoot), JSON.stringify(state, null, 2) + '\n');
}

export interface HintResult {
  /** The check the hint is about; null when every public check passes. */
  check: CheckResult | null;
  /** 1-based level shown, and how many the check has (0 when it has none of its own). */
  level: number;
  levels: number;
  lines: string[];
}

/**
 * Shows the next hint for the first failing public check of `exercise` (by default the first exercise
 * with a failing check). A Checker may be passed in to reuse a warm one (watch mode, tests).
 */
export async function nextHint(opts: { kitRoot: string; exercise?: string; lang?: Lang; checker?: Checker; catalog?: Catalog }): Promise<HintResult> {
  const catalog = opts.catalog ?? opts.checker?.catalog ?? loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? catalog.defaultLanguage;
  const exercise = opts.exercise ? findExercise(catalog, opts.exercise).id : undefined;
  const checker = opts.checker ?? (await Checker.start({ kitRoot: opts.kitRoot, catalog }));
  let report;
  try {
    report = await checker.run({ exercise, lang });
  } finally {
    if (!opts.checker) await checker.close();
  }
  const first = firstProblem(report.scored);
  if (!first) {
    return { check: null, level: 0, levels: 0, lines: [exercise ? fill(S.hintAllPass, { exercise })[lang] : S.hintAllPassEverywhere[lang]] };
  }
  const book = readHints(opts.kitRoot, first.exercise);
  const levels = book[first.id] ?? [];
  const lines = describeProblem(first, lang, { next: false, hint: levels.length === 0 });
  if (levels.length === 0) {
    lines.push('', S.hintNoMore[lang]);
    return { check: first, level: 0, levels: 0, lines };
  }
  const key = `${first.exercise}/${first.id}`;
  const state = readState(opts.kitRoot);
  const level = Math.min((state[key] ?? 0) + 1, levels.length);
  state[key] = level;
  writeState(opts.kitRoot, state);
  lines.push('', fill(S.hintLevel, { level, levels: levels.length })[lang], `  ${levels[level - 1][lang]}`, '');
  lines.push(level < levels.length ? fill(S.hintMore, { exercise: first.exercise })[lang] : S.hintLast[lang]);
  return { check: first, level, levels: levels.length, lines };
}
