import { describe, expect, it } from 'vitest';
import { lineStarts, normalise, splitLines } from '../../grader/similarity/normalise';

const kinds = (text: string) => normalise(text).map((token) => token.kind);

describe('normalise', () => {
  it('keeps keywords, operators and punctuation, and replaces names, numbers and strings', () => {
    expect(kinds('if (count > 10) return label + "s";')).toEqual([
      'if',
      '(',
      'ID',
      '>',
      'NUM',
      ')',
      'return',
      'ID',
      '+',
      'STR',
    ]);
  });

  it('drops comments and whitespace', () => {
    const plain = 'const a = b * 2;';
    const noisy = '/* doc */ const   a =\n  b // why\n  * 2;   // more\n';
    expect(kinds(noisy)).toEqual(kinds(plain));
    expect(kinds(noisy)).toEqual(['DECL', 'ID', '=', 'ID', '*', 'NUM']);
  });

  it('keeps the names of accessed properties, which renaming cannot change', () => {
    expect(kinds('x.matmul(p.Wfx)')).toEqual(['ID', '.', 'matmul', '(', 'ID', '.', 'Wfx', ')']);
    expect(kinds('a?.sumRows()')).toEqual(['ID', '?.', 'sumRows', '(', ')']);
    expect(kinds('Math.exp(v)')).toEqual(['ID', '.', 'exp', '(', 'ID', ')']);
  });

  it('counts words that are keywords only in some places as names', () => {
    // `out`, `type` and `of` are ordinary variables here; renaming one to `res` must change nothing.
    expect(kinds('const out = type + of;')).toEqual(kinds('const res = kind + n;'));
    expect(kinds('for (const v of xs) {}')).toEqual(['for', '(', 'DECL', 'ID', 'ID', 'ID', ')', '{', '}']);
  });

  it('gives the same stream for a renamed, reformatted copy', () => {
    const original = [
      'const keep = (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));',
      'let total = { rows: m.rows, cols: m.cols, };',
      "const label = 'gate';",
    ].join('\n');
    const disguised = [
      '// safe sigmoid',
      'var sig = t => (t >= 0',
      '  ? 1 / (1 + Math.exp(-t))',
      '  : Math.exp(t) / (1 + Math.exp(t)))',
      'const acc = {rows: q.rows, cols: q.cols}',
      'const name = "gate"',
    ].join('\n');
    expect(kinds(disguised)).toEqual(kinds(original));
  });

  it('still tells different code apart', () => {
    expect(kinds('x.matmul(w).add(b)')).not.toEqual(kinds('x.add(w).matmul(b)'));
    expect(kinds('a + b')).not.toEqual(kinds('a - b'));
    expect(kinds('f(a, b)')).not.toEqual(kinds('f(a)(b)'));
  });

  it('reads template literals as text around code', () => {
    expect(kinds('`a${b + `c${d}`}e`')).toEqual(['STR', 'ID', '+', 'STR', 'ID', 'STR', 'STR']);
    // A brace inside a substitution does not end the substitution.
    expect(kinds('`${ {k: 1}.k } and ${x}`')).toEqual([
      'STR',
      '{',
      'ID',
      ':',
      'NUM',
      '}',
      '.',
      'k',
      'STR',
      'ID',
      'STR',
    ]);
  });

  it('tells a regular expression from a division', () => {
    expect(kinds('const r = /ab+c/g;')).toEqual(['DECL', 'ID', '=', 'RE']);
    expect(kinds('x = a / b / c;')).toEqual(['ID', '=', 'ID', '/', 'ID', '/', 'ID']);
    expect(kinds('x = (a) / 2;')).toEqual(['ID', '=', '(', 'ID', ')', '/', 'NUM']);
  });

  it('records the lines of each token, whatever the line ends', () => {
    const tokens = normalise('a\r\n\r\nb = `x\ny`\rc');
    expect(tokens.map((token) => [token.kind, token.startLine, token.endLine])).toEqual([
      ['ID', 1, 1],
      ['ID', 3, 3],
      ['=', 3, 3],
      ['STR', 3, 4],
      ['ID', 5, 5],
    ]);
    expect(lineStarts('a\r\n\r\nb\rc\n')).toEqual([0, 3, 5, 7, 9]);
    expect(splitLines('a\r\n\r\nb\rc\n')).toEqual(['a', '', 'b', 'c', '']);
  });

  it('scans code that does not compile instead of throwing', () => {
    expect(kinds('function (( { "unterminated')).toEqual(['function', '(', '(', '{', 'STR']);
  });
});
