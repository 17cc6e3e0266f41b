/**
 * Escaping for the Markdown report. Handlebars' own escaping is for HTML (it turns `=` into
 * `&#x3D;`, which makes raw Markdown hard to read), so the Markdown template is compiled without it
 * and instead every string of its context is escaped here before rendering. Escaping the data, not
 * each `{{ }}`, means a field added to a template later is escaped too.
 */

import { mathText, splitMessage } from './math';

/** Characters with inline meaning in CommonMark/GFM (code, emphasis, links, tables, strikethrough, headings). */
const INLINE_SPECIAL = /[\\`*_[\]|~#]/g;

/**
 * What a Markdown renderer may turn into a link without any bracket: GFM's autolinks (`https://…`, `www.…`, an e-mail
 * address) and, in renderers with a "linkify" option, a scheme such as `javascript:` or `mailto:`. The character that
 * starts the match becomes an entity: it still reads as the same character, but no autolink rule sees it.
 */
const AUTOLINKS: [RegExp, string][] = [
  [/\b([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, '$1&#58;'],
  [/\b(javascript|vbscript|data|file|mailto|xmpp|tel|sms):/gi, '$1&#58;'],
  [/\b(www)\./gi, '$1&#46;'],
  [/@/g, '&#64;'],
];

/**
 * A string without any of these is its own escape: no line to start, no special character, no entity to make, and
 * no autolink (each AUTOLINKS pattern needs a `:`, a `www.` or an `@`). Most strings of a report are such, and the
 * test is one pass where escaping is a dozen.
 */
const NEEDS_ESCAPING = /[\r\n&<>\\`*_[\]|~#:@]/;

/**
 * Text as Markdown that renders to exactly that text: `<`, `>` and `&` become entities (so no raw
 * HTML can pass through a renderer), other punctuation with Markdown meaning is backslash-escaped,
 * nothing can become an autolink, and a line break stays a line break without starting a list,
 * heading or quote.
 */
export function escapeMarkdown(text: string): string {
  if (!NEEDS_ESCAPING.test(text) && !/www\./i.test(text)) return text;
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line, i) => {
      const escaped = line
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(INLINE_SPECIAL, '\\$&');
      const unlinked = AUTOLINKS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), escaped);
      if (i === 0) return unlinked;
      return unlinked.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
    })
    .join('  \n');
}

/**
 * A message with `$…$` formulas and backtick code (grader/feedback/math.ts) as Markdown: the text escaped as
 * escapeMarkdown does, each formula as inline code in its Unicode transcription, code as a code span.
 */
export function escapeMarkdownWithMath(text: string): string {
  return splitMessage(text)
    .map((part) => {
      if (part.kind === 'text') return escapeMarkdown(part.text);
      return `\`${part.kind === 'math' ? mathText(part.text).replace(/`/g, "'") : part.text}\``;
    })
    .join('');
}

/**
 * Every string inside a JSON-like value escaped with escapeMarkdown; other values unchanged. Strings under a key of
 * `mathKeys` (the messages: diagnosis, hint, notes) keep their formulas, as escapeMarkdownWithMath writes them.
 * An array or object in which nothing changes is returned as it is, not copied (a plot's thousands of points).
 */
export function escapeMarkdownDeep<T>(value: T, mathKeys: ReadonlySet<string> = new Set(), inMath = false): T {
  if (typeof value === 'string') return (inMath ? escapeMarkdownWithMath(value) : escapeMarkdown(value)) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const escaped = escapeMarkdownDeep(item, mathKeys, inMath);
      if (escaped !== item) (copy ??= value.slice())[i] = escaped;
    });
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const escaped = escapeMarkdownDeep(item, mathKeys, inMath || mathKeys.has(key));
      if (escaped !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = escaped;
    }
    return (copy ?? value) as T;
  }
  return value;
}

/** Escaped text on one line, for a table cell. */
export function markdownCell(escaped: string): string {
  return escaped.replace(/\s*\n\s*/g, ' ');
}

/** Escaped text as the body of a block quote (the template writes the first `> `). */
export function markdownQuote(escaped: string): string {
  return escaped.replace(/\n/g, '\n> ');
}
