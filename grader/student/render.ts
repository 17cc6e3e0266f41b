/**
 * What `check` (and `watch`, `hint`) print for a student: the progress table, the first problem with where it
 * happened, and the notes that make the first screen explain itself (the language and how to switch it; what the
 * points column counts and what the exercise is worth in all).
 */
import type { Catalog } from '../shared/catalog';
import type { Scored } from '../grade/score';
import { fill, text } from '../shared/messages';
import { formatMilli, toMilli } from '../shared/points';
import type { CheckResult, Lang } from '../shared/results';

const SYMBOL: Record<string, string> = { passed: '✓', partial: '◐' };

export interface RenderOptions {
  /** Every check of the exercise on its own line. */
  detailed?: boolean;
  /** The command to run again after the first problem (default: shown). */
  next?: boolean;
  /** With the catalog: under the table, what the points count and which language this is (the first screen). */
  notes?: Catalog;
}

/** The progress table; with `detailed`, every check; then the first problem and its hint. */
export function renderCheck(scored: Scored, lang: Lang, opts: RenderOptions = {}): string[] {
  const rows = scored.exercises.map((e) => {
    const checks = scored.checks.filter((c) => c.exercise === e.id);
    const passed = checks.filter((c) => c.outcome === 'passed').length;
    const mark = passed === checks.length ? '✓' : passed > 0 ? '◐' : '✗';
    return [
      `${mark} ${e.id}`,
      `${passed}/${checks.length}`,
      `${formatMilli(e.score_milli)}/${formatMilli(e.max_milli)}`,
    ];
  });
  const header = [
    text('student.checkExercise')[lang],
    text('student.checkChecks')[lang],
    text('student.checkPoints')[lang],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const lines = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (opts.detailed) {
    lines.push('');
    for (const c of scored.checks) lines.push(`  ${SYMBOL[c.outcome] ?? '✗'} ${c.id}: ${c.title[lang]}`);
  }
  if (opts.notes)
    lines.push(
      '',
      pointsNote(
        opts.notes,
        scored.exercises.map((e) => e.id),
        lang,
      ),
      languageNote(lang),
    );
  const first = firstProblem(scored);
  lines.push('');
  if (!first) lines.push(text('student.checkDone')[lang]);
  else lines.push(...describeProblem(first, lang, { next: opts.next }));
  return lines;
}

export function firstProblem(scored: Scored): CheckResult | undefined {
  return scored.checks.find((c) => c.outcome !== 'passed');
}

/** The first problem, what is wrong, its hint (unless `hint: false`) and how to run it again (unless `next: false`). */
export function describeProblem(c: CheckResult, lang: Lang, opts: { next?: boolean; hint?: boolean } = {}): string[] {
  const out = [`${text('student.checkFirst')[lang]}: ${c.exercise} › ${c.id} (${c.title[lang]})`];
  if (c.diagnosis) out.push(...c.diagnosis[lang].split('\n').map((l) => `  ${l}`));
  if (c.hint && opts.hint !== false) out.push(`  ${text('student.checkHint')[lang]}: ${c.hint[lang]}`);
  if (opts.next !== false) out.push(`  ${text('student.checkNext')[lang]}: npx gatelab check ${c.exercise}`);
  return out;
}

/** Which language the messages are in, and how to get the other one. */
export function languageNote(lang: Lang): string {
  return text('student.checkLanguage')[lang];
}

/**
 * What the points column counts: the public checks only, against what the exercise (or the course) is worth, and
 * how many hidden checks and points follow at grading. `exerciseIds` are the exercises shown.
 */
export function pointsNote(catalog: Catalog, exerciseIds: readonly string[], lang: Lang): string {
  const shown = catalog.exercises.filter((e) => exerciseIds.includes(e.id));
  const sum = (pick: (c: Catalog['exercises'][number]['checks'][number]) => boolean) =>
    shown.reduce((s, e) => s + e.checks.filter(pick).reduce((t, c) => t + toMilli(c.points), 0), 0);
  const publicMilli = sum((c) => c.visibility === 'public');
  const hiddenMilli = sum((c) => c.visibility === 'hidden');
  const hidden = shown.reduce((s, e) => s + e.checks.filter((c) => c.visibility === 'hidden').length, 0);
  const params = {
    public: formatMilli(publicMilli),
    total: formatMilli(publicMilli + hiddenMilli),
    hidden,
    hiddenPoints: formatMilli(hiddenMilli),
    exercise: shown[0]?.id ?? '',
  };
  return fill(shown.length === 1 ? text('student.checkPointsNote') : text('student.checkPointsNoteAll'), params)[lang];
}
