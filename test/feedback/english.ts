/**
 * Finds English sentences in a report that should be in Russian. A report passes when no run of three or more
 * consecutive English words stands outside code (`…` in Markdown, <code> in HTML), formulas (MathML), the student's
 * id and file names. A word is a token of two or more Latin letters, only the first of which may be a capital, so
 * identifiers (dWx, hPrev, forgetGateForward), single letters (z, r, n) and acronyms (MAE) never count as English; and
 * a run is a sentence only when one of its words is one that every English sentence is made with (the, is, not, your
 * …), so a list of short lower-case names (daz, dar, dan) is not taken for one.
 */

const WORD = /^[A-Za-z][a-z]+$/;
const GLUE = new Set(
  (
    'the an of to is are was were be been and or not no in on at for with by from your you it its this that these as if ' +
    'when than then has have had do does did can could must should will would but so into out only all each there here ' +
    'what which who how why we they their our my me he she his her'
  ).split(' '),
);
const PUNCTUATION = /^[\s,.;:!?()[\]«»"“”'‘’…—–\\*_-]+|[\s,.;:!?()[\]«»"“”'‘’…—–\\*_-]+$/g;

/** Runs of three or more English words in plain text (one line each, as found). */
export function englishRuns(text: string): string[] {
  const runs: string[] = [];
  for (const line of text.split('\n')) {
    let run: string[] = [];
    const close = (): void => {
      if (run.length >= 3 && run.some((w) => GLUE.has(w.toLowerCase()))) runs.push(run.join(' '));
      run = [];
    };
    for (const token of line.split(/\s+/)) {
      const bare = token.replace(PUNCTUATION, '');
      // Punctuation inside a token (a.b, f(x), x·W) makes it code-like, not a word.
      if (WORD.test(bare)) run.push(bare);
      else close();
    }
    close();
  }
  return runs;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#x27': "'",
  '#39': "'",
  '#x3D': '=',
  '#x60': '`',
  nbsp: ' ',
};

/** The prose of an HTML report: no style, code, formulas or tags; entities decoded. */
export function htmlProse(html: string, exempt: string[] = []): string {
  let text = html
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<code[\s\S]*?<\/code>/gi, ' ')
    .replace(/<math[\s\S]*?<\/math>/gi, ' ')
    .replace(/<[^>]+>/g, '\n')
    .replace(
      /&(#?\w+);/g,
      (all, name: string) =>
        ENTITIES[name] ??
        (name.startsWith('#') ? String.fromCodePoint(Number(name.replace(/^#x/, '0x').replace(/^#/, ''))) : all),
    );
  for (const e of exempt) text = text.split(e).join(' ');
  return text;
}

/** The prose of a Markdown report: no code spans, image links or escapes; ids and file names removed. */
export function markdownProse(markdown: string, exempt: string[] = []): string {
  let text = markdown
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\\(.)/g, '$1')
    .replace(
      /&(#?\w+);/g,
      (all, name: string) =>
        ENTITIES[name] ??
        (name.startsWith('#') ? String.fromCodePoint(Number(name.replace(/^#x/, '0x').replace(/^#/, ''))) : all),
    );
  for (const e of exempt) text = text.split(e).join(' ');
  return text;
}
