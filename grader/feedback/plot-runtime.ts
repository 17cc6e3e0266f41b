/**
 * Vega's runtime description of a plot, compiled once per kind of plot. Compiling a plot (Vega-Lite to Vega, then
 * Vega's parse) costs about as much as drawing it, and most of a class's plots differ only in their data and their
 * y range: the same titles, curves and panels in the same language. So a plot is compiled with stand-ins for those
 * (one marked row per panel, two marked numbers for the y range), the result is kept by the rest of its
 * specification, and each plot of that kind gets a copy with its own rows and range put in place of the stand-ins.
 * A compiled description where the stand-ins are not each found where expected is not kept, and such plots are
 * compiled whole, as before.
 */

/** What plot.ts gives: a Vega-Lite specification whose `vconcat` panels carry `data.values` and a y `scale.domain`. */
export type PanelledSpec = Record<string, unknown> & { vconcat: Panel[] };
interface Panel {
  data: { values: unknown[] };
  layer: { encoding: { y: { scale: { domain: [number, number] } } } }[];
}

export interface Compilers {
  compile(spec: unknown): { spec: unknown };
  parse(spec: unknown): unknown;
}

/** Numbers no plot has (subnormal) for the y range, and the key of the row that stands for a panel's data. */
const LOW = 1.23456789e-310;
const HIGH = 9.87654321e-310;
const PANEL = 'gatelabPanel';

/** At most this many kinds of plot are kept (a course has a handful, in two languages). */
const KEPT = 64;
const compiled = new Map<string, unknown | null>();

/** The runtime description of `spec` (from plotSpec) for a new vega.View. */
export function plotRuntime(spec: PanelledSpec, compilers: Compilers): unknown {
  const values = spec.vconcat.map((panel) => panel.data.values);
  const domain = sharedDomain(spec);
  const key = JSON.stringify(withStandIns(spec));
  let runtime = compiled.get(key);
  if (runtime === undefined) {
    runtime = compilers.parse(compilers.compile(JSON.parse(key)).spec);
    if (!standInsFound(runtime, values.length)) runtime = null;
    if (compiled.size >= KEPT) compiled.clear();
    compiled.set(key, runtime);
  }
  // A range that is not two finite numbers (a plot without points), or panels with ranges of their own (filledIn puts
  // one range in every panel), is compiled as it is.
  if (runtime === null || !domain || !domain.every(Number.isFinite))
    return compilers.parse(compilers.compile(spec).spec);
  return filledIn(runtime, values, domain);
}

/** The y range every layer of every panel has, or undefined when they differ (plot.ts gives them one). */
function sharedDomain(spec: PanelledSpec): [number, number] | undefined {
  const domains = spec.vconcat.flatMap((panel) => panel.layer.map((layer) => layer.encoding.y.scale.domain));
  const first = domains[0];
  return first && domains.every((d) => d[0] === first[0] && d[1] === first[1]) ? first : undefined;
}

/** The spec with a marked row for each panel's data and the marked numbers for its y range. */
function withStandIns(spec: PanelledSpec): PanelledSpec {
  const vconcat = spec.vconcat.map((panel, index) => ({
    ...panel,
    data: { values: [{ [PANEL]: index }] },
    layer: panel.layer.map((layer) => ({
      ...layer,
      encoding: {
        ...layer.encoding,
        y: { ...layer.encoding.y, scale: { ...layer.encoding.y.scale, domain: [LOW, HIGH] as [number, number] } },
      },
    })),
  }));
  return { ...spec, vconcat };
}

/** How many kinds of plot have a kept runtime (for tests: proof that the stand-ins were found). */
export function keptKinds(): number {
  return [...compiled.values()].filter((runtime) => runtime !== null).length;
}

/** The ingested row of a panel's stand-in data, or undefined. */
function panelOf(value: unknown): number | undefined {
  const rows = (value as { $ingest?: unknown } | null)?.$ingest;
  if (!Array.isArray(rows) || rows.length !== 1) return undefined;
  const index = (rows[0] as Record<string, unknown> | null)?.[PANEL];
  return typeof index === 'number' ? index : undefined;
}

/** Each panel's stand-in ingested exactly once, and both ends of the range present. */
function standInsFound(runtime: unknown, panels: number): boolean {
  const seen = new Map<unknown, number>();
  const visit = (value: unknown): void => {
    const panel = panelOf(value);
    if (panel !== undefined) seen.set(`panel ${panel}`, (seen.get(`panel ${panel}`) ?? 0) + 1);
    else if (value === LOW || value === HIGH) seen.set(value, (seen.get(value) ?? 0) + 1);
    else if (value !== null && typeof value === 'object') for (const child of Object.values(value)) visit(child);
  };
  visit(runtime);
  const once = Array.from({ length: panels }, (_, i) => seen.get(`panel ${i}`) === 1);
  return once.every(Boolean) && seen.size === panels + 2;
}

/** A copy of the kept description with the plot's own rows and y range in place of the stand-ins. */
function filledIn(runtime: unknown, values: unknown[][], domain: [number, number]): unknown {
  const copy = (value: unknown): unknown => {
    const panel = panelOf(value);
    if (panel !== undefined) return { ...(value as object), $ingest: values[panel] };
    if (value === LOW) return domain[0];
    if (value === HIGH) return domain[1];
    if (Array.isArray(value)) return value.map(copy);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
    return value;
  };
  return copy(runtime);
}
