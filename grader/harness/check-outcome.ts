/**
 * The small rules of a check's outcome: a student's plot made safe to keep, the outcome a failed call stands for,
 * and what the test host is handed when a check does not pass.
 */
import { PLOT_LIMITS, type Outcome, type Plot, type PlotSeries } from '../shared/results';
import type { StudentFailure } from './student';

const text = (value: unknown, max: number): string => (typeof value === 'string' ? value : String(value)).slice(0, max);
const round = (value: number): number => Number(value.toPrecision(6));

/** A plot from a check, cut to PLOT_LIMITS with only finite points (student curves are untrusted data). */
export function cleanPlot(plot: Plot): Plot {
  const families = plot.families
    .slice(0, PLOT_LIMITS.families)
    .map((f) => ({ id: text(f.id, PLOT_LIMITS.label), title: f.title }));
  const known = new Set(families.map((f) => f.id));
  const series: PlotSeries[] = [];
  for (const s of plot.series) {
    if (series.length >= PLOT_LIMITS.series) break;
    const family = text(s.family, PLOT_LIMITS.label);
    if (!known.has(family) || (s.source !== 'student' && s.source !== 'reference') || !Array.isArray(s.points))
      continue;
    const points: [number, number][] = [];
    for (const p of s.points) {
      if (points.length >= PLOT_LIMITS.points) break;
      // Six significant digits are plenty for a picture and keep results.json small.
      if (Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]))
        points.push([round(p[0]), round(p[1])]);
    }
    const title = s.title
      ? { en: text(s.title.en, PLOT_LIMITS.label), ru: text(s.title.ru, PLOT_LIMITS.label) }
      : undefined;
    series.push({
      label: text(s.label, PLOT_LIMITS.label),
      ...(title ? { title } : {}),
      family,
      source: s.source,
      points,
    });
  }
  const id =
    plot.id
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, 64) || 'plot';
  const scales = {
    ...(plot.yScale === 'log10' ? { yScale: 'log10' as const } : {}),
    ...(plot.xInteger === true ? { xInteger: true } : {}),
  };
  return { id, title: plot.title, xTitle: plot.xTitle, yTitle: plot.yTitle, families, series, ...scales };
}

export function outcomeOfFailure(kind: StudentFailure['kind']): Outcome {
  switch (kind) {
    case 'not-implemented':
      return 'not-implemented';
    case 'timeout':
    case 'budget-exhausted':
      return 'timeout';
    case 'out-of-memory':
      return 'out-of-memory';
    case 'exited':
    case 'crashed':
      return 'crashed';
    case 'missing-module':
    case 'not-a-function':
      return 'missing';
    default:
      return 'error';
  }
}

/**
 * What a check that did not pass throws, so that its test is marked failed: the message and no stack. The record is
 * the result; Vitest reads a thrown error's stack through the source maps of every file in it (about 70 ms a student).
 */
export function failedCheck(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}
