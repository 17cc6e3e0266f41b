/**
 * The class outputs in the reports folder: gradebook.csv, stats.json and index.html, rebuilt
 * from every student's results.json (so a resumed batch reports the whole class).
 */
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../atomic';
import type { Catalog } from '../catalog';
import type { StudentEntry } from '../grade-all/discover';
import { PACKAGE_ROOT } from '../kit';
import { formatMilli } from '../points';
import type { Lang } from '../results';
import { gradebookCsv } from './gradebook';
import { histogramSvg } from './histogram';
import { loadRows, type ClassRow } from './rows';
import { classStats, type ClassStats } from './stats';
import { similarPairs } from './similar';
import type { SimilarPair } from '../similarity';

export interface ClassSummary {
  rows: ClassRow[];
  stats: ClassStats;
  similar: SimilarPair[];
  files: { gradebook: string; stats: string; index: string };
}

let template: Handlebars.TemplateDelegate | undefined;

function renderIndex(catalog: Catalog, rows: ClassRow[], stats: ClassStats, similar: SimilarPair[], lang: Lang): string {
  const strings = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'templates', `class-strings.${lang}.json`), 'utf8')) as Record<string, string>;
  template ??= Handlebars.create().compile(readFileSync(path.join(PACKAGE_ROOT, 'templates', 'class-index.html.hbs'), 'utf8'), { strict: true });
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const maxMilli = rows[0]?.maxMilli ?? 0;
  const statusText = (s: string) => strings[`status_${s}`] ?? s;
  return template({
    lang,
    s: strings,
    course: catalog.course[lang],
    generated: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    summary: {
      students: stats.students,
      graded: stats.graded,
      median: stats.scoreMilli ? formatMilli(stats.scoreMilli.median) : '—',
      mean: stats.scoreMilli ? formatMilli(stats.scoreMilli.mean) : '—',
      max: formatMilli(maxMilli),
      runtime: stats.runtimeSeconds ? `${stats.runtimeSeconds.median.toFixed(1)} s / ${stats.runtimeSeconds.p90.toFixed(1)} s` : '—',
    },
    histogram: histogramSvg(
      rows.filter((r) => r.results).map((r) => r.results?.final_milli ?? 0),
      maxMilli,
      { x: strings.histogram_x, y: strings.histogram_y, title: strings.histogram_title },
    ),
    exercises: catalog.exercises.map((e) => {
      const scores = rows.filter((r) => r.results).map((r) => r.results?.exercises.find((x) => x.id === e.id)?.score_milli ?? 0);
      const mean = scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : 0;
      return {
        title: e.title[lang],
        id: e.id,
        mean: formatMilli(mean),
        max: formatMilli(Math.round(e.points * 1000)),
        checks: stats.checks
          .filter((c) => c.exercise === e.id)
          .map((c) => ({
            id: c.check,
            title: c.title[lang],
            hidden: c.hidden,
            passRate: pct(c.passRate),
            barWidth: Math.round(c.passRate * 100),
            passed: c.passed,
            attempted: c.attempted,
            diagnoses: c.topDiagnoses.map((d) => ({ text: d.diagnosis[lang], count: d.count })),
          })),
      };
    }),
    lists: [
      { title: strings.list_missing, ids: stats.missing },
      { title: strings.list_errored, ids: stats.errored },
      { title: strings.list_timeouts, ids: stats.timeouts },
      { title: strings.list_late, ids: stats.late },
      { title: strings.list_tampered, ids: stats.tampered },
    ],
    similar: similar.map((p) => ({
      exercise: catalog.exercises.find((e) => e.id === p.exercise)?.title[lang] ?? p.exercise,
      a: p.a,
      b: p.b,
      score: `${Math.round(p.score * 100)}%`,
      evidence: p.evidence.map((e) => ({ ...e, aLines: `${e.aLines[0]}–${e.aLines[1]}`, bLines: `${e.bLines[0]}–${e.bLines[1]}` })),
    })),
    students: rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: statusText(r.status),
      final: r.results ? formatMilli(r.results.final_milli) : '—',
      penalty: r.results && r.results.submission.penalty_milli > 0 ? formatMilli(r.results.submission.penalty_milli) : '',
      max: formatMilli(r.maxMilli),
      href: r.results ? `${encodeURIComponent(r.id)}/feedback.html` : null,
      notes: r.results?.integrity.length ?? 0,
      error: r.error ?? '',
    })),
  });
}

/** What `gatelab report` needs to rebuild the class outputs without the submissions at hand. */
interface ClassState {
  lang: Lang;
  students: StudentEntry[];
  similar: SimilarPair[];
}

const STATE_FILE = 'class.json';

export function readClassState(out: string): Partial<ClassState> & { students: StudentEntry[]; similar: SimilarPair[] } {
  const file = path.join(out, STATE_FILE);
  if (!existsSync(file)) return { students: [], similar: [] };
  const state = JSON.parse(readFileSync(file, 'utf8')) as ClassState;
  return { lang: state.lang, students: state.students ?? [], similar: state.similar ?? [] };
}

export async function writeClassOutputs(opts: {
  out: string;
  kitRoot: string;
  catalog: Catalog;
  students: StudentEntry[];
  lang: Lang;
  /** Look-alike pairs found earlier (by `report`, which has no submissions to compare). */
  similar?: SimilarPair[];
}): Promise<ClassSummary> {
  const rows = loadRows(opts.out, opts.catalog, opts.students);
  const stats = classStats(opts.catalog, rows);
  const similar = opts.similar ?? similarPairs(opts.kitRoot, opts.catalog, opts.students);
  writeFileAtomicSync(path.join(opts.out, STATE_FILE), JSON.stringify({ lang: opts.lang, students: opts.students, similar } satisfies ClassState, null, 1) + '\n');
  const files = {
    gradebook: path.join(opts.out, 'gradebook.csv'),
    stats: path.join(opts.out, 'stats.json'),
    index: path.join(opts.out, 'index.html'),
  };
  writeFileAtomicSync(files.gradebook, gradebookCsv(opts.catalog, rows));
  writeFileAtomicSync(files.stats, JSON.stringify({ ...stats, similar }, null, 2) + '\n');
  writeFileAtomicSync(files.index, renderIndex(opts.catalog, rows, stats, similar, opts.lang));
  return { rows, stats, similar, files };
}
