/**
 * The student's feedback: results.json rendered as Markdown and as a self-contained HTML page,
 * in the report language. Input is validated first, so templates only ever see data that matches
 * the schema. Templates and strings live in `templates/`; they are read and compiled once.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { writeFileAtomicSync } from '../shared/atomic';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { CheckResult, ExerciseSummary, Lang, Localized, Outcome, Results } from '../shared/results';
import { formatIndex, formatNumber, formatPoints, formatShape, formatTime } from './format';
import { escapeMarkdownDeep, markdownCell, markdownQuote } from './markdown';
import { plotCaption, renderPlotSvg } from './plot';
import { mathHtml } from './math';
import { validateResults } from './validate';
import { formatMessage, loadStrings, lookupIn, type Strings } from '../shared/messages';

export { formatPoints } from './format';

const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');

type Format = 'md' | 'html';

export { loadStrings, type Strings };

/** A plot of the results drawn as SVG, saved next to the reports as `file`. */
export interface Figure {
  exercise: string;
  title: string;
  /** What the figure shows, in the report's language (grader/feedback/plot.ts). */
  caption: string;
  file: string;
  svg: string;
}

interface View {
  lang: Lang;
  s: Strings;
  r: Results;
  exercises: { summary: ExerciseSummary; checks: CheckResult[]; figures: Omit<Figure, 'exercise'>[] }[];
}

/** The fields whose text may hold `$…$` formulas (trusted messages), typeset in HTML and transcribed in Markdown. */
const MESSAGE_KEYS: ReadonlySet<string> = new Set(['diagnosis', 'hint', 'notes', 'message']);

const OUTCOME_SYMBOL: Record<Outcome, string> = {
  passed: '✓',
  partial: '◐',
  failed: '✗',
  'not-implemented': '✗',
  error: '✗',
  timeout: '✗',
  'out-of-memory': '✗',
  crashed: '✗',
  missing: '✗',
};

/**
 * Both reports as text. `figures` (from renderFigures) are inlined into the HTML and linked from the Markdown by
 * file name; without them the reports have no plots.
 */
export function renderFeedback(
  results: Results,
  lang: Lang,
  figures: Figure[] = [],
): { markdown: string; html: string } {
  return renderValidFeedback(validateResults(results, sourceName(results)), lang, figures);
}

/** renderFeedback of results that are validated already (writeResults validates what it writes, once). */
function renderValidFeedback(valid: Results, lang: Lang, figures: Figure[]): { markdown: string; html: string } {
  const view: View = { lang, s: loadStrings(lang), r: valid, exercises: groupByExercise(valid, figures) };
  // The Markdown only links each SVG file, so the SVG text itself stays out of its (escaped) view. The catalog is
  // escaped once per language (markdownStrings), as the walk over the view would escape it.
  const markdownView: View = {
    ...view,
    s: {},
    exercises: view.exercises.map((e) => ({ ...e, figures: e.figures.map((f) => ({ ...f, svg: '' })) })),
  };
  return {
    markdown: template('md')({ ...escapeMarkdownDeep(markdownView, MESSAGE_KEYS), s: markdownStrings(lang) }),
    html: template('html')(view),
  };
}

const escapedStrings = new Map<Lang, Strings>();

function markdownStrings(lang: Lang): Strings {
  let escaped = escapedStrings.get(lang);
  if (escaped === undefined) escapedStrings.set(lang, (escaped = escapeMarkdownDeep(loadStrings(lang), MESSAGE_KEYS)));
  return escaped;
}

/** Every plot of the results as an SVG document in `lang`, with the file name it is saved under. */
export async function renderFigures(results: Results, lang: Lang): Promise<Figure[]> {
  return renderValidFigures(validateResults(results, sourceName(results)), lang);
}

async function renderValidFigures(valid: Results, lang: Lang): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const exercise of valid.exercises) {
    for (const plot of exercise.plots ?? []) {
      // Exercise ids come from the catalog, but a file name is built only from safe characters all the same.
      const file = `${exercise.id}-${plot.id}.svg`.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
      try {
        const strings = loadStrings(lang);
        figures.push({
          exercise: exercise.id,
          title: plot.title[lang],
          caption: plotCaption(plot, strings),
          file,
          svg: await renderPlotSvg(plot, lang, strings),
        });
      } catch (error) {
        // A plot that cannot be drawn must not cost the student their report: it is left out, and the teacher warned.
        process.emitWarning(
          `gatelab: the plot ${file} could not be drawn and is left out of the report: ${String(error)}`,
        );
      }
    }
  }
  return figures;
}

/** What a validation error calls in-memory results: the student's results.json. */
function sourceName(results: unknown): string {
  const student = (results as { student?: unknown } | null)?.student;
  return typeof student === 'string' ? `results.json of ${JSON.stringify(student)}` : 'results.json';
}

