/**
 * `gatelab watch [exercise]`: like rustlings' watch mode. It checks everything once, then on every save under
 * exercises/ checks the exercise that changed again, clears the screen and shows the progress line, that
 * exercise's checks, the first failure and its hint.
 *
 * The parts live apart so each is tested alone: watch-queue.ts decides when to run (debouncing, one run at a
 * time), watch-view.ts what a saved file means and what the screen shows; this file only wires them to a
 * Checker, the file watcher and the abort signal. One Checker serves the whole session (toolkit compiled once, the
 * harness loaded once, the sandbox's isolation probed once), so a rerun costs only the exercise's own checks.
 */
import { watch as watchFiles, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { Checker, type CheckReport } from './checker';
import { findExercise, loadCatalog, type Catalog } from '../shared/catalog';
import { text } from '../shared/messages';
import type { Lang } from '../shared/results';
import { RecheckQueue, type Change } from './watch-queue';
import { changeOf, focusOf, relativeName, remember, renderScreen, type Latest } from './watch-view';

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

/**
 * Ctrl-C (SIGINT) or SIGTERM stops the watch: the signal aborts, and the watch closes the Checker and its sandbox
 * before the process ends. A second Ctrl-C while that runs ends the process at once.
 */
export function untilInterrupted(): { signal: AbortSignal; dispose: () => void } {
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  };
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, onSignal);
  return {
    signal: stop.signal,
    dispose: () => {
      for (const name of ['SIGINT', 'SIGTERM'] as const) process.off(name, onSignal);
    },
  };
}

const aborted = (signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (!signal || signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** What one watch session keeps between runs. */
interface Session {
  opts: WatchOptions;
  catalog: Catalog;
  checker: Checker;
  lang: Lang;
  order: string[];
  latest: Latest;
  clear: boolean;
  write: (text: string) => void;
  /** The exercise shown in detail; null until the first run picks one. */
  inView: string | null;
}

/** One run (`exercise` null: every exercise), then its screen. */
async function checkAndShow(s: Session, exercise: string | null, toolkit = false): Promise<void> {
  const started = performance.now();
  let run: WatchRun;
  try {
    if (toolkit) await s.checker.refreshToolkit();
    const report = await s.checker.run({ exercise: exercise ?? undefined, lang: s.lang });
    remember(s.latest, report, s.order);
    run = { exercise, report, ms: performance.now() - started };
  } catch (err) {
    run = {
      exercise,
      report: null,
      error: err instanceof Error ? err.message : String(err),
      ms: performance.now() - started,
    };
  }
  s.inView = exercise ?? focusOf(s.latest, s.order, s.inView);
  const screen = { catalog: s.catalog, latest: s.latest, order: s.order, focus: s.inView, lang: s.lang, ms: run.ms };
  const lines = renderScreen(screen, run.report ? { report: run.report } : { error: run.error ?? '?' });
  s.write((s.clear ? CLEAR : '') + lines.join('\n') + '\n');
  s.opts.onRun?.(run);
}

export async function watch(opts: WatchOptions): Promise<void> {
  const catalog = loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? catalog.defaultLanguage;
  const write = opts.write ?? ((text: string) => void process.stdout.write(text));
  if (opts.signal?.aborted) return;
  const inView = opts.exercise ? findExercise(catalog, opts.exercise).id : null;
  write(`${text('student.watchStarting')[lang]}
`);
  const checker = await Checker.start({ kitRoot: opts.kitRoot, catalog });
  const order = catalog.exercises.map((e) => e.id);
  const s: Session = {
    opts,
    catalog,
    checker,
    lang,
    order,
    latest: new Map(),
    clear: opts.clear ?? Boolean(process.stdout.isTTY),
    write,
    inView,
  };

  const queue = new RecheckQueue(async (change: Change) => {
    if (!s.clear) write(`${text('student.watchRunning', { exercise: change.exercise })[lang]}\n`);
    await checkAndShow(s, change.exercise, change.toolkit);
  }, opts.debounceMs ?? 150);
  const known = new Set(order);
  let watcher: FSWatcher | undefined;
  try {
    const first = checkAndShow(s, null);
    // Saves during the first run are checked after it.
    watcher = watchFiles(path.join(opts.kitRoot, 'exercises'), { recursive: true }, (_event, filename) => {
      const name = relativeName(filename);
      const change = name ? changeOf(name, known, s.inView ?? order[0]) : null;
      if (change) void first.then(() => queue.changed(change));
    });
    await aborted(opts.signal);
    await first;
  } finally {
    watcher?.close();
    await queue.stop();
    await checker.close();
  }
}
