/**
 * Step 7: assemble results.json (Gradescope's format plus ours), validate it against its schema, render the
 * feedback reports from exactly what will be written, write them, then results.json atomically, last.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../shared/atomic';
import type { Catalog } from '../shared/catalog';
import { formatMessage, lookup } from '../shared/messages';
import { formatMilli } from '../shared/points';
import { packageVersion } from '../shared/kit';
import type { CheckResult, IntegrityNote, Lang, Results, SubmissionTimeSource, TestEntry } from '../shared/results';
import { validateResults } from '../feedback/validate';
import { renderReports, writeReports, type Reports } from '../feedback/render';
import type { LateResult } from './late-policy';
import type { RanCheck } from './run-suites';
import type { Scored } from './score';
import { sandboxNotes } from './sandbox-notes';

export function buildResults(opts: {
  catalog: Catalog;
  scored: Scored;
  ran: RanCheck[];
  late: LateResult;
  lang: Lang;
  student: string;
  seed: string;
  commit: string | null;
  submittedAt: string | null;
  /** Where the submission time comes from, and when collect first saw the commit (shown in the reports). */
  timeSource?: SubmissionTimeSource | null;
  seenAt?: string | null;
  integrity: IntegrityNote[];
  timings: Record<string, number>;
  seconds: number;
}): Results {
  const { catalog, scored, lang } = opts;
  const finalMilli = Math.max(scored.raw_milli - opts.late.penaltyMilli, 0);
  const tests = scored.checks.map((check, i) => testEntry(catalog, check, i, lang));
  const integrity = [...opts.integrity, ...sandboxNotes(opts.ran)];
  return {
    score: finalMilli / 1000,
    execution_time: Math.round(opts.seconds * 1000) / 1000,
    output: summary(lang, finalMilli, scored.max_milli, opts.late.penaltyMilli, integrity.length),
    visibility: catalog.visibility.results,
    stdout_visibility: catalog.visibility.stdout,
    tests,
    leaderboard: [],
    schema_version: 1,
    student: opts.student,
    lang,
    submission: {
      commit: opts.commit,
      time: opts.submittedAt,
      ...(opts.submittedAt && opts.timeSource ? { time_source: opts.timeSource } : {}),
      ...(opts.seenAt ? { seen_at: opts.seenAt } : {}),
      late_days: opts.late.lateDays,
      penalty_milli: opts.late.penaltyMilli,
    },
    kit_version: `${catalog.kitVersion}+gatelab.${packageVersion()}`,
    seed: opts.seed,
    graded_at: new Date().toISOString(),
    raw_milli: scored.raw_milli,
    final_milli: finalMilli,
    max_milli: scored.max_milli,
    exercises: scored.exercises,
    integrity,
    timings: opts.timings,
  };
}

function testEntry(catalog: Catalog, check: CheckResult, i: number, lang: Lang): TestEntry {
  const exerciseIndex = catalog.exercises.findIndex((e) => e.id === check.exercise);
  const exercise = catalog.exercises[exerciseIndex];
  const number = `${exercise.id.slice(0, 2).replace(/^0/, '')}.${exercise.checks.findIndex((c) => c.id === check.id) + 1}`;
  const output = [check.diagnosis?.[lang], check.hint?.[lang]].filter(Boolean).join('\n\n');
  return {
    score: check.score_milli / 1000,
    max_score: check.max_milli / 1000,
    status: check.outcome === 'passed' ? 'passed' : 'failed',
    name: `${exercise.title[lang]}: ${check.title[lang]}`,
    number,
    output,
    tags: [check.exercise, check.hidden ? 'hidden' : 'public', check.outcome],
    visibility: check.hidden ? catalog.visibility.hiddenChecks : 'visible',
    extra_data: { order: i },
    gatelab: check,
  };
}

function summary(lang: Lang, finalMilli: number, maxMilli: number, penaltyMilli: number, notes: number): string {
  const total = `${formatMilli(finalMilli)} / ${formatMilli(maxMilli)}`;
  const parts = [
    lookup(lang, 'grade.summary.total'),
    penaltyMilli ? lookup(lang, 'grade.summary.penalty') : '',
    notes ? lookup(lang, 'grade.summary.notes') : '',
  ];
  return formatMessage(parts.filter(Boolean).join(' '), { total, penalty: formatMilli(penaltyMilli), notes });
}

/** results.json as written: pairs of numbers (plot points, shapes) on one line each. */
export function stringifyResults(results: Results): string {
  // JSON strings cannot hold a raw line break, so the pattern only ever meets arrays.
  return (
    JSON.stringify(results, null, 2).replace(/\[\n\s*(-?[\d.eE+-]+),\n\s*(-?[\d.eE+-]+)\n\s*\]/g, '[$1, $2]') + '\n'
  );
}

/** The results validated as they will be written, and the reports rendered from them. */
export async function renderResults(outDir: string, results: Results): Promise<Reports> {
  const valid = validateResults(JSON.parse(JSON.stringify(results)), path.join(outDir, 'results.json'));
  return renderReports(valid, results.lang);
}

/** The reports, then results.json last: its presence means the whole student's output is complete. */
export async function writeRendered(outDir: string, results: Results, reports: Reports): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await writeReports(outDir, reports);
  writeFileAtomicSync(path.join(outDir, 'results.json'), stringifyResults(results));
}

export async function writeResults(outDir: string, results: Results): Promise<void> {
  await writeRendered(outDir, results, await renderResults(outDir, results));
}