/** Writes `feedback.md`, `feedback.html` and the plots' SVG files into dir; each appears whole or not at all. */
export async function writeFeedback(dir: string, results: Results, lang: Lang): Promise<void> {
  await writeValidFeedback(dir, validateResults(results, sourceName(results)), lang);
}

/** The reports of a student, rendered and not yet written. */
export interface Reports {
  figures: Figure[];
  markdown: string;
  html: string;
}

/** Both reports and the plots of results that are validated already: `valid` must come from validateResults. */
export async function renderReports(valid: Results, lang: Lang): Promise<Reports> {
  const figures = await renderValidFigures(valid, lang);
  return { figures, ...renderValidFeedback(valid, lang, figures) };
}

/** Writes rendered reports into dir: the plots' SVG files, feedback.md, feedback.html, each whole or not at all. */
export async function writeReports(dir: string, reports: Reports): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const figure of reports.figures) writeFileAtomicSync(path.join(dir, figure.file), figure.svg);
  writeFileAtomicSync(path.join(dir, 'feedback.md'), reports.markdown);
  writeFileAtomicSync(path.join(dir, 'feedback.html'), reports.html);
}

/** writeFeedback of results that are validated already: `valid` must come from validateResults. */
export async function writeValidFeedback(dir: string, valid: Results, lang: Lang): Promise<void> {
  await writeReports(dir, await renderReports(valid, lang));
}

function groupByExercise(results: Results, figures: Figure[]): View['exercises'] {
  return results.exercises.map((summary) => ({
    summary,
    checks: results.tests.map((test) => test.gatelab).filter((check) => check.exercise === summary.id),
    figures: figures
      .filter((f) => f.exercise === summary.id)
      .map(({ title, caption, file, svg }) => ({ title, caption, file, svg })),
  }));
}

const templateCache = new Map<Format, Handlebars.TemplateDelegate<View>>();

function template(format: Format): Handlebars.TemplateDelegate<View> {
  let compiled = templateCache.get(format);
  if (compiled === undefined) {
    const source = readFileSync(path.join(TEMPLATES_DIR, `feedback.${format}.hbs`), 'utf8');
    // Markdown data arrives already escaped for Markdown (see markdown.ts); HTML is escaped by {{ }}.
    compiled = handlebarsFor(format).compile<View>(source, { noEscape: format === 'md' });
    templateCache.set(format, compiled);
  }
  return compiled;
}

function handlebarsFor(format: Format): typeof Handlebars {
  const hb = Handlebars.create();
  const root = (options: Handlebars.HelperOptions): View => options.data.root as View;
  // The view's own strings: in Markdown they arrive escaped like the rest of the view.
  const text = (options: Handlebars.HelperOptions, key: string): string =>
    lookupIn(root(options).s, key, root(options).lang);
  hb.registerHelper({
    // {{t "outcome." outcome}} joins its arguments into one key.
    t: (...args: unknown[]) => {
      const options = args.pop() as Handlebars.HelperOptions;
      return text(options, args.map(String).join(''));
    },
    loc: (value: Localized, options: Handlebars.HelperOptions) => value[root(options).lang],
    // A message with formulas: typeset as MathML in HTML (escaped around them); in Markdown already transcribed.
    math: (value: string) => (format === 'html' ? new hb.SafeString(mathHtml(value)) : value),
    points: (milli: number) => formatPoints(milli),
    minusPoints: (milli: number) => formatPoints(-milli),
    signedPoints: (milli: number) => (milli > 0 ? `+${formatPoints(milli)}` : formatPoints(milli)),
    num: (value: number | null) => formatNumber(value),
    shape: (value: [number, number] | null) => formatShape(value),
    position: (value: [number, number] | null) => formatIndex(value),
    time: (iso: string | null, options: Handlebars.HelperOptions) => formatTime(iso) ?? text(options, 'header.unknown'),
    symbol: (outcome: Outcome) => OUTCOME_SYMBOL[outcome],
    scoreMark: (score: number, max: number, options: Handlebars.HelperOptions) => {
      if (max === 0) return '—';
      if (score >= max) return `✓ ${text(options, 'legend.passed')}`;
      return score > 0 ? `◐ ${text(options, 'legend.partial')}` : `✗ ${text(options, 'legend.failed')}`;
    },
    eq: (a: unknown, b: unknown) => a === b,
    lateDays: (days: number, options: Handlebars.HelperOptions) => {
      const category = new Intl.PluralRules(root(options).lang).select(days);
      return formatMessage(text(options, `total.late.${category}`), { n: formatNumber(days) });
    },
    // Table cells must stay on one line and quotes need a `> ` on every line in Markdown only.
    cell: (value: string) => (format === 'md' ? markdownCell(value) : value),
    quote: (value: string) => (format === 'md' ? markdownQuote(value) : value),
  });
  return hb;
}
