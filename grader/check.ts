/**
 * `gatelab check [exercise]` for students: the public tests on their own files, a progress
 * table like rustlings', and for the first failing check what is wrong and a hint.
 *
 * A Checker keeps what does not change between runs warm (the compiled toolkit and runner, one
 * Vitest instance, the sandbox's isolation probe), so `watch` and `hint` pay only for the run.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findExercise, loadCatalog, type Catalog } from './catalog';
import { copyArtifacts } from './grade/artifacts';
import { compileSubmission, compileKitRuntime } from './grade/compile';
import { SuiteRunner } from './grade/run-suites';
import { score, type Scored } from './grade/score';
import { suiteFiles } from './grade/suites';
import { formatMilli } from './points';
import type { CheckResult, Lang } from './results';
import { DEFAULT_LIMITS, isolationDetails, ownedTempDir, removeTempDir } from './sandbox';
import { UsageError } from './errors';
import { checkNotice } from './grade/sandbox-notes';

export interface CheckReport {
  scored: Scored;
  lines: string[];
  allPassed: boolean;
}

const T = {
  en: { exercise: 'Exercise', checks: 'Checks passed', points: 'Points', first: 'First problem', hint: 'Hint', done: 'All public checks pass. The hidden checks run when your work is graded.', next: 'Run again after you fix it' },
  ru: { exercise: 'Упражнение', checks: 'Пройдено проверок', points: 'Баллы', first: 'Первая проблема', hint: 'Подсказка', done: 'Все открытые проверки пройдены. Скрытые проверки запускаются при оценивании.', next: 'Исправьте и запустите снова' },
};

/** Public checks, run again and again on the same kit with everything but the submission kept warm. */
export class Checker {
  private runs = 0;

  private constructor(
    readonly kitRoot: string,
    readonly catalog: Catalog,
    private readonly work: string,
    private readonly runner: SuiteRunner,
    private readonly isolation: Awaited<ReturnType<typeof isolationDetails>>,
  ) {}

  static async start(opts: { kitRoot: string; catalog?: Catalog }): Promise<Checker> {
    const catalog = opts.catalog ?? loadCatalog(opts.kitRoot);
    const work = ownedTempDir('check');
    try {
      // The probe, the toolkit and Vitest's start are independent: overlap them.
      const [isolation, runner] = await Promise.all([
        isolationDetails(),
        SuiteRunner.start({ kitRoot: opts.kitRoot, testTimeoutMs: DEFAULT_LIMITS.totalMs + 30_000 }),
        compileKitRuntime(opts.kitRoot, path.join(work, 'runtime')),
      ]);
      return new Checker(opts.kitRoot, catalog, work, runner, isolation);
    } catch (err) {
      removeTempDir(work);
      throw err;
    }
  }

  /** The toolkit changed (it is compiled once per Checker): compile it again before the next run. */
  async refreshToolkit(): Promise<void> {
    await compileKitRuntime(this.kitRoot, path.join(this.work, 'runtime'));
  }

  /** Runs the public checks of one exercise (id or number), or of every exercise. */
  async run(opts: { exercise?: string; lang?: Lang } = {}): Promise<CheckReport> {
    const lang = opts.lang ?? this.catalog.defaultLanguage;
    const catalog: Catalog = opts.exercise ? { ...this.catalog, exercises: [findExercise(this.catalog, opts.exercise)] } : this.catalog;
    const files = suiteFiles(this.kitRoot, catalog, 'public');
    if (files.length === 0) throw new UsageError(`no public tests found under ${path.join(this.kitRoot, 'exercises')}; run check from the kit's root folder`);
    // A fresh staging folder per run: the sandbox loads modules once, so a changed file needs a new folder.
    const staging = path.join(this.work, `staging-${++this.runs}`);
    mkdirSync(staging, { recursive: true });
    try {
      const compiled = await compileSubmission({ exercisesDir: path.join(this.kitRoot, 'exercises'), staging, runtimeDir: path.join(this.work, 'runtime'), catalog });
      const ran = await this.runner.run(files, {
        mode: 'check',
        staging,
        seed: 'public',
        limits: DEFAULT_LIMITS,
        compileErrors: compiled.compileErrors,
        freshFixtures: {},
        artifacts: copyArtifacts(path.join(this.kitRoot, 'exercises'), catalog, path.join(this.work, `artifacts-${this.runs}`)),
        isolation: this.isolation,
      });
      const scored = score(catalog, ran.checks, 'public');
      // A missing sandbox layer is said once per Checker (so once per watch session), and is not fatal here.
      const notice = this.runs === 1 ? checkNotice(this.isolation, lang) : [];
      return { scored, lines: [...notice, ...renderCheck(scored, lang, Boolean(opts.exercise))], allPassed: scored.checks.every((c) => c.outcome === 'passed') };
    } finally {
      rmSync(staging, { recursive: true, force: true });
      rmSync(path.join(this.work, `artifacts-${this.runs}`), { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    try {
      await this.runner.close();
    } finally {
      removeTempDir(this.work);
    }
  }
}

export async function checkWork(opts: { kitRoot: string; exercise?: string; lang?: Lang; catalog?: Catalog }): Promise<CheckReport> {
  const catalog = opts.catalog ?? loadCatalog(opts.kitRoot);
  // A bad exercise name is bad input: say so before anything starts.
  if (opts.exercise) findExercise(catalog, opts.exercise);
  const checker = await Checker.start({ kitRoot: opts.kitRoot, catalog });
  try {
    return await checker.run({ exercise: opts.exercise, lang: opts.lang });
  } finally {
    await checker.close();
  }
}

const SYMBOL: Record<string, string> = { passed: '✓', partial: '◐' };

/**
 * The progress table; with `detailed`, every check of the exercise; then the first problem and its hint,
 * and (unless `next` is false) the command to run again.
 */
export function renderCheck(scored: Scored, lang: Lang, detailed: boolean, next = true): string[] {
  const t = T[lang];
  const rows = scored.exercises.map((e) => {
    const checks = scored.checks.filter((c) => c.exercise === e.id);
    const passed = checks.filter((c) => c.outcome === 'passed').length;
    const mark = passed === checks.length ? '✓' : passed > 0 ? '◐' : '✗';
    return [`${mark} ${e.id}`, `${passed}/${checks.length}`, `${formatMilli(e.score_milli)}/${formatMilli(e.max_milli)}`];
  });
  const header = [t.exercise, t.checks, t.points];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const lines = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (detailed) {
    lines.push('');
    for (const c of scored.checks) lines.push(`  ${SYMBOL[c.outcome] ?? '✗'} ${c.id}: ${c.title[lang]}`);
  }
  const first = firstProblem(scored);
  lines.push('');
  if (!first) lines.push(t.done);
  else lines.push(...describeProblem(first, lang, { next }));
  return lines;
}

export function firstProblem(scored: Scored): CheckResult | undefined {
  return scored.checks.find((c) => c.outcome !== 'passed');
}

/** The first problem, what is wrong, its hint (unless `hint: false`) and how to run it again (unless `next: false`). */
export function describeProblem(c: CheckResult, lang: Lang, opts: { next?: boolean; hint?: boolean } = {}): string[] {
  const t = T[lang];
  const out = [`${t.first}: ${c.exercise} › ${c.id} (${c.title[lang]})`];
  if (c.diagnosis) out.push(`  ${c.diagnosis[lang]}`);
  if (c.hint && opts.hint !== false) out.push(`  ${t.hint}: ${c.hint[lang]}`);
  if (opts.next !== false) out.push(`  ${t.next}: npx gatelab check ${c.exercise}`);
  return out;
}
