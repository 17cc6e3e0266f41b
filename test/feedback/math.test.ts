/**
 * Formulas in feedback: `$…$` TeX typeset as MathML in the HTML report (no script, no style sheet, no font) and
 * transcribed to readable Unicode code in the Markdown report; backtick code stays code; nothing a message holds can
 * become markup of its own.
 */
import { describe, expect, it } from 'vitest';
import { mathHtml, mathText, splitMessage } from '../../grader/feedback/math';
import { escapeMarkdownWithMath } from '../../grader/feedback/markdown';
import { renderFeedback } from '../../grader/feedback/render';
import { makeResults } from './fixture';

describe('splitMessage', () => {
  it('finds formulas, code and plain runs, and keeps an escaped dollar as text', () => {
    expect(splitMessage('costs \\$5; $a_t$ and `npm run train`.')).toEqual([
      { kind: 'text', text: 'costs $5; ' },
      { kind: 'math', text: 'a_t' },
      { kind: 'text', text: ' and ' },
      { kind: 'code', text: 'npm run train' },
      { kind: 'text', text: '.' },
    ]);
    expect(splitMessage('no formula here: 5 $ and 6')).toEqual([{ kind: 'text', text: 'no formula here: 5 $ and 6' }]);
  });
});

describe('the Markdown transcription', () => {
  it.each([
    ['\\partial y_T/\\partial y_{T-k}', '∂y_T/∂y_{T−k}'],
    ['\\sigma(a)(1 - \\sigma(a))', 'σ(a)(1 − σ(a))'],
    ['dW_{fx} = x^\\top \\cdot da', 'dW_{fx} = xᵀ · da'],
    ['\\frac{2}{N}(\\hat y - y)', '2/N(ŷ − y)'],
    ['z = (x - \\mu)/\\sigma', 'z = (x − μ)/σ'],
  ])('%s reads as %s', (tex, text) => {
    expect(mathText(tex).normalize('NFC')).toBe(text.normalize('NFC'));
  });
  it('sets a formula as inline code, so Markdown shows it as it is, and escapes the text around it', () => {
    expect(escapeMarkdownWithMath('The *gate*: $\\sigma(a)(1 - \\sigma(a))$, see `train.ts`.')).toBe(
      'The \\*gate\\*: `σ(a)(1 − σ(a))`, see `train.ts`.',
    );
  });
});

describe('the HTML typesetting', () => {
  it('is MathML with the TeX kept as its annotation, the text around it escaped', () => {
    const html = mathHtml('<b>x</b> $\\partial y_T/\\partial y_{T-k}$');
    expect(html.startsWith('&lt;b&gt;x&lt;/b&gt; ')).toBe(true);
    expect(html).toMatch(/<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"[^>]*>/);
    expect(html).toContain('<mi mathvariant="normal">∂</mi>');
    expect(html).not.toMatch(/<script|<link|<style|class="katex-html"/);
  });
  it('makes no link of \\href and survives broken TeX', () => {
    expect(mathHtml('$\\href{javascript:alert(1)}{x}$')).not.toMatch(/href=|<a\b/);
    expect(() => mathHtml('$\\frac{1}{$')).not.toThrow();
  });
  it('typesets the diagnosis in the HTML report and transcribes it in the Markdown one', () => {
    const r = makeResults();
    r.tests[4].gatelab.diagnosis = {
      en: 'Use $dW_{fx} = x^\\top \\cdot da$.',
      ru: 'Используйте $dW_{fx} = x^\\top \\cdot da$.',
    };
    const { html, markdown } = renderFeedback(r, 'ru');
    expect(html).toMatch(/Используйте <span class="katex"><math/);
    expect(markdown).toContain('Используйте `dW_{fx} = xᵀ · da`.');
  });
});
