/**
 * `gatelab hint [exercise]`: escalating hints that follow the current failure. Each call runs the exercise's public
 * checks and takes the first that fails. Its hints, gentlest first, are chosen by what fails:
 *   1. the hint that comes with the diagnosis (a recognised mistake brings its own: a wrong σ′ gets a hint about σ′);
 *   2. then the check's levels from `exercises/<id>/hints.json`, leaving out those `about` functions that do not
 *      fail (a hint never sends the student to a function that passes).
 * The level reached is kept in `.gatelab/hints.json` per check together with the failure it was about (the check's
 * diagnosis), so a new mistake starts again at level 1 instead of going on with the old one's hints.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Checker } from './checker';
import { findExercise, loadCatalog, type Catalog } from '../shared/catalog';
import { UsageError } from '../shared/errors';
import { text } from '../shared/messages';
import type { CheckResult, Lang, Localized } from '../shared/results';
import { describeProblem, firstProblem } from './render';

/** A hint level; `about` names the functions it is about (absent: about the check as a whole). */
export interface HintLevel extends Localized {
  about?: string[];
}

/** check id → hint levels, gentlest first. */
export type HintBook = Record<string, HintLevel[]>;

const isLevel = (v: unknown): v is HintLevel => {
  if (v === null || typeof v !== 'object') return false;
  const { en, ru, about } = v as HintLevel;
  return (
    typeof en === 'string' &&
    typeof ru === 'string' &&
    (about === undefined || (Array.isArray(about) && about.every((a) => typeof a === 'string')))
  );
};

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
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new UsageError(`${file}: must be an object of check id → list of hints`);
  const book: HintBook = {};
  for (const [check, levels] of Object.entries(data)) {
    if (check.startsWith('$')) continue;
    if (!Array.isArray(levels) || levels.length === 0 || !levels.every(isLevel)) {
      throw new UsageError(
        `${file}: "${check}" must be a non-empty list of {"en": …, "ru": …} hints (optionally with "about": [function names])`,
      );
    }
    book[check] = levels;
  }
  return book;
}

/** Whether the failure is about `fn`: its diagnosis or a differing quantity names it. */
function names(c: CheckResult, fn: string): boolean {
  const word = new RegExp(`(^|[^A-Za-z0-9_])${fn}([^A-Za-z0-9_]|$)`);
  return word.test(c.diagnosis?.en ?? '') || c.diffs.some((d) => word.test(d.quantity));
}

/** The hints for this failure, in order: the diagnosis' own, then the check's levels about what fails. */
export function levelsFor(c: CheckResult, book: HintBook): Localized[] {
  const all = book[c.id] ?? [];
  const relevant = all.filter((level) => !level.about || level.about.some((fn) => names(c, fn)));
  // A failure that names nothing the levels are about (a crash, a timeout …) may need any of them.
  const chosen = relevant.length > 0 ? relevant : all;
  const levels: Localized[] = c.hint ? [c.hint] : [];
  for (const level of chosen) if (!levels.some((l) => l.en === level.en)) levels.push({ en: level.en, ru: level.ru });
  return levels;
}

/**
 * What fails, as a short key: the outcome, the diagnosis' hint and which quantities differ. The diagnosis text itself
 * counts only when no quantity differs (a recognised mistake, a crash …): a count of differing entries in it changes
 * with every edit, the mistake does not.
 */
export function failureKey(c: CheckResult): string {
  const quantities = [...new Set(c.diffs.map((d) => d.quantity.replace(/\s*#\d+$/, '')))].sort();
  const what = quantities.length > 0 ? quantities.join(',') : (c.diagnosis?.en ?? '');
  return createHash('sha256')
    .update(`${c.outcome}\n${c.hint?.en ?? ''}\n${what}`)
    .digest('hex')
    .slice(0, 16);
}

/** Per check (`exercise/check`): the failure the hints were about, and the level reached. */
type HintState = Record<string, { failure: string; level: number }>;

export function hintStateFile(kitRoot: string): string {
  return path.join(kitRoot, '.gatelab', 'hints.json');
}

function readState(kitRoot: string): HintState {
  try {
    const data = JSON.parse(readFileSync(hintStateFile(kitRoot), 'utf8')) as unknown;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
    const ok = (v: unknown): v is { failure: string; level: number } =>
      v !== null &&
      typeof v === 'object' &&
      typeof (v as { failure?: unknown }).failure === 'string' &&
      Number.isInteger((v as { level?: unknown }).level);
    return Object.fromEntries(Object.entries(data).filter(([, v]) => ok(v))) as HintState;
  } catch {
    // No state yet, or a state file the student broke: start over rather than stop them.
    return {};
  }
}

function writeState(kitRoot: string, state: HintState): void {
  mkdirSync(path.dirname(hintStateFile(kitRoot)), { recursive: true });
  writeFileSync(hintStateFile(kitRoot), JSON.stringify(state, null, 2) + '\n');
}

/** The next level for this failure: one on from the last call if the failure is the same, else the first. */
export function advance(state: HintState, c: CheckResult, levels: number): number {
  const key = `${c.exercise}/${c.id}`;
  const failure = failureKey(c);
  const before = state[key]?.failure === failure ? state[key].level : 0;
  const level = Math.min(before + 1, levels);
  state[key] = { failure, level };
  return level;
}

export interface HintResult {
  /** The check the hint is about; null when every public check passes. */
  check: CheckResult | null;
  /** 1-based level shown, and how many this failure has (0 when it has none). */
  level: number;
  levels: number;
  lines: string[];
}

/**
 * Shows the next hint for the first failing public check of `exercise` (by default the first exercise
 * with a failing check). A Checker may be passed in to reuse a warm one (watch mode, tests).
 */
export async function nextHint(opts: {
  kitRoot: string;
  exercise?: string;
  lang?: Lang;
  checker?: Checker;
  catalog?: Catalog;
}): Promise<HintResult> {
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
    return {
      check: null,
      level: 0,
      levels: 0,
      lines: [exercise ? text('student.hintAllPass', { exercise })[lang] : text('student.hintAllPassEverywhere')[lang]],
    };
  }
  const levels = levelsFor(first, readHints(opts.kitRoot, first.exercise));
  const lines = describeProblem(first, lang, { next: false, hint: false });
  if (levels.length === 0) {
    lines.push('', text('student.hintNoMore')[lang]);
    return { check: first, level: 0, levels: 0, lines };
  }
  const state = readState(opts.kitRoot);
  const level = advance(state, first, levels.length);
  writeState(opts.kitRoot, state);
  lines.push('', text('student.hintLevel', { level, levels: levels.length })[lang], `  ${levels[level - 1][lang]}`, '');
  lines.push(
    level < levels.length
      ? text('student.hintMore', { exercise: first.exercise })[lang]
      : text('student.hintLast')[lang],
  );
  return { check: first, level, levels: levels.length, lines };
}
