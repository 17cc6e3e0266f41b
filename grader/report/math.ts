/**
 * Formulas in feedback. Notation (README, "Messages and formulas"): a formula in a message of the catalog or of a
 * suite is TeX between single dollar signs, `$\partial y_T/\partial y_{T-k}$`, `$\sigma(a)(1 - \sigma(a))$`,
 * `$dW_{fx} = x^\top \cdot da$`; a literal dollar sign is written `\$`. The HTML report typesets each formula at
 * grading time with KaTeX as MathML (no script, no font, no style sheet: the page stays self-contained and every
 * current browser draws MathML); the Markdown report shows it as inline code in a Unicode transcription (∂y_T/∂y_{T−k},
 * σ(a)(1 − σ(a)), dW_{fx} = xᵀ · da), readable as plain text and never taken for Markdown.
 */
import Handlebars from 'handlebars';
import katex from 'katex';

/** Text split into plain runs and `$…$` formulas (an escaped `\$` stays a dollar sign in the text). */
export function splitMath(text: string): { math: boolean; text: string }[] {
  const parts: { math: boolean; text: string }[] = [];
  const pattern = /(?<!\\)\$([^$\n]+?)(?<!\\)\$/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) parts.push({ math: false, text: text.slice(last, m.index) });
    parts.push({ math: true, text: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ math: false, text: text.slice(last) });
  return parts.map((p) => (p.math ? p : { math: false, text: p.text.replace(/\\\$/g, '$') }));
}

/** KaTeX's settings: MathML only, never an error, no \href or \url, and small limits on expansion and size. */
const KATEX_OPTIONS = { output: 'mathml', throwOnError: false, trust: false, maxExpand: 200, maxSize: 20, strict: 'ignore' } as const;

/** Text as HTML with its formulas typeset: plain runs escaped by Handlebars, formulas as KaTeX MathML. */
export function mathHtml(text: string): string {
  return splitMath(text)
    .map((p) => (p.math ? katex.renderToString(p.text, KATEX_OPTIONS) : Handlebars.escapeExpression(p.text)))
    .join('');
}

/** TeX commands and their Unicode forms, for the Markdown transcription. */
const SYMBOLS: Record<string, string> = {
  partial: '∂', sigma: 'σ', mu: 'μ', theta: 'θ', pi: 'π', beta: 'β', epsilon: 'ε', alpha: 'α', lambda: 'λ', tanh: 'tanh',
  cdot: '·', odot: '⊙', times: '×', top: 'ᵀ', sum: 'Σ', prod: 'Π', leftarrow: '←', to: '→', le: '≤', ge: '≥', approx: '≈',
  min: 'min', max: 'max', log: 'log', exp: 'exp', infty: '∞', ldots: '…', dots: '…', '|': '‖', ',': ' ', ';': ' ', quad: ' ',
};

/** A formula in Unicode: `\frac{2}{N}(\hat y - y)` → `2/N(ŷ − y)`; what it does not know it leaves as written. */
export function mathText(tex: string): string {
  let s = tex;
  for (let i = 0; i < 3; i++) {
    s = s
      .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, (_, a: string, b: string) => `${a.length > 1 ? `(${a})` : a}/${b.length > 1 ? `(${b})` : b}`)
      .replace(/\\sqrt\{([^{}]*)\}/g, '√($1)')
      .replace(/\\text\{([^{}]*)\}/g, '$1')
      .replace(/\\(hat|bar)\s*\{?([A-Za-z])\}?/g, (_, accent: string, c: string) => `${c}${accent === 'hat' ? '\u0302' : '\u0304'}`);
  }
  return s
    .replace(/\^\\top|\^\{\\top\}/g, 'ᵀ')
    .replace(/\\(left|right)\b/g, '')
    .replace(/\\([A-Za-z]+|[|,;])/g, (all, name: string) => SYMBOLS[name] ?? all)
    .replace(/(\d|\)) *- */g, '$1 − ')
    .replace(/ - /g, ' − ')
    .replace(/\s+/g, ' ')
    .trim();
}
