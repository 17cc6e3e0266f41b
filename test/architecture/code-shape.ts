/**
 * The shape of grader/ read from its code with the TypeScript compiler API: every import between its files (static,
 * dynamic, `require`, `import('…')` types and re-exports alike), the layers of docs/architecture.md ("Layers"), the
 * import circles between files and between folders, the arrows up the layers, and the length of every function and
 * file. test/architecture/architecture.test.ts holds the code to the rules; the functions take their inputs as
 * arguments, so they can be checked on small made-up cases too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The layers, bottom first: a file may import files of its own layer or a lower one. The longest matching prefix wins. */
export const LAYERS: readonly { name: string; paths: readonly string[] }[] = [
  { name: 'base', paths: ['grader/shared/', 'grader/schemas/'] },
  {
    name: 'engine',
    paths: ['grader/sandbox/', 'grader/harness/', 'grader/submission/', 'grader/feedback/', 'grader/forecast/'],
  },
  { name: 'steps', paths: ['grader/grade/', 'grader/collect/'] },
  {
    name: 'work',
    paths: [
      'grader/grade-all/',
      'grader/shard/',
      'grader/merge/',
      'grader/class-outputs/',
      'grader/similarity/',
      'grader/review/',
      'grader/return/',
      'grader/export/',
      'grader/release/',
      'grader/generate/',
      'grader/validate/',
      'grader/demo/',
      'grader/student/',
    ],
  },
  { name: 'commands', paths: ['grader/commands/', 'grader/student/commands.ts'] },
  { name: 'entry', paths: ['grader/cli.ts', 'grader/student/cli.ts'] },
];

/** An import of one grader file by another, both relative to the repository root with forward slashes. */
export interface Arrow {
  from: string;
  to: string;
}

/** The layer index of `file` (0 = base), or -1 when no layer names it. */
export function layerOf(file: string, layers = LAYERS): number {
  let best = -1;
  let bestLength = -1;
  layers.forEach((layer, index) => {
    for (const p of layer.paths) {
      const matches = p.endsWith('/') ? file.startsWith(p) : file === p;
      if (matches && p.length > bestLength) [best, bestLength] = [index, p.length];
    }
  });
  return best;
}

/**
 * The part of grader/ a file belongs to: its first folder (`grader/grade`), or the file itself at the top; a folder
 * with files in two layers is a part per layer (`grader/student (commands)`), since each layer stands on its own.
 */
export function folderOf(file: string, layers = LAYERS): string {
  const folder = file.split('/').slice(0, 2).join('/');
  const here = layerOf(file, layers);
  const others = layers.some(
    (layer, index) => index !== here && layer.paths.some((p) => p !== folder + '/' && p.startsWith(folder + '/')),
  );
  return others && here >= 0 ? `${folder} (${layers[here].name})` : folder;
}

/** Every .ts file under `dir` (relative to `root`), sorted. */
export function tsFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** The module names `source` imports, whichever way: declarations, re-exports, import(), require() and import types. */
export function importedNames(source: ts.SourceFile): string[] {
  const names: string[] = [];
  const literal = (node: ts.Node | undefined): void => {
    if (node && ts.isStringLiteralLike(node)) names.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      literal(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal(node.argument.literal);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require'))
        literal(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** The arrows between the given files (repository-relative): each import resolved as the compiler resolves it. */
export function importArrows(root: string, files: readonly string[]): Arrow[] {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    resolveJsonModule: true,
  };
  const known = new Set(files);
  const arrows: Arrow[] = [];
  for (const from of files) {
    const abs = path.join(root, from);
    const source = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const name of new Set(importedNames(source))) {
      const resolved = ts.resolveModuleName(name, abs, options, ts.sys).resolvedModule?.resolvedFileName;
      const to = resolved ? path.relative(root, resolved).split(path.sep).join('/') : null;
      if (to && to !== from && known.has(to)) arrows.push({ from, to });
    }
  }
  return arrows;
}

/** The circles of a directed graph: its strongly connected parts of more than one node (Tarjan), each sorted. */
export function circles(arrows: readonly Arrow[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of arrows) {
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      part.push(w);
    } while (w !== v);
    if (part.length > 1) found.push(part.sort());
  };
  for (const v of next.keys()) if (!index.has(v)) connect(v);
  return found;
}

/** The arrows between different parts of grader/ (see folderOf), one per pair of parts. */
export function folderArrows(arrows: readonly Arrow[], layers = LAYERS): Arrow[] {
  const pairs = new Map<string, Arrow>();
  for (const { from, to } of arrows) {
    const a = folderOf(from, layers);
    const b = folderOf(to, layers);
    if (a !== b) pairs.set(`${a} ${b}`, { from: a, to: b });
  }
  return [...pairs.values()];
}

/** Arrows from a lower layer to a higher one. */
export function upwardArrows(arrows: readonly Arrow[], layers = LAYERS): Arrow[] {
  return arrows.filter(({ from, to }) => layerOf(from, layers) < layerOf(to, layers));
}

/**
 * Imports of a command module from outside the teacher's command line: commands/ is assembled by cli.ts alone (the
 * student kit ships what its verbs import, and a helper must not depend on how a verb is spelled).
 */
export function commandImports(arrows: readonly Arrow[]): Arrow[] {
  const inCommandLine = (file: string) => file === 'grader/cli.ts' || file.startsWith('grader/commands/');
  return arrows.filter(({ from, to }) => to.startsWith('grader/commands/') && !inCommandLine(from));
}

/** A function, method, accessor or constructor and its length in lines (from its first token to its last). */
export interface FunctionLength {
  file: string;
  name: string;
  line: number;
  lines: number;
}

function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (
    named.name &&
    (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name) || ts.isStringLiteral(named.name))
  )
    return named.name.text;
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  return '(anonymous)';
}

/** Every function-like node of `text` and its length; nested functions are counted on their own as well. */
export function functionLengths(file: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: FunctionLength[] = [];
  const lineOf = (pos: number): number => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const line = lineOf(node.getStart(source));
      out.push({ file, name: functionName(node), line, lines: lineOf(node.getEnd()) - line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The number of lines of a text, as `wc -l` counts them for a file that ends with a newline. */
export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
