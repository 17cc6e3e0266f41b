/**
 * What templates/class-index.html.hbs renders: the class report's data, worded from the message
 * catalog's area `class`. It opens with who needs attention and the score over the
 * whole roster; times are in the course's time zone (the offset of course.json's deadline).
 */
import type { Catalog } from '../shared/catalog';
import { formatMilli } from '../shared/points';
import { formatMessage } from '../shared/messages';
import type { Lang } from '../shared/results';
import type { SimilarPair } from '../similarity';
import { attentionItems, courseOffsetMinutes, courseTime, type AttentionItem, type AttentionKind } from './attention';
import { histogramSvg } from './histogram';
import type { ClassRow } from './rows';
import type { ClassStats } from './stats';

type Strings = Record<string, string>;

function scoreSummary(s: ClassStats['scoreMilli'], maxMilli: number) {
  const max = formatMilli(maxMilli);
  return s
    ? {
        median: `${formatMilli(s.median)} / ${max}`,
        mean: `${formatMilli(s.mean)} / ${max}`,
        range: `${formatMilli(s.min)}–${formatMilli(s.max)}`,
      }
    : { median: '—', mean: '—', range: '—' };
}

function erroredDetail(item: AttentionItem, strings: Strings): string {
  if (item.crashed?.length)
    return formatMessage(strings.errored_detail, { count: String(item.crashed.length), check: item.crashed[0] });
  return (item.error ?? '').split('\n')[0].slice(0, 200);
}

function attention(rows: ClassRow[], strings: Strings) {
  const items = attentionItems(rows);
  const kinds: [AttentionKind, string][] = [
    ['missing', strings.list_missing],
    ['errored', strings.list_errored],
    ['late', strings.list_late],
    ['timeouts', strings.list_timeouts],
    ['tampered', strings.list_tampered],
  ];
  const lists = kinds.map(([kind, title]) => ({
    title,
    students: items
      .filter((i) => i.kind === kind)
      .map((i) => ({
        id: i.id,
        detail:
          kind === 'late'
            ? formatMessage(strings.late_detail, {
                days: String(i.lateDays),
                penalty: formatMilli(i.penaltyMilli ?? 0),
              })
            : kind === 'errored'
              ? erroredDetail(i, strings)
              : '',
      })),
  }));
  return { lists, none: items.length === 0 };
}

function exercises(catalog: Catalog, rows: ClassRow[], stats: ClassStats, lang: Lang) {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return catalog.exercises.map((e) => {
    const scores = rows
      .filter((r) => r.results)
      .map((r) => r.results?.exercises.find((x) => x.id === e.id)?.score_milli ?? 0);
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
  });
}

export function classView(
  catalog: Catalog,
  rows: ClassRow[],
  stats: ClassStats,
  similar: SimilarPair[],
  lang: Lang,
  strings: Strings,
  now = new Date(),
) {
  const maxMilli = rows[0]?.maxMilli ?? 0;
  const offset = courseOffsetMinutes(catalog);
  return {
    lang,
    s: strings,
    course: catalog.course[lang],
    generated: courseTime(now, offset),
    timesNote: formatMessage(strings.times_note, { zone: courseTime(now, offset).slice(17) }),
    attention: attention(rows, strings),
    summary: {
      students: stats.students,
      graded: stats.graded,
      whole: scoreSummary(stats.scoreMilli, maxMilli),
      gradedOnly: scoreSummary(stats.gradedScoreMilli, maxMilli),
      runtime: stats.runtimeSeconds
        ? `${stats.runtimeSeconds.median.toFixed(1)} s / ${stats.runtimeSeconds.p90.toFixed(1)} s`
        : '—',
    },
    // Every roster student, no submission at 0, as in the summary above it and the grade book.
    histogram: histogramSvg(
      rows.map((r) => r.results?.final_milli ?? 0),
      maxMilli,
      { x: strings.histogram_x, y: strings.histogram_y, title: strings.histogram_title },
    ),
    exercises: exercises(catalog, rows, stats, lang),
    similar: similar.map((p) => ({
      exercise: catalog.exercises.find((e) => e.id === p.exercise)?.title[lang] ?? p.exercise,
      a: p.a,
      b: p.b,
      score: `${Math.round(p.score * 100)}%`,
      evidence: p.evidence.map((e) => ({
        ...e,
        aLines: `${e.aLines[0]}–${e.aLines[1]}`,
        bLines: `${e.bLines[0]}–${e.bLines[1]}`,
      })),
    })),
    students: rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: strings[`status_${r.status}`] ?? r.status,
      final: r.results ? formatMilli(r.results.final_milli) : '0',
      penalty:
        r.results && r.results.submission.penalty_milli > 0 ? formatMilli(r.results.submission.penalty_milli) : '',
      submitted: r.results?.submission.time ? courseTime(r.results.submission.time, offset) : '',
      max: formatMilli(r.maxMilli),
      href: r.results ? `${encodeURIComponent(r.id)}/feedback.html` : null,
      notes: r.results?.integrity.length ?? 0,
      error: r.error ?? '',
    })),
  };
}
