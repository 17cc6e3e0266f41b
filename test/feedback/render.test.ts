import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import { afterAll, describe, expect, it } from 'vitest';
import type { Lang, Outcome, Results } from '../../grader/shared/results';
import { renderFeedback, writeFeedback } from '../../grader/feedback/render';
import { escapeMarkdown } from '../../grader/feedback/markdown';
import { DIAGNOSIS, HINT, HOSTILE_ANSWER, makeResults } from './fixture';

const STRINGS: Record<Lang, Record<string, Record<string, string>>> = {
  en: JSON.parse(readFileSync(path.resolve(__dirname, '../../templates/strings.en.json'), 'utf8')),
  ru: JSON.parse(readFileSync(path.resolve(__dirname, '../../templates/strings.ru.json'), 'utf8')),
};
const OTHER: Record<Lang, Lang> = { en: 'ru', ru: 'en' };
const html = (text: string): string => Handlebars.escapeExpression(text);

describe.each<Lang>(['en', 'ru'])('feedback in %s', (lang) => {
  const out = renderFeedback(makeResults(), lang);
  const reports: [string, string, (text: string) => string][] = [
    ['markdown', out.markdown, escapeMarkdown],
    ['html', out.html, html],
  ];

  describe.each(reports)('%s', (_format, report, escape) => {
    it('contains the diagnosis and hint in the report language, not the other', () => {
      expect(report).toContain(escape(DIAGNOSIS[lang]));
      expect(report).toContain(escape(HINT[lang]));
      expect(report).not.toContain(escape(DIAGNOSIS[OTHER[lang]]));
      expect(report).not.toContain(escape(HINT[OTHER[lang]]));
    });

    it('shows the totals as exact decimals, with the raw score and the late penalty', () => {
      const s = STRINGS[lang];
      expect(report).toContain(`${s.total.final}: 21 / 40`);
      expect(report).toContain(`${s.total.raw}: 23.333 / 40`);
      expect(report).toContain(`${s.total.penalty}: `);
      expect(report).toContain('-2.333');
      expect(report).toContain(lang === 'en' ? 'submitted 1 day late' : 'сдано с опозданием на 1 день');
    });

    it('shows each exercise and check with its points', () => {
      expect(report).toContain('15 / 15');
      expect(report).toContain('8.333 / 25');
      expect(report).toContain('8.333 / 12.5');
      expect(report).toContain('0 / 12.5');
    });

    it("escapes the strings file's own words as the format needs (the diff table's header)", () => {
      expect(report).toContain(escape(STRINGS[lang].diff.worst));
    });

    it('names the outcomes with the words of the strings file and their symbols', () => {
      const outcome = STRINGS[lang].outcome;
      expect(report).toContain(`✓ ${outcome.passed}`);
      expect(report).toContain(`◐ ${outcome.partial}`);
      expect(report).toContain(`✗ ${outcome.failed}`);
    });

    it('says a hidden check is hidden but still shows its diagnosis and cases', () => {
      expect(report).toContain(STRINGS[lang].check.hidden);
      expect(report).toContain(escape(STRINGS[lang].check.hiddenNote));
      expect(report).toContain('0/5');
      expect(report).toContain('2/3');
    });

    it('shows the numeric diffs compactly', () => {
      for (const cell of ['3×12', '0.0123', '0.877', '[1, 5]', '6/36', '2 / 1', '4×3', '1.23e-5', '12/12']) {
        expect(report).toContain(cell);
      }
      expect(report).toContain(escape(STRINGS[lang].diff.maxRel));
    });

    it('shows the integrity note kindly and prominently', () => {
      const s = STRINGS[lang].integrity;
      expect(report).toContain(escape(s.heading));
      expect(report).toContain(escape(s.intro));
      expect(report).toContain((STRINGS[lang].integrity as unknown as { kind: Record<string, string> }).kind.tampered);
      expect(report).toContain(escape('exercises/lib/matrix.ts'));
      expect(report.indexOf(s.heading)).toBeLessThan(report.indexOf(STRINGS[lang].summary.heading));
    });

    it('shows the free-text answer for the TA, escaped', () => {
      expect(report).toContain(STRINGS[lang].answers.heading);
      expect(report).toContain(escape(HOSTILE_ANSWER));
      expect(report).not.toContain('<script');
    });

    it('has every placeholder filled', () => {
      expect(report).not.toMatch(/undefined|\[object Object\]|NaN undefined|\{\{|\{n\}/);
    });

    it('has no hidden test source or Gradescope internals', () => {
      expect(report).not.toContain('anything goes here');
      expect(report).not.toContain('Graded 5 checks.');
    });
  });

  it(`the HTML declares lang="${lang}", is self-contained and runs no script`, () => {
    expect(out.html).toMatch(new RegExp(`<html lang="${lang}">`));
    expect(out.html).toContain('<meta charset="utf-8">');
    expect(out.html).not.toMatch(/<script/i);
    expect(out.html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(out.html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(out.html).not.toMatch(/url\(/i);
  });
});

describe('escaping student-controlled text', () => {
  const results = makeResults();
  results.student = 'eve"><img src=x onerror=alert(1)>';
  results.exercises[0].answers = [
    { question: { en: 'Q', ru: 'В' }, text: '# Heading\n- [link](javascript:alert(1))\n| pipe |' },
  ];
  results.tests[4].gatelab.diffs[0].quantity = 'dWh | <b>bold</b>';

  it('leaves no raw tag in the HTML', () => {
    const { html: page } = renderFeedback(results, 'en');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>bold');
    expect(page).toContain('eve&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('leaves no raw tag, link, heading, list or table break in the Markdown', () => {
    const { markdown } = renderFeedback(results, 'en');
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('eve"&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(markdown).toContain('> \\# Heading  \n> \\- \\[link\\](javascript&#58;alert(1))  \n> \\| pipe \\|');
    expect(markdown).toContain('| dWh \\| &lt;b&gt;bold&lt;/b&gt; |');
  });
});

describe('every outcome', () => {
  const outcomes: Outcome[] = [
    'passed',
    'partial',
    'failed',
    'not-implemented',
    'error',
    'timeout',
    'out-of-memory',
    'crashed',
    'missing',
  ];
  it.each(outcomes)('%s is rendered with its word and symbol in both languages', (outcome) => {
    const results = makeResults();
    results.tests[0].gatelab.outcome = outcome;
    const symbol = outcome === 'passed' ? '✓' : outcome === 'partial' ? '◐' : '✗';
    for (const lang of ['en', 'ru'] as const) {
      const { markdown, html: page } = renderFeedback(results, lang);
      const words = `${symbol} ${STRINGS[lang].outcome[outcome]}`;
      expect(markdown).toContain(words);
      expect(page).toContain(words);
    }
  });
});

describe('late days', () => {
  it.each([
    ['en', 1, 'submitted 1 day late'],
    ['en', 3, 'submitted 3 days late'],
    ['ru', 1, 'сдано с опозданием на 1 день'],
    ['ru', 3, 'сдано с опозданием на 3 дня'],
    ['ru', 5, 'сдано с опозданием на 5 дней'],
    ['ru', 21, 'сдано с опозданием на 21 день'],
    ['ru', 1.5, 'сдано с опозданием на 1.5 дня'],
  ] as const)('%s, %s days → "%s"', (lang, days, text) => {
    const results = makeResults();
    results.submission.late_days = days;
    const { markdown, html: page } = renderFeedback(results, lang);
    expect(markdown).toContain(`(${text})`);
    expect(page).toContain(`(${text})`);
  });
});

describe('input validation', () => {
  it('refuses to render invalid results', () => {
    const results = makeResults() as unknown as { raw_milli: number };
    results.raw_milli = 23333.4;
    expect(() => renderFeedback(results as unknown as Results, 'en')).toThrow(
      'results.json of "ivan-petrov": /raw_milli must be integer (got 23333.4)',
    );
  });

  it('omits the penalty line and the integrity section when there is nothing to say', () => {
    const results = makeResults();
    results.submission = { ...results.submission, late_days: 0, penalty_milli: 0 };
    results.final_milli = 23333;
    results.score = 23.333;
    results.integrity = [];
    for (const lang of ['en', 'ru'] as const) {
      const { markdown, html: page } = renderFeedback(results, lang);
      for (const report of [markdown, page]) {
        expect(report).toContain(`${STRINGS[lang].total.final}: 23.333 / 40`);
        expect(report).not.toContain(STRINGS[lang].total.penalty);
        expect(report).not.toContain(STRINGS[lang].integrity.heading);
      }
    }
  });
});

describe('writeFeedback', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes feedback.md and feedback.html (creating the folder) and leaves no temporary file', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'gatelab-report-'));
    dirs.push(base);
    const dir = path.join(base, 'ivan-petrov');
    const results = makeResults();
    await writeFeedback(dir, results, 'ru');
    expect((await readdir(dir)).sort()).toEqual(['feedback.html', 'feedback.md']);
    const expected = renderFeedback(results, 'ru');
    expect(await readFile(path.join(dir, 'feedback.md'), 'utf8')).toBe(expected.markdown);
    expect(await readFile(path.join(dir, 'feedback.html'), 'utf8')).toBe(expected.html);
  });

  it('replaces an existing report whole', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatelab-report-'));
    dirs.push(dir);
    await writeFeedback(dir, makeResults(), 'ru');
    await writeFeedback(dir, makeResults(), 'en');
    expect(await readFile(path.join(dir, 'feedback.html'), 'utf8')).toContain('<html lang="en">');
    expect((await readdir(dir)).sort()).toEqual(['feedback.html', 'feedback.md']);
  });

  it('writes nothing when the results are invalid', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatelab-report-'));
    dirs.push(dir);
    const results = makeResults();
    results.lang = 'de' as Lang;
    await expect(writeFeedback(dir, results, 'en')).rejects.toThrow('/lang must be one of "en", "ru" (got "de")');
    expect(await readdir(dir)).toEqual([]);
  });
});
