/**
 * The reports as a person sees them: index.html and a feedback.html opened in headless Chromium
 * (Debian's package, driven by playwright-core). No console errors, every link resolves, charts
 * are drawn. `.ci/run` installs Chromium when it is missing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { gradeAll } from '../../grader/grade-all';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { EXAMPLES, tempDir } from '../grader/helpers';
import { cpSync } from 'node:fs';
import { writeFeedback } from '../../grader/feedback/render';
import { makeResults } from '../feedback/fixture';

const CHROMIUM = process.env.GATELAB_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set GATELAB_CHROMIUM)`);

describe.runIf(haveChromium)('reports in a real browser', () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    const submissions = tempDir('class');
    for (const name of ['s01-perfect', 's03-wrong-backward'])
      cpSync(path.join(EXAMPLES, name), path.join(submissions, name), { recursive: true });
    out = tempDir('reports');
    await gradeAll({
      kitRoot: PACKAGE_ROOT,
      submissions,
      out,
      secret: 'browser-test-secret',
      lang: 'ru',
      limits: { callMs: 2_000, totalMs: 10_000 },
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string) {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems };
  }

  /** Every link of the page points at an anchor on it or at a file that exists. */
  async function brokenLinks(page: import('playwright-core').Page, file: string): Promise<string[]> {
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    const broken: string[] = [];
    for (const href of hrefs) {
      if (href.startsWith('#')) {
        if ((await page.$(`[id="${href.slice(1)}"]`)) === null) broken.push(href);
        continue;
      }
      const target = new URL(href, pathToFileURL(file));
      if (target.protocol !== 'file:' || !existsSync(fileURLToPath(target))) broken.push(href);
    }
    return broken;
  }

  it('index.html: no console errors, the distribution chart, every link resolves', async () => {
    const file = path.join(out, 'index.html');
    const { page, problems } = await open(file);
    expect(problems).toEqual([]);
    expect(await page.$$('#distribution svg rect')).toHaveLength(10);
    const links = await page.$$eval('a[href$="feedback.html"]', (as) => as.length);
    expect(links).toBe(2);
    expect(await brokenLinks(page, file)).toEqual([]);
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await page.close();
  });

  it('feedback.html: no console errors, the diagnosis is shown, every link resolves', async () => {
    const file = path.join(out, 's03-wrong-backward', 'feedback.html');
    const { page, problems } = await open(file);
    expect(problems).toEqual([]);
    const text = await page.textContent('body');
    expect(text).toContain('Градиент смещения');
    expect(await brokenLinks(page, file)).toEqual([]);
    // Charts, where the report has any, are inline SVG drawn without a script.
    expect(await page.$$('script')).toHaveLength(0);
    await page.close();
  });

  it('feedback.html: formulas are typeset as MathML with no script, font or request, and drawn with a size', async () => {
    const dir = tempDir('math');
    const results = makeResults();
    results.tests[4].gatelab.diagnosis = {
      en: 'Along the chain $\\partial y_T/\\partial y_{T-k}$ multiplies $\\sigma(a)(1 - \\sigma(a))$; the weight gradient is $dW_{fx} = x^\\top \\cdot da$.',
      ru: 'Вдоль цепочки $\\partial y_T/\\partial y_{T-k}$ умножается на $\\sigma(a)(1 - \\sigma(a))$; градиент весов $dW_{fx} = x^\\top \\cdot da$.',
    };
    await writeFeedback(dir, results, 'ru');
    const file = path.join(dir, 'feedback.html');
    const { page, problems } = await open(file);
    expect(problems).toEqual([]);
    const sizes = await page.$$eval('math', (ms) =>
      ms.map((m) => m.getBoundingClientRect()).map((r) => [r.width, r.height]),
    );
    expect(sizes).toHaveLength(3);
    for (const [w, h] of sizes) expect(w > 5 && h > 5).toBe(true);
    expect(await page.$$('script, link[rel="stylesheet"]')).toHaveLength(0);
    await page.close();
  });
});
