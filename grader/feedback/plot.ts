/**
 * Plots in the feedback: a `Plot` from results.json drawn server-side as a self-contained SVG with Vega-Lite, so the
 * report needs no script and no network. One panel per family, stacked so they share the x axis and fit the report's
 * column; within a panel each curve has its own point shape and colour, and the student's curves are dashed over the
 * reference's solid ones, so the plot reads without colour too. Every title, legend entry and caption is in the
 * report's language and describes this plot (its sources, its log axis if it has one).
 */
import type { Lang, Plot } from '../shared/results';
import type { Strings } from '../shared/messages';
import { plotRuntime, type PanelledSpec } from './plot-runtime';

/** Shapes and colours (Okabe–Ito, safe for colour blindness) by a curve's place in its panel. */
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down'];
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
const SOLID = [1, 0];
const DASHED = [6, 4];
/** About this many markers per curve: enough to tell the shapes apart, few enough to keep the lines readable. */
const MARKERS_PER_CURVE = 10;

/** A string of the catalog by its dotted key (`report.plot.both`), or an error naming the missing key. */
function text(strings: Strings, key: string): string {
  let node: string | Strings | undefined = strings;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string')
    throw new Error(`templates/strings.*.json: no string "${key}" (add it to both strings files)`);
  return node;
}

/**
 * What the plot shows, in sentences of the report's language, describing this plot only: which lines are solid or
 * dashed (by the sources it has), the point shapes, the logarithmic axis only where the values are logarithms.
 */
export function plotCaptionLines(plot: Plot, strings: Strings): { lines: string[]; details: string[] } {
  const sources = new Set(plot.series.map((c) => c.source));
  const both = sources.has('student') && sources.has('reference');
  const lines = [text(strings, `report.plot.${both ? 'both' : sources.has('student') ? 'student' : 'reference'}`)];
  if (plot.yScale === 'log10') lines.push(text(strings, 'report.plot.log'));
  const details = [text(strings, 'report.plot.markers'), ...(both ? [text(strings, 'report.plot.match')] : [])];
  return { lines, details };
}

/** The caption under a figure: what it shows and where its file is. */
export function plotCaption(plot: Plot, strings: Strings): string {
  const { lines, details } = plotCaptionLines(plot, strings);
  return [...lines, ...details, text(strings, 'report.plot.file')].join(' ');
}

/** The Vega-Lite specification of `plot` in `lang` (exported for tests): one panel per family, stacked. */
export function plotSpec(plot: Plot, lang: Lang, strings: Strings): Record<string, unknown> {
  const words = {
    curve: text(strings, 'plot.curve'),
    student: text(strings, 'plot.student'),
    reference: text(strings, 'plot.reference'),
  };
  const shown = plot.families.filter((family) => plot.series.some((c) => c.family === family.id));
  const panels: PanelContext = { plot, lang, words, yDomain: yDomain(plot) };
  return {
    title: {
      text: plot.title[lang],
      subtitle: plotCaptionLines(plot, strings).lines,
      anchor: 'start',
      fontSize: 14,
      subtitleFontSize: 12,
      offset: 12,
    },
    vconcat: shown.map((family, index) => panelSpec(panels, family, index === shown.length - 1)),
    spacing: 18,
    resolve: { scale: { color: 'independent', shape: 'independent', strokeDash: 'shared', x: 'shared', y: 'shared' } },
    background: 'white',
    config: {
      font: 'sans-serif',
      axis: { labelFontSize: 12, titleFontSize: 13, grid: true, gridColor: '#ddd' },
      legend: { labelFontSize: 12, titleFontSize: 13 },
      title: { fontSize: 13, anchor: 'start' },
      view: { stroke: '#888' },
    },
  };
}

/** What every panel of one plot shares: the plot, the report's language and words, the y range of all panels. */
interface PanelContext {
  plot: Plot;
  lang: Lang;
  words: { curve: string; student: string; reference: string };
  yDomain: number[];
}

type Curve = Plot['series'][number];

/** The y range of every panel. On a log axis 0 (a gradient of 1) is always shown, so a plot whose curves stay in a narrow band still reads right. */
function yDomain(plot: Plot): number[] {
  const ys = plot.series.flatMap((c) => c.points.map((p) => p[1]));
  return plot.yScale === 'log10' ? [Math.min(0, ...ys), Math.max(0, ...ys)] : [Math.min(...ys), Math.max(...ys)];
}

/** A curve's legend entry: its title in the report's language, or its label (a formula such as w = 0.5). */
const curveName = (c: Curve, lang: Lang): string => c.title?.[lang] ?? c.label;

