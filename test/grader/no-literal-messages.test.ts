/**
 * User-facing text lives in the message catalog (templates/strings.*.json), not in code: no .ts file under grader/
 * or solutions/ holds Cyrillic outside its comments, and none writes a text in both languages as an { en, ru } pair
 * of literals. Both are read from the TypeScript syntax tree, so a comment may say anything and a literal cannot
 * hide from the scan.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';

/** Files whose Cyrillic is not a message, and why. */
const NOT_MESSAGES: Record<string, string> = {
  // Regular expressions that tell a cp1251 roster from other bytes by whether it decodes to Cyrillic letters.
  'grader/collect/spreadsheet-text.ts': 'detects Russian text in a decoded file',
};

const CYRILLIC = /[\u0400-\u04ff]/;

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(PACKAGE_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Every place in `source` where code (not a comment) holds Cyrillic, or pairs literal texts as { en, ru }. */
export function literalMessages(file: string, source: string): string[] {
  if (!CYRILLIC.test(source) && !/\ben\s*:/.test(source)) return []; // nothing to find: no need to parse
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  // A literal's own words: a template's text outside its ${…} (`${a} ${b}` only joins texts, it says nothing).
  const words = (node: ts.Node): string => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node))
      return node.head.text + node.templateSpans.map((span) => span.literal.text).join('');
    return '';
  };
  const literal = (node: ts.Node) => /\p{L}/u.test(words(node));
  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return; // a comment
    if (node.getChildCount(sf) === 0 && CYRILLIC.test(node.getText(sf)))
      found.push(`${at(node)}: Cyrillic in code: ${node.getText(sf).slice(0, 60)}`);
    if (ts.isObjectLiteralExpression(node)) {
      const value = (name: string) =>
        node.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(sf) === name,
        )?.initializer;
      const [en, ru] = [value('en'), value('ru')];
      if (en && ru && (literal(en) || literal(ru)))
        found.push(`${at(node)}: a text written as an { en, ru } pair of literals`);
    }
    // Template literal parts and the like are tokens inside their nodes: getChildren reaches them.
    for (const child of node.getChildren(sf)) visit(child);
  };
  visit(sf);
  return found;
}

describe('no user-facing text as a literal in grader/ and solutions/', () => {
  const files = [...tsFiles('grader'), ...tsFiles('solutions')];

  it('finds the .ts files it scans', () => {
    expect(files).toContain('grader/shared/messages.ts');
    expect(files.some((f) => f.startsWith('solutions/'))).toBe(true);
  });

  it('no file holds Cyrillic outside comments, or a text as an { en, ru } pair of literals', () => {
    const found = files
      .filter((f) => !(f in NOT_MESSAGES))
      .flatMap((f) => literalMessages(f, readFileSync(path.join(PACKAGE_ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the allow-list names files that exist and do hold Cyrillic', () => {
    for (const file of Object.keys(NOT_MESSAGES))
      expect(literalMessages(file, readFileSync(path.join(PACKAGE_ROOT, file), 'utf8')).length, file).toBeGreaterThan(
        0,
      );
  });

  it('sees a message in a string, a template or a pair, and not in a comment', () => {
    expect(literalMessages('a.ts', '// Готово\n/** Готово */\nconst a = 1;')).toEqual([]);
    expect(literalMessages('a.ts', "const a = 'Готово';")).toHaveLength(1);
    expect(literalMessages('a.ts', 'const a = `${n} файлов`;')).toHaveLength(1);
    expect(literalMessages('a.ts', 'const a = `${n} of ${m} файлов`;')).toHaveLength(1);
    expect(literalMessages('a.ts', "const a = { en: 'Done', ru: ready };")).toHaveLength(1);
    expect(literalMessages('a.ts', 'const a = { en: `T = ${T}`, ru: `T = ${T}` };')).toHaveLength(1);
    expect(literalMessages('a.ts', 'const a = { en: ready.en, ru: ready.ru };')).toEqual([]);
    expect(literalMessages('a.ts', 'const a = { en: `${a.en} ${b.en}`, ru: `${a.ru} ${b.ru}` };')).toEqual([]);
  });
});
