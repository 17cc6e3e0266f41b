/**
 * Reports never carry live student markup: whatever a student writes (answer.md, their id, a message their code
 * throws, a TA-quoted text) becomes plain text in feedback.md and feedback.html, with no link, script, image or tag of
 * its own. The check is structural: a report rendered from hostile texts has exactly the markup of the same report
 * rendered from harmless texts, and no autolink pattern survives in the Markdown.
 */
import { describe, expect, it } from 'vitest';
import type { Lang, Results } from '../../grader/shared/results';
import { renderFeedback } from '../../grader/feedback/render';
import { makeResults } from './fixture';

const HOSTILE: string[] = [
  '[click me](javascript:alert(document.cookie))',
  'JaVaScRiPt:alert(1)',
  '<javascript:alert(1)>',
  '<a href="javascript:alert(1)">answer</a>',
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(1)">',
  '![pixel](https://evil.example/track.png)',
  '[ref]\n\n[ref]: javascript:alert(1)',
  'see https://evil.example/phish and www.evil.example',
  'mail me: eve@evil.example',
  '&#106;avascript:alert(1) and &lt;script&gt;',
  '<details open ontoggle=alert(1)>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '```html\n<script>alert(1)</script>\n```',
  '" onmouseover="alert(1)" x="',
  '<!-- hidden --> <style>body{display:none}</style>',
];

/** The fixture with student-controlled text in every place a student can put text. */
function withStudentText(text: string, id: string): Results {
  const r = makeResults();
  r.student = id;
  r.exercises[0].answers = [{ question: { en: 'Why?', ru: 'Почему?' }, text }];
  // A message the student's code throws reaches the diagnosis (the harness quotes it).
  r.tests[4].gatelab.diagnosis = {
    en: `lstmBackward threw an error: ${text}`,
    ru: `lstmBackward выбросила ошибку: ${text}`,
  };
  r.tests[4].gatelab.diffs[0].quantity = text.slice(0, 80);
  r.manual = { comments: [{ text, author: id }], adjustments: [{ milli: 500, reason: text }], total_milli: 500 };
  return r;
}

const tags = (html: string): string[] => [...html.matchAll(/<\/?([A-Za-z][\w:-]*)/g)].map((m) => m[1].toLowerCase());
const ANYTHING_LIVE_IN_MARKDOWN: [string, RegExp][] = [
  ['an HTML tag or comment', /<[A-Za-z!/?]/],
  ['a link or image', /(^|[^\\])\]\(|(^|[^\\])\]:/m],
  ['a URL autolink', /[A-Za-z]:\/\//],
  ['a www autolink', /\bwww\./i],
  ['an e-mail autolink', /\w@\w/],
  ['a javascript: or data: scheme', /\b(javascript|data):/i],
];

describe.each<Lang>(['en', 'ru'])('student text in a %s report', (lang) => {
  const harmless = renderFeedback(withStudentText('plain words', 'ivan-petrov'), lang);

  it.each(HOSTILE)('%j yields no markup of its own', (text) => {
    const { markdown, html } = renderFeedback(withStudentText(text, text.replace(/\n/g, ' ')), lang);
    // HTML: the same tags as with harmless text, so nothing the student wrote became an element or an attribute.
    expect(tags(html)).toEqual(tags(harmless.html));
    expect(html).not.toMatch(/\son\w+\s*=\s*["']?alert/i);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    // Markdown: no tag, link, image or autolink anywhere in the report.
    for (const [what, pattern] of ANYTHING_LIVE_IN_MARKDOWN) {
      const line = markdown.split('\n').find((l) => pattern.test(l) && !/^!\[[^\]]*\]\([\w.-]+\.svg\)$/.test(l));
      expect(line, `${what} in feedback.md`).toBeUndefined();
    }
    // The text is still there for the TA to read (as text): its letters survive.
    const letters = text.replace(/[^A-Za-z]/g, '').slice(0, 12);
    expect(markdown.replace(/&#?\w+;/g, '').replace(/[^A-Za-z]/g, '')).toContain(letters);
  });

  it('the harmless report has no autolink pattern either (the check above can fail only because of the student)', () => {
    for (const [, pattern] of ANYTHING_LIVE_IN_MARKDOWN) {
      expect(harmless.markdown.split('\n').filter((l) => pattern.test(l))).toEqual([]);
    }
  });
});
