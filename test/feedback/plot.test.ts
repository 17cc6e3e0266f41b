// Plots in the feedback: the SVG drawn from results.json (labels, axis titles in the report's language, the log axis,
// nothing that runs or loads), the reports that carry it, and the cleaning of untrusted curves before they get there.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckTools } from '../../grader/harness/check-tools';
import type { StudentModule } from '../../grader/harness/student';
import { PLOT_LIMITS, type Lang, type Plot } from '../../grader/shared/results';
import Handlebars from 'handlebars';
import { cleanSvg, plotCaption, plotSpec, renderPlotSvg } from '../../grader/feedback/plot';
import { keptKinds } from '../../grader/feedback/plot-runtime';
import { loadStrings, renderFeedback, renderFigures, writeFeedback } from '../../grader/feedback/render';
import { validateResults } from '../../grader/feedback/validate';
import schema from '../../grader/schemas/results.schema.json';
import { HOSTILE_LABEL, makePlot, makeResultsWithPlot } from './fixture';
import { DEFAULT_LIMITS } from '../../grader/sandbox/types';

const STRINGS: Record<Lang, { plot: Record<string, string>; report: { plot: Record<string, string> } }> = {
  en: JSON.parse(readFileSync(path.resolve(__dirname, '../../templates/strings.en.json'), 'utf8')),
  ru: JSON.parse(readFileSync(path.resolve(__dirname, '../../templates/strings.ru.json'), 'utf8')),
};
const OTHER: Record<Lang, Lang> = { en: 'ru', ru: 'en' };
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** Text as it appears inside SVG/XML: the five special characters as entities. */
const xml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Whether `svg` contains `text` as a text node, whichever of the usual escapings the renderer chose. */
function hasText(svg: string, text: string): boolean {
  return (
    svg.includes(xml(text)) || svg.includes(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
  );
}

/** Every absolute URL in a document. */
const urls = (text: string): string[] =>
  text.match(/\b(?:https?|ftp|file):\/\/[^\s"'<>)&;]*|\b(?:javascript|data):[^\s"'<>)&;]+/gi) ?? [];

describe.each<Lang>(['en', 'ru'])('the experiment plot in %s', (lang) => {
  const plot = makePlot();
  const svg = renderPlotSvg(plot, lang, loadStrings(lang));

  it('is one self-contained SVG document', async () => {
    const text = await svg;
    expect(text.startsWith('<svg')).toBe(true);
    expect(text.trimEnd().endsWith('</svg>')).toBe(true);
    expect(text).toContain(`xmlns="${SVG_NAMESPACE}"`);
    expect(text).toMatch(/viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"/);
  });

  it('labels every series, and escapes a label that holds markup', async () => {
    const text = await svg;
    for (const label of new Set(plot.series.map((s) => s.label))) expect(hasText(text, label), label).toBe(true);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it(`names the axes, panels and line styles in ${lang}, not in the other language`, async () => {
    const text = await svg;
    for (const title of [plot.title, plot.xTitle, plot.yTitle, ...plot.families.map((f) => f.title)]) {
      expect(hasText(text, title[lang]), title[lang]).toBe(true);
      if (title[lang] !== title[OTHER[lang]]) expect(hasText(text, title[OTHER[lang]]), title[OTHER[lang]]).toBe(false);
    }
    expect(hasText(text, STRINGS[lang].report.plot.both)).toBe(true);
    expect(hasText(text, STRINGS[lang].plot.curve)).toBe(true);
    expect(hasText(text, STRINGS[OTHER[lang]].report.plot.both)).toBe(false);
  });

  it('says that the y axis is logarithmic', async () => {
    const text = await svg;
    expect(hasText(text, plot.yTitle[lang])).toBe(true);
    expect(plot.yTitle[lang]).toContain('log₁₀');
    expect(hasText(text, STRINGS[lang].report.plot.log)).toBe(true);
    // log₁₀ of gradients from 2^200 down to 0.5^200: ticks at both signs, around the 0 of a gradient of 1.
    expect(text).toMatch(/>−?[1-9]\d*<\/text>/);
    expect(text).toContain('>0</text>');
  });

  it('has no script, no event handler, no link and no URL but the SVG namespace', async () => {
    const text = await svg;
    expect(text).not.toMatch(/<script/i);
    expect(text).not.toMatch(/<foreignObject/i);
    expect(text).not.toMatch(/\son\w+\s*=/i);
    expect(text).not.toMatch(/\s(xlink:)?href\s*=/i);
    expect(text).not.toMatch(/url\(\s*['"]?(?!#)/i);
    expect(urls(text).filter((u) => u !== SVG_NAMESPACE && u !== 'http://evil.example')).toEqual([]);
    // The hostile label's URL is only text, never an attribute.
    expect(text).not.toMatch(/=\s*["']?http:\/\/evil/);
  });
});

describe('the specification behind the SVG', () => {
  const spec = plotSpec(makePlot(), 'en', loadStrings('en')) as { vconcat: Record<string, unknown>[] };
  // Each panel: layer[0] draws the lines, layer[1] the markers.
  type Layer = { encoding: Record<string, { scale?: { domain: unknown[]; range: unknown[] } }> };
  const layers = (panel: Record<string, unknown>) => panel.layer as Layer[];

  it("has one panel per family that has curves, in the plot's order", () => {
    expect(spec.vconcat.map((p) => p.title)).toEqual(['Linear', 'tanh', 'Cell state']);
  });

  it('reads without colour: a distinct marker shape per curve in a panel, solid reference and dashed student lines', () => {
    for (const panel of spec.vconcat) {
      const shape = layers(panel)[1].encoding.shape.scale!;
      expect(new Set(shape.range).size).toBe(shape.domain.length);
      const dash = layers(panel)[0].encoding.strokeDash.scale!;
      expect(dash.domain).toEqual([STRINGS.en.plot.reference, STRINGS.en.plot.student]);
      expect(dash.range[0]).toEqual([1, 0]);
      expect((dash.range[1] as number[])[1]).toBeGreaterThan(0);
    }
  });
});

describe('plots of one kind, drawn from the runtime kept for that kind (feedback/plot-runtime.ts)', () => {
  /** The plot compiled whole, Vega-Lite then Vega, with nothing kept: what every plot was drawn from before. */
  async function compiledWhole(plot: Plot, lang: Lang): Promise<string> {
    // Specifiers in variables, as plot.ts has them: the packages' own typings are ESM-only.
    const [vegaLiteName, vegaName] = ['vega-lite', 'vega'];
    const vegaLite = (await import(vegaLiteName)) as { compile(spec: unknown): { spec: unknown } };
    const vega = (await import(vegaName)) as {
      parse(spec: unknown): unknown;
      View: new (r: unknown, o: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
    };
    const view = new vega.View(vega.parse(vegaLite.compile(plotSpec(plot, lang, loadStrings(lang))).spec), {
      renderer: 'none',
    });
    const svg = cleanSvg(await view.toSVG());
    view.finalize();
    return svg;
  }
  /** The fixture's plot with other curves of the same names: another student's plot of the same kind. */
  function anotherStudent(scale: number, shift: number): Plot {
    const plot = makePlot();
    return {
      ...plot,
      series: plot.series.map((s) => ({
        ...s,
        points: s.points.map(([x, y]): [number, number] => [x, y * scale + shift]),
      })),
    };
  }

  it.each<Lang>(['en', 'ru'])(
    'are the same SVG as each plot compiled whole, in %s, whatever their data and y range',
    async (lang) => {
      // The first is compiled for its kind; the others are drawn from the kept runtime with their own data and range.
      for (const plot of [
        anotherStudent(1, 0),
        anotherStudent(0.5, 3),
        anotherStudent(3, -40),
        anotherStudent(1, 0.25),
      ]) {
        expect(await renderPlotSvg(plot, lang, loadStrings(lang))).toBe(await compiledWhole(plot, lang));
      }
      // Drawn from a kept runtime indeed: its stand-ins were found (else every plot would be compiled whole).
      expect(keptKinds()).toBeGreaterThan(0);
    },
  );
});

describe('the reports with a plot', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it.each<Lang>(['en', 'ru'])(
    'writeFeedback saves the SVG next to the reports, links it from the Markdown and inlines it in the HTML (%s)',
    async (lang) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'gatelab-plot-'));
      dirs.push(dir);
      await writeFeedback(dir, makeResultsWithPlot(), lang);
      const file = '01-vanishing-gradient-experiment.svg';
      expect((await readdir(dir)).sort()).toEqual([file, 'feedback.html', 'feedback.md']);
      const svg = await readFile(path.join(dir, file), 'utf8');
      const markdown = await readFile(path.join(dir, 'feedback.md'), 'utf8');
      const html = await readFile(path.join(dir, 'feedback.html'), 'utf8');
      expect(markdown).toContain(`](${file})`);
      expect(markdown).toContain(makePlot().title[lang]);
      expect(markdown).not.toContain('<svg');
      expect(html).toContain(svg);
      expect(html).toContain(Handlebars.escapeExpression(plotCaption(makePlot(), loadStrings(lang))));
      // Still one self-contained page: the only URL is the inline SVG's namespace, and nothing runs.
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
      expect(html).not.toMatch(/\b(src|href)\s*=/i);
      expect(urls(html).filter((u) => u !== SVG_NAMESPACE && u !== 'http://evil.example')).toEqual([]);
    },
  );

  it('renderFeedback without figures leaves the plot out of both reports', () => {
    const { markdown, html } = renderFeedback(makeResultsWithPlot(), 'en');
    expect(markdown).not.toContain('.svg)');
    expect(html).not.toContain('<svg');
  });

  it('names the SVG file from safe characters only', async () => {
    const results = makeResultsWithPlot();
    results.exercises[0].id = '../01 vanishing';
    results.tests.forEach((test) => {
      if (test.gatelab.exercise === '01-vanishing-gradient') test.gatelab.exercise = '../01 vanishing';
    });
    const [figure] = await renderFigures(results, 'en');
    expect(figure.file).toBe('01-vanishing-experiment.svg');
  });

  it('cleanSvg removes scripts, foreign objects, handlers and links', () => {
    const dirty =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><script>alert(1)</script>' +
      '<foreignObject><div>x</div></foreignObject><a xlink:href="http://evil.example"><text onclick="alert(1)">t</text></a></svg>';
    const clean = cleanSvg(dirty);
    expect(clean).toBe('<svg xmlns="http://www.w3.org/2000/svg"><a><text>t</text></a></svg>');
  });
});

describe('results.json with a plot', () => {
  const problem = (mutate: (plot: Plot) => void): string => {
    const results = makeResultsWithPlot();
    mutate(results.exercises[0].plots![0]);
    try {
      validateResults(JSON.parse(JSON.stringify(results)), 'results.json');
    } catch (error) {
      return (error as Error).message;
    }
    return 'valid';
  };

  it('is valid as the fixture makes it', () => {
    expect(problem(() => undefined)).toBe('valid');
  });

  it('rejects more points, series or families than PLOT_LIMITS allow, and unknown sources', () => {
    expect(problem((p) => p.series[0].points.push([201, 0]))).toContain('/plots/0/series/0/points');
    expect(problem((p) => p.series.push(...Array.from({ length: 30 }, () => p.series[0])))).toContain(
      '/plots/0/series',
    );
    expect(problem((p) => p.families.push(...Array.from({ length: 6 }, () => p.families[0])))).toContain(
      '/plots/0/families',
    );
    expect(problem((p) => ((p.series[0] as { source: string }).source = 'teacher'))).toContain(
      '/plots/0/series/0/source',
    );
    expect(problem((p) => (p.id = '../x'))).toContain('/plots/0/id');
  });

  it('mirrors PLOT_LIMITS in the schema', () => {
    const plotSchema = schema.$defs.Plot.properties;
    expect(plotSchema.series.maxItems).toBe(PLOT_LIMITS.series);
    expect(plotSchema.series.items.properties.points.maxItems).toBe(PLOT_LIMITS.points);
    expect(plotSchema.families.maxItems).toBe(PLOT_LIMITS.families);
    expect(plotSchema.series.items.properties.label.maxLength).toBe(PLOT_LIMITS.label);
  });
});

describe('CheckTools.plot cleans untrusted curves', () => {
  const tools = () =>
    new CheckTools(
      '01-vanishing-gradient',
      'experiment',
      () => {
        throw new Error('no student module in this test') as never as StudentModule;
      },
      {
        mode: 'check',
        staging: '/nonexistent',
        seed: 'public',
        limits: DEFAULT_LIMITS,
        compileErrors: {},
        freshFixtures: {},
      },
    );

  it('keeps only finite [x, y] pairs and cuts series, points and labels to PLOT_LIMITS', () => {
    const t = tools();
    const plot = makePlot();
    const messy = plot.series[0];
    messy.points = [
      [0, 0],
      [1, NaN],
      [2, -Infinity],
      [Infinity, 1],
      [3, 1, 2] as unknown as [number, number],
      'x' as unknown as [number, number],
      [4, -2],
    ];
    messy.label = 'x'.repeat(500);
    plot.series.push({
      label: 'long',
      family: 'linear',
      source: 'student',
      points: Array.from({ length: 5000 }, (_, k): [number, number] => [k, -k]),
    });
    plot.series.push(...Array.from({ length: 40 }, () => ({ ...plot.series[1] })));
    t.plot(plot);
    const cleaned = t.record(1).plot!;
    expect(cleaned.series[0].points).toEqual([
      [0, 0],
      [4, -2],
    ]);
    expect(cleaned.series[0].label).toHaveLength(PLOT_LIMITS.label);
    expect(cleaned.series.find((s) => s.label === 'long')!.points).toHaveLength(PLOT_LIMITS.points);
    expect(cleaned.series).toHaveLength(PLOT_LIMITS.series);
  });

  it('drops series of unknown families or sources, and makes the id safe for a file name', () => {
    const t = tools();
    const plot = makePlot();
    plot.id = '../Experiment 1';
    plot.series.push({ label: 'stray', family: 'nowhere', source: 'student', points: [[0, 0]] });
    plot.series.push({ label: 'forged', family: 'linear', source: 'teacher' as 'student', points: [[0, 0]] });
    t.plot(plot);
    const cleaned = t.record(1).plot!;
    expect(cleaned.id).toBe('experiment-1');
    expect(cleaned.series.map((s) => s.label)).not.toContain('stray');
    expect(cleaned.series.map((s) => s.label)).not.toContain('forged');
    expect(HOSTILE_LABEL.length).toBeLessThanOrEqual(PLOT_LIMITS.label);
  });

  it('is kept in the record whether the check passed or failed', () => {
    const t = tools();
    t.plot(makePlot());
    t.case(false);
    expect(t.record(1).outcome).toBe('failed');
    expect(t.record(1).plot?.series.length).toBe(makePlot().series.length);
  });
});

describe.each<Lang>(['en', 'ru'])('captions, legends and ticks that describe their own plot (%s)', (lang) => {
  const strings = loadStrings(lang);
  const report = STRINGS[lang].report.plot;
  // Exercise 05's training curves: the student's only, linear, per whole epoch, with titled series.
  const training: Plot = {
    id: 'training',
    title: { en: 'Training', ru: 'Обучение' },
    xTitle: { en: 'epoch', ru: 'эпоха' },
    yTitle: { en: 'loss', ru: 'потери' },
    families: [{ id: 'loss', title: { en: 'loss', ru: 'потери' } }],
    xInteger: true,
    series: [
      {
        label: 'train',
        title: { en: 'training', ru: 'обучение' },
        family: 'loss',
        source: 'student',
        points: [
          [1, 0.9],
          [2, 0.5],
        ],
      },
      {
        label: 'validation',
        title: { en: 'validation', ru: 'валидация' },
        family: 'loss',
        source: 'student',
        points: [
          [1, 1],
          [2, 0.7],
        ],
      },
    ],
  };

  it('says only what is true of the plot: no log axis and no reference lines where there are none', () => {
    const caption = plotCaption(training, strings);
    expect(caption).toContain(report.student);
    expect(caption).not.toContain(report.both);
    expect(caption).not.toContain(report.log);
    expect(caption).not.toContain(report.match);
    const experiment = plotCaption(makePlot(), strings);
    for (const sentence of [report.both, report.log, report.match]) expect(experiment).toContain(sentence);
  });

  it('names the curves in the report language and ticks the epoch axis in whole epochs', async () => {
    const svg = await renderPlotSvg(training, lang, strings);
    for (const s of training.series) {
      expect(hasText(svg, s.title?.[lang] ?? ''), s.label).toBe(true);
      if (lang === 'ru') expect(hasText(svg, s.title?.en ?? '')).toBe(false);
    }
    // Tick labels of a 1…2 epoch axis: 1 and 2 only, never 1.1 or 1.5.
    const ticks = [...svg.matchAll(/<text[^>]*>([0-9.]+)<\/text>/g)].map((m) => m[1]);
    expect(
      ticks.filter(
        (t) => /^\d+\.\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 2 && Number(t) % 1 !== 0 && !/^0\./.test(t),
      ),
    ).toEqual([]);
    const spec = plotSpec(training, lang, strings) as {
      vconcat: { layer: { encoding: { x: { axis?: unknown } } }[] }[];
    };
    expect(spec.vconcat[0].layer[0].encoding.x.axis).toEqual({ tickMinStep: 1, format: 'd' });
  });
});
