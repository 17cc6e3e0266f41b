/**
 * What `watch` shows and what it reacts to, as plain functions: which saved file means which exercise, the
 * progress line, and the screen after a run. No terminal, timers or files here, so each is tested alone.
 */
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import type { CheckReport } from './checker';
import { renderCheck } from './render';
import { text } from '../shared/messages';
import type { CheckResult, Lang } from '../shared/results';
import type { Change } from './watch-queue';

/** Files whose change can change a check's outcome. Editors' swap and backup files are not among them. */
const RELEVANT = /\.(ts|json)$/;

/**
 * The change a saved file means: `filename` is relative to exercises/. A file of an exercise rechecks that exercise;
 * a toolkit file (lib/) rechecks the exercise in view with the toolkit compiled again; anything else is ignored.
 */
export function changeOf(filename: string, exercises: ReadonlySet<string>, inView: string): Change | null {
  const parts = filename.split(/[\\/]/).filter(Boolean);
  const name = parts[parts.length - 1] ?? '';
  if (!RELEVANT.test(name) || parts.length < 2) return null;
  if (parts[0] === 'lib') return { exercise: inView, toolkit: true };
  return exercises.has(parts[0]) ? { exercise: parts[0] } : null;
}

/** The latest results per exercise: the first run fills every exercise, each later run one. */
export type Latest = Map<string, CheckResult[]>;

export function remember(latest: Latest, report: CheckReport, order: readonly string[]): void {
  for (const id of order) {
    const checks = report.scored.checks.filter((c) => c.exercise === id);
    if (checks.length > 0) latest.set(id, checks);
  }
}

/** "✓ 01  ◐ 02  ✗ 03 …  1/4 exercises · 3/9 public checks". */
export function progressLine(latest: Latest, order: readonly string[], lang: Lang): string {
  let doneExercises = 0;
  let passedChecks = 0;
  let totalChecks = 0;
  const marks = order.map((id) => {
    const checks = latest.get(id);
    if (!checks) return `? ${id.slice(0, 2)}`;
    const passed = checks.filter((c) => c.outcome === 'passed').length;
    passedChecks += passed;
    totalChecks += checks.length;
    if (passed === checks.length) doneExercises++;
    return `${passed === checks.length ? '✓' : passed > 0 ? '◐' : '✗'} ${id.slice(0, 2)}`;
  });
  return `${text('student.watchProgress')[lang]}: ${marks.join('  ')}   ${doneExercises}/${order.length} ${text('student.watchExercises')[lang]} · ${passedChecks}/${totalChecks} ${text('student.watchChecks')[lang]}`;
}

/** The exercise to show in detail: the one asked for, else the first not solved yet, else the last. */
export function focusOf(latest: Latest, order: readonly string[], asked: string | null): string {
  return asked ?? order.find((id) => latest.get(id)?.some((c) => c.outcome !== 'passed')) ?? order[order.length - 1];
}

export interface Screen {
  /** The catalog, for the notes under the table (what the points count, the language). */
  catalog: Catalog;
  latest: Latest;
  order: readonly string[];
  focus: string;
  lang: Lang;
  ms: number;
}

/** The screen after a run: progress, the focused exercise's checks, its first problem; or why the run failed. */
export function renderScreen(screen: Screen, outcome: { report: CheckReport } | { error: string }): string[] {
  const { latest, order, focus, lang } = screen;
  const lines = [progressLine(latest, order, lang), ''];
  if ('report' in outcome) {
    const scored = outcome.report.scored;
    const only = {
      ...scored,
      checks: scored.checks.filter((c) => c.exercise === focus),
      exercises: scored.exercises.filter((e) => e.id === focus),
    };
    lines.push(...renderCheck(only, lang, { detailed: true, next: false, notes: screen.catalog }));
  } else {
    lines.push(text('student.watchFailed', { message: outcome.error })[lang]);
  }
  lines.push(
    '',
    `${text('student.watchTook', { seconds: (screen.ms / 1000).toFixed(1) })[lang]} · ${text('student.watchWaiting')[lang]}`,
  );
  return lines;
}

/** A path relative to exercises/ as fs.watch reports it (a Buffer on some platforms). */
export function relativeName(filename: string | Buffer | null): string | null {
  return filename ? filename.toString().split(path.sep).join('/') : null;
}
