/**
 * `gatelab check [exercise]` for students: the public tests on their own files, a progress
 * table like rustlings', and for the first failing check what is wrong and a hint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExercise, loadCatalog, type Catalog } from './catalog';
import { compileSubmission, compileKitRuntime } from './grade/compile';
import { runSuites } from './grade/run-suites';
import { score, type Scored } from './grade/score';
import { suiteFiles } from './grade/suites';
import { formatMilli } from './points';
import type { CheckResult, Lang } from './results';
import { DEFAULT_LIMITS } from './sandbox';
import { UsageError } from './errors';

export interface CheckReport {
  scored: Scored;
  lines: string[];
  allPassed: boolean;
}

const T = {
  en: { exercise: 'Exercise', checks: 'Checks passed', points: 'Points', first: 'First problem', hint: 'Hint', done: 'All public checks pass. The hidden checks run when your work is graded.', next: 'Run again after you fix it' },
  ru: { exercise: 'Упражнение', checks: 'Пройдено проверок', points: 'Баллы', first: 'Первая проблема', hint: 'Подсказка', done: 'Все открытые проверки пройдены. Скрытые проверки запускаются при оценивании.', next: 'Исправьте и запустите снова' },
};

export async function checkWork(opts: { kitRoot: string; exercise?: string; lang?: Lang; catalog?: Catalog }): Promise<CheckReport> {
  const full = opts.catalog ?? loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? full.defaultLanguage;
  const catalog: Catalog = opts.exercise ? { ...full, exercises: [findExercise(full, opts.exercise)] } : full;
  const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-check-'));
  try {
    const runtime = path.join(work, 'runtime');
    await compileKitRuntime(opts.kitRoot, runtime);
    const staging = path.join(work, 'staging');
    const compiled = await compileSubmission({ exercisesDir: path.join(opts.kitRoot, 'exercises'), staging, runtimeDir: runtime, catalog });
    const files = suiteFiles(opts.kitRoot, catalog, 'public');
    if (files.length === 0) throw new UsageError(`no public tests found under ${path.join(opts.kitRoot, 'exercises')}; run check from the kit's root folder`);
    const ran = await runSuites({
      kitRoot: opts.kitRoot,
      files,
      context: { mode: 'check', staging, seed: 'public', limits: DEFAULT_LIMITS, compileErrors: compiled.compileErrors, freshFixtures: {} },
    });
    const scored = score(catalog, ran.checks, 'public');
    return { scored, lines: render(scored, lang, Boolean(opts.exercise)), allPassed: scored.checks.every((c) => c.outcome === 'passed') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const SYMBOL: Record<string, string> = { passed: '✓', partial: '◐' };

function render(scored: Scored, lang: Lang, detailed: boolean): string[] {
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
  const first = scored.checks.find((c) => c.outcome !== 'passed');
  lines.push('');
  if (!first) lines.push(t.done);
  else lines.push(...describe(first, lang));
  return lines;
}

function describe(c: CheckResult, lang: Lang): string[] {
  const t = T[lang];
  const out = [`${t.first}: ${c.exercise} › ${c.id} (${c.title[lang]})`];
  if (c.diagnosis) out.push(`  ${c.diagnosis[lang]}`);
  if (c.hint) out.push(`  ${t.hint}: ${c.hint[lang]}`);
  out.push(`  ${t.next}: npx gatelab check ${c.exercise}`);
  return out;
}
