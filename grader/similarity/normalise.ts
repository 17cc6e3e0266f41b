/**
 * Turns source text into the token stream that similarity is measured on. Copying is usually disguised by renaming,
 * reformatting and rewording comments, so the stream keeps only what such edits leave alone: keywords, operators,
 * punctuation and the names of accessed properties, with every other name, number and string replaced by a
 * placeholder. Each token remembers its lines so that a match can be shown in the original text.
 *
 * The TypeScript scanner is used rather than a parser so that code which does not compile is still compared: a
 * broken submission is data too.
 */
import ts from 'typescript';

export interface NormalisedToken {
  /** What the token is after normalisation: `ID`, `NUM`, `STR`, a keyword, an operator or a property name. */
  kind: string;
  /** 1-based lines of the token's first and last character in the original text. */
  startLine: number;
  endLine: number;
}

const { SyntaxKind } = ts;

/**
 * Renaming cannot reach a name read after `.`: it belongs to the toolkit (`matmul`) or to the exercise's interfaces
 * (`p.Wfx`), which the stub fixes for everyone. Keeping these names tells `x.matmul(w)` from `x.add(w)`; collapsing
 * them would make every chain of toolkit calls look alike.
 */
const PROPERTY_ACCESS = new Set<ts.SyntaxKind>([SyntaxKind.DotToken, SyntaxKind.QuestionDotToken]);

/** Choices a copier can flip without changing the program; each group is mapped to one token. */
const SAME_MEANING = new Map<ts.SyntaxKind, string>([
  [SyntaxKind.ConstKeyword, 'DECL'],
  [SyntaxKind.LetKeyword, 'DECL'],
  [SyntaxKind.VarKeyword, 'DECL'],
]);

/** Tokens after which `/` divides; anywhere else it starts a regular expression. */
const ENDS_EXPRESSION = new Set<ts.SyntaxKind>([
  SyntaxKind.Identifier,
  SyntaxKind.PrivateIdentifier,
  SyntaxKind.NumericLiteral,
  SyntaxKind.BigIntLiteral,
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateTail,
  SyntaxKind.RegularExpressionLiteral,
  SyntaxKind.CloseParenToken,
  SyntaxKind.CloseBracketToken,
  SyntaxKind.CloseBraceToken,
  SyntaxKind.ThisKeyword,
  SyntaxKind.SuperKeyword,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
  SyntaxKind.NullKeyword,
  SyntaxKind.PlusPlusToken,
  SyntaxKind.MinusMinusToken,
]);

/** Closing tokens before which a trailing comma is a formatter's choice, not code. */
const CLOSERS = new Set(['}', ']', ')']);

/**
 * Words like `out`, `type`, `of`, `number` or `from` are keywords only in some places and ordinary names elsewhere
 * (`const out = …`); the scanner cannot tell which, so they count as names. Otherwise renaming a variable to or from
 * such a word would look like a change of code. Reserved words (`const`, `return`, `for`, …) are kept.
 */
function isContextualKeyword(kind: ts.SyntaxKind): boolean {
  // The keywords after the (future) reserved words are the contextual ones; the API exports no name for that bound.
  return kind > SyntaxKind.LastFutureReservedWord && kind <= SyntaxKind.LastKeyword;
}

function placeholder(kind: ts.SyntaxKind, scanner: ts.Scanner, previous: ts.SyntaxKind | undefined): string {
  switch (kind) {
    case SyntaxKind.Identifier:
    case SyntaxKind.PrivateIdentifier:
      return previous !== undefined && PROPERTY_ACCESS.has(previous) ? scanner.getTokenText() : 'ID';
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
      return 'NUM';
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.TemplateHead:
    case SyntaxKind.TemplateMiddle:
    case SyntaxKind.TemplateTail:
      // A template's literal parts are text like a string's; the expressions between them stay code.
      return 'STR';
    case SyntaxKind.RegularExpressionLiteral:
      return 'RE';
    default:
      // The fixed spelling of a keyword or punctuator where there is one: no substring per token of a large class.
      return SAME_MEANING.get(kind) ?? ts.tokenToString(kind) ?? scanner.getTokenText();
  }
}

/** 0-based offsets where each line starts; `\r\n`, `\r` and `\n` all end a line, as in `splitLines`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The text's lines without their line ends; line n (1-based) is element n − 1, matching `NormalisedToken` lines. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * 1-based line of each offset asked for, offsets asked in increasing order (tokens come in source order), so the
 * line is found by walking forward from the previous answer rather than by searching.
 */
function lineCursor(starts: readonly number[]): (offset: number) => number {
  let line = 0;
  return (offset) => {
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    return line + 1;
  };
}

/** The normalised tokens of `text`, without comments or whitespace, in source order. */
export function normalise(text: string): NormalisedToken[] {
  const lineOf = lineCursor(lineStarts(text));
  // Errors are ignored on purpose: half-written code is compared as far as it scans.
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard, text);
  const tokens: NormalisedToken[] = [];
  // Open braces inside each `${…}` of the templates being scanned: a `}` at depth 0 resumes the template's text.
  const templateBraces: number[] = [];
  let previous: ts.SyntaxKind | undefined;

  for (let kind = scanner.scan(); kind !== SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (
      (kind === SyntaxKind.SlashToken || kind === SyntaxKind.SlashEqualsToken) &&
      !(previous !== undefined && ENDS_EXPRESSION.has(previous))
    ) {
      kind = scanner.reScanSlashToken();
    } else if (
      kind === SyntaxKind.CloseBraceToken &&
      templateBraces.length > 0 &&
      templateBraces[templateBraces.length - 1] === 0
    ) {
      kind = scanner.reScanTemplateToken(/* isTaggedTemplate */ false);
      if (kind === SyntaxKind.TemplateTail) templateBraces.pop();
    } else if (kind === SyntaxKind.OpenBraceToken && templateBraces.length > 0) {
      templateBraces[templateBraces.length - 1]++;
    } else if (kind === SyntaxKind.CloseBraceToken && templateBraces.length > 0) {
      templateBraces[templateBraces.length - 1]--;
    }
    if (kind === SyntaxKind.TemplateHead) templateBraces.push(0);
    if (isContextualKeyword(kind)) kind = SyntaxKind.Identifier;

    const normalised = placeholder(kind, scanner, previous);
    previous = kind;
    // Semicolons are optional in TypeScript, and a formatter adds or removes them without changing the program.
    if (normalised === ';') continue;
    if (CLOSERS.has(normalised) && tokens.length > 0 && tokens[tokens.length - 1].kind === ',') tokens.pop();
    // `(v) => …` and `v => …` are the same function; formatters add or drop the parentheses (arrowParens).
    if (
      normalised === '=>' &&
      tokens.length >= 3 &&
      tokens
        .slice(-3)
        .map((token) => token.kind)
        .join(' ') === '( ID )'
    ) {
      const [, parameter] = tokens.splice(-3, 3);
      tokens.push(parameter);
    }
    const startLine = lineOf(scanner.getTokenStart());
    // Only strings and templates can span lines; the cursor then moves on to the token's last line, never back.
    const endLine = lineOf(Math.max(scanner.getTokenStart(), scanner.getTokenEnd() - 1));
    tokens.push({ kind: normalised, startLine, endLine });
  }
  return tokens;
}