/** One family's panel: its curves as lines, with markers on about MARKERS_PER_CURVE of their points; `bottom` names the x axis. */
function panelSpec(panels: PanelContext, family: Plot['families'][number], bottom: boolean): Record<string, unknown> {
  const { plot, lang, words } = panels;
  const curves = plot.series.filter((c) => c.family === family.id);
  const labels = [...new Set(curves.map((c) => curveName(c, lang)))];
  const color = {
    field: 'curve',
    type: 'nominal',
    scale: { domain: labels, range: labels.map((_, i) => COLOURS[i % COLOURS.length]) },
  };
  const shape = {
    field: 'curve',
    type: 'nominal',
    scale: { domain: labels, range: labels.map((_, i) => SHAPES[i % SHAPES.length]) },
  };
  const legend = { orient: 'right', direction: 'vertical', title: words.curve, labelLimit: 300 };
  // The panels are stacked and share the x axis: only the bottom one names it.
  const wholeTicks = plot.xInteger ? { axis: { tickMinStep: 1, format: 'd' } } : {};
  const x = { field: 'x', type: 'quantitative', title: bottom ? plot.xTitle[lang] : null, ...wholeTicks };
  const y = {
    field: 'y',
    type: 'quantitative',
    title: plot.yTitle[lang],
    scale: { domain: panels.yDomain, nice: true },
  };
  return {
    title: family.title[lang],
    width: 520,
    height: 180,
    data: { values: panelValues(panels, curves) },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 1.8 },
        encoding: {
          x,
          y,
          // The curves' legend comes from the point layer, where colour and shape merge into one symbol.
          color: { ...color, legend: null },
          // Solid and dashed are explained once, in the subtitle, rather than beside every panel.
          strokeDash: {
            field: 'source',
            type: 'nominal',
            scale: { domain: [words.reference, words.student], range: [SOLID, DASHED] },
            legend: null,
          },
        },
      },
      {
        transform: [{ filter: 'datum.marker' }],
        mark: { type: 'point', size: 45, strokeWidth: 1.5 },
        encoding: { x, y, color: { ...color, legend }, shape: { ...shape, legend }, fill: { value: 'white' } },
      },
    ],
    // Two colour scales with the same domain and range, so that only the point layer's has a legend (a legend of a
    // shared scale cannot be off in one layer only), and there it merges with the shapes into one symbol per curve.
    resolve: { scale: { color: 'independent', shape: 'independent' } },
  };
}

/** A panel's data: every point of its curves, named and sourced, with `marker` on every so many and the last. */
function panelValues(panels: PanelContext, curves: Curve[]): Record<string, unknown>[] {
  const source = { student: panels.words.student, reference: panels.words.reference };
  // The reference first, so the student's dashes are drawn on top where the two coincide.
  const ordered = [...curves].sort((a, b) => (a.source === b.source ? 0 : a.source === 'reference' ? -1 : 1));
  return ordered.flatMap((c) => {
    const every = Math.max(1, Math.ceil(c.points.length / MARKERS_PER_CURVE));
    const name = curveName(c, panels.lang);
    return c.points.map(([x, y], i) => ({
      x,
      y,
      curve: name,
      source: source[c.source],
      marker: i % every === 0 || i === c.points.length - 1,
    }));
  });
}

/** The two libraries, ESM-only: loaded with a real dynamic import (the CLI runs as CommonJS), typed as far as used. */
interface VegaLite {
  compile(spec: unknown): { spec: unknown };
}
interface Vega {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
}

let libraries: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

function loadLibraries(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  // Specifiers in variables keep TypeScript from resolving the packages' own (ESM-only) typings under CommonJS.
  const vegaName = 'vega';
  const vegaLiteName = 'vega-lite';
  libraries ??= Promise.all([import(vegaName), import(vegaLiteName)]).then(([vega, vegaLite]) => ({
    vega: vega as Vega,
    vegaLite: vegaLite as VegaLite,
  }));
  return libraries;
}

/** `plot` as a standalone SVG document in `lang`. */
export async function renderPlotSvg(plot: Plot, lang: Lang, strings: Strings): Promise<string> {
  const { vega, vegaLite } = await loadLibraries();
  const spec = plotSpec(plot, lang, strings) as PanelledSpec;
  const view = new vega.View(plotRuntime(spec, { compile: (s) => vegaLite.compile(s), parse: (s) => vega.parse(s) }), {
    renderer: 'none',
  });
  try {
    return cleanSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Vega's SVG has no script and no external reference; this makes sure of it before the SVG is inlined into the
 * HTML: scripts, foreign objects, event handlers and links are removed, and so is the unused xlink namespace.
 */
export function cleanSvg(svg: string): string {
  return svg
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<script\b[^>]*>/gi, '')
    .replace(/<foreignObject\b[\s\S]*?<\/foreignObject\s*>/gi, '')
    .replace(/\s(?:on\w+|(?:xlink:)?href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/\sxmlns:xlink="[^"]*"/g, '');
}
