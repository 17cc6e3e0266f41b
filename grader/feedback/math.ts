/**
 * Formulas in feedback. Notation (README, "Messages and formulas"): a formula in a message of the catalog or of a
 * suite is TeX between single dollar signs, `$\partial y_T/\partial y_{T-k}$`, `$\sigma(a)(1 - \sigma(a))$`,
 * `$dW_{fx} = x^\top \cdot da$`; a literal dollar sign is written `\$`. The HTML report typesets each formula at
 * grading time with KaTeX as MathML (no script, no font, no style sheet: the page stays self-contained and every
 * current browser draws MathML); the Markdown report shows it as inline code in a Unicode transcription (∂y_T/∂y_{T−k},
 * σ(a)(1 − σ(a)), dW_{fx} = xᵀ · da), readable as plain text and never taken for Markdown. Text between backticks is
 * code (a command, a file name, a tool's own output): <code> in HTML, a code span in Markdown.
 */
import Handlebars from 'handlebars';
import katex from 'katex';

export interface MessagePart {
  kind: 'text' | 'math' | 'code';
  text: string;
}

/**
 * A message split into plain runs, `$…$` formulas and `` `…` `` code (a command, a file, a tool's own output such as a
 * compiler error); an escaped `\$` stays a dollar sign in the text.
 */
export function splitMessage(text: string): MessagePart[] {
  const parts: MessagePart[] = [];
  const pattern = /(?<!\\)\$([^$\n]+?)(?<!\\)\$|`([^`\n]+)`/g;
  let last = 0;
  const plain = (s: string): void => {
    if (s) parts.push({ kind: 'text', text: s.replace(/\\\$/g, '$') });
  };
  for (const m of text.matchAll(pattern)) {
    plain(text.slice(last, m.index));
    parts.push(m[1] !== undefined ? { kind: 'math', text: m[1] } : { kind: 'code', text: m[2] });
    last = m.index + m[0].length;
  }
  plain(text.slice(last));
  return parts;
}

/** KaTeX's settings: MathML only, never an error, no \href or \url, and small limits on expansion and size. */
const KATEX_OPTIONS = {
  output: 'mathml',
  throwOnError: false,
  trust: false,
  maxExpand: 200,
  maxSize: 20,
  strict: 'ignore',
} as const;

/** A message as HTML: plain runs escaped by Handlebars, formulas typeset as KaTeX MathML, code in <code>. */
export function mathHtml(text: string): string {
  return splitMessage(text)
    .map((p) => {
      if (p.kind === 'math') return katex.renderToString(p.text, KATEX_OPTIONS);
      const escaped = Handlebars.escapeExpression(p.text);
      return p.kind === 'code' ? `<code>${escaped}</code>` : escaped;
    })
    .join('');
}

/** TeX commands and their Unicode forms, for the Markdown transcription. */
const SYMBOLS: Record<string, string> = {
  partial: '∂',
  sigma: 'σ',
  mu: 'μ',
  theta: 'θ',
  pi: 'π',
  beta: 'β',
  epsilon: 'ε',
  alpha: 'α',
  lambda: 'λ',
  tanh: 'tanh',
  cdot: '·',
  odot: '⊙',
  times: '×',
  top: 'ᵀ',
  sum: 'Σ',
  prod: 'Π',
  leftarrow: '←',
  to: '→',
  le: '≤',
  ge: '≥',
  approx: '≈',
  min: 'min',
  max: 'max',
  log: 'log',
  exp: 'exp',
  infty: '∞',
  ldots: '…',
  dots: '…',
  '|': '‖',
  ',': ' ',
  ';': ' ',
  quad: ' ',
};

/** Commands that are operators: written with the spaces around them. */
const OPERATORS = new Set(['cdot', 'odot', 'times', 'leftarrow', 'to', 'le', 'ge', 'approx', 'quad']);

/** A formula in Unicode: `\frac{2}{N}(\hat y - y)` → `2/N(ŷ − y)`; what it does not know it leaves as written. */
export function mathText(tex: string): string {
  let s = tex;
  for (let i = 0; i < 3; i++) {
    s = s
      .replace(
        /\\frac\{([^{}]*)\}\{([^{}]*)\}/g,
        (_, a: string, b: string) => `${a.length > 1 ? `(${a})` : a}/${b.length > 1 ? `(${b})` : b}`,
      )
      .replace(/\\sqrt\{([^{}]*)\}/g, '√($1)')
      .replace(/\\text\{([^{}]*)\}/g, '$1')
      .replace(
        /\\(hat|bar)\s*\{?([A-Za-z])\}?/g,
        (_, accent: string, c: string) => `${c}${accent === 'hat' ? '\u0302' : '\u0304'}`,
      );
  }
  return (
    s
      .replace(/\^\\top|\^\{\\top\}/g, 'ᵀ')
      .replace(/\\(left|right)\b/g, '')
      // A letter-like symbol sticks to what follows (\partial y → ∂y); an operator keeps its spaces (x \cdot y → x · y).
      .replace(/\\([A-Za-z]+|[|,;]) ?/g, (all, name: string) => {
        const symbol = SYMBOLS[name];
        if (symbol === undefined) return all;
        return /^[A-Za-z]/.test(name) && !OPERATORS.has(name) ? symbol : `${symbol}${all.endsWith(' ') ? ' ' : ''}`;
      })
      .replace(/ - /g, ' − ')
      .replace(/(\w)-(\w)/g, '$1−$2')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
