/**
 * `gatelab watch [exercise]`: like rustlings' watch mode. It checks everything once, then on every
 * save under exercises/ checks the exercise that changed again, clears the screen and shows the
 * progress line, that exercise's checks, the first failure and its hint.
 *
 * One Checker serves the whole session (toolkit compiled once, one Vitest instance, the sandbox's
 * isolation probed once), so a rerun costs only the exercise's own checks.
 */
import { watch as watchFiles, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { Checker, renderCheck, type CheckReport } from '../check';
import { findExercise, loadCatalog } from '../catalog';
import { fill } from '../harness/messages';
import type { CheckResult, Lang } from '../results';
import { S } from './strings';

export interface WatchRun {
  /** The exercise that was checked; null for the first run over every exercise. */
  exercise: string | null;
  report: CheckReport | null;
  error?: string;
  ms: number;
}

export interface WatchOptions {
  kitRoot: string;
  /** The exercise shown first (by default the first one with a failing check). */
  exercise?: string;
  lang?: Lang;
  /** Aborting stops the watch; the promise then resolves. */
  signal?: AbortSignal;
  write?: (text: string) => void;
  /** Clear the screen before each run (default: when stdout is a terminal). */
  clear?: boolean;
  debounceMs?: number;
  /** Called after every run (tests, the bench). */
  onRun?: (run: WatchRun) => void;
}

const CLEAR = '\x1b[2J\x1b[3J\x1b[H';
/** Files whose change can change a check's outcome. Editors' swap and backup files are not among them. */
const RELEVANT = /\.(ts|json)$/;

/** "✓ 01  ◐ 02  ✗ 03 …  1/4 exercises · 3/9 public checks". */
export function progressLine(latest: Map<string, CheckResult[]>, order: string[], lang: Lang): string {
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
  return `${S.watchProgress[lang]}: ${marks.join('  ')}   ${doneExercises}/${order.length} ${S.watchExercises[lang]} · ${passedChecks}/${totalChecks} ${S.watchChecks[lang]}`;
}

export async function watch(opts: WatchOptions): Promise<void> {
  const catalog = loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? catalog.defaultLanguage;
  const write = opts.write ?? ((text: string) => void process.stdout.write(text));
  const clear = opts.clear ?? Boolean(process.stdout.isTTY);
  const order = catalog.exercises.map((e) => e.id);
  let current = opts.exercise ? findExercise(catalog, opts.exercise).id : null;
  if (opts.signal?.aborted) return;

  write(`${S.watchStarting[lang]}\n`);
  // Vitest's logger ends the process on SIGINT/SIGTERM; here Ctrl-C belongs to whoever aborts the watch,
  // which then closes Vitest and the sandbox properly. Its handlers are taken off again.
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const checker = await Checker.start({ kitRoot: opts.kitRoot, catalog });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
  }
  const latest = new Map<string, CheckResult[]>();

  const show = (run: WatchRun) => {
    const lines: string[] = [];
    if (run.report) {
      for (const id of order) {
        const checks = run.report.scored.checks.filter((c) => c.exercise === id);
        if (checks.length > 0) latest.set(id, checks);
      }
      lines.push(progressLine(latest, order, lang), '');
      // The exercise just checked in detail; after the first run, the one asked for or the first not yet solved.
      const focus = run.exercise ?? current ?? order.find((id) => latest.get(id)?.some((c) => c.outcome !== 'passed')) ?? order[order.length - 1];
      current ??= focus;
      const scored = run.report.scored;
      const only = { ...scored, checks: scored.checks.filter((c) => c.exercise === focus), exercises: scored.exercises.filter((e) => e.id === focus) };
      lines.push(...renderCheck(only, lang, true, false));
    } else {
      lines.push(progressLine(latest, order, lang), '', fill(S.watchFailed, { message: run.error ?? '?' })[lang]);
    }
    lines.push('', `${fill(S.watchTook, { seconds: (run.ms / 1000).toFixed(1) })[lang]} · ${S.watchWaiting[lang]}`);
    write((clear ? CLEAR : '') + lines.join('\n') + '\n');
    opts.onRun?.(run);
  };

  const runOnce = async (exercise: string | null) => {
    const started = performance.now();
    try {
      const report = await checker.run({ exercise: exercise ?? undefined, lang });
      show({ exercise, report, ms: performance.now() - started });
    } catch (err) {
      show({ exercise, report: null, error: err instanceof Error ? err.message : String(err), ms: performance.now() - started });
    }
  };

  // Saves that arrive during a run are remembered and checked right after it: never two runs at once.
  let running: Promise<void> = runOnce(null);
  let pending: string | null = null;
  let toolkitChanged = false;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const exercise = pending;
    pending = null;
    if (!exercise || opts.signal?.aborted) return;
    current = exercise;
    running = running.then(async () => {
      if (toolkitChanged) {
        toolkitChanged = false;
        await checker.refreshToolkit().catch(() => undefined);
      }
      if (!clear) write(`${fill(S.watchRunning, { exercise })[lang]}\n`);
      await runOnce(exercise);
    });
  };

  const known = new Set(order);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watchFiles(path.join(opts.kitRoot, 'exercises'), { recursive: true }, (_event, filename) => {
      if (!filename) return;
      const rel = filename.toString().split(path.sep);
      if (!RELEVANT.test(rel[rel.length - 1])) return;
      if (rel[0] === 'lib') {
        toolkitChanged = true;
        pending = current ?? order[0];
      } else if (known.has(rel[0])) pending = rel[0];
      else return;
      clearTimeout(timer);
      timer = setTimeout(flush, opts.debounceMs ?? 150);
    });
    await new Promise<void>((resolve) => {
      if (opts.signal?.aborted) return resolve();
      opts.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    clearTimeout(timer);
    watcher?.close();
    await running.catch(() => undefined);
    await checker.close();
  }
}
