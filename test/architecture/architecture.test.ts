/**
 * grader/ keeps the shape docs/architecture.md gives it ("Layers"): no import circle between its files or between its
 * folders, no arrow up the layers, no function over 60 lines and no file over 300 (the sandbox's self-contained runner
 * aside). The first block checks the reading itself on made-up code, so that a clean result on grader/ means something.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  circles,
  commandImports,
  folderArrows,
  folderOf,
  functionLengths,
  importArrows,
  importedNames,
  layerOf,
  LAYERS,
  lineCount,
  tsFiles,
  upwardArrows,
  type Arrow,
} from './code-shape';

const ROOT = path.resolve(__dirname, '..', '..');
const MAX_FUNCTION_LINES = 60;
const MAX_FILE_LINES = 300;

/** The runner is copied into the sandbox and run there alone, so it is one self-contained file: it may be longer. */
const LONG_FILES_ALLOWED = ['grader/sandbox/runner.ts'];

/** Functions allowed over the limit, as `file:name`, each with the branch that shortens it (none today). */
const LONG_FUNCTIONS_ALLOWED: readonly string[] = [];

/** Arrows allowed up the layers, each with the branch that removes it (none today). */
const ARROWS_ALLOWED: readonly Arrow[] = [];

const allowed = (a: Arrow): boolean => ARROWS_ALLOWED.some((b) => b.from === a.from && b.to === a.to);
const show = (arrows: readonly Arrow[]): string[] => arrows.map((a) => `${a.from} -> ${a.to}`);

describe('reading the code', () => {
  it('finds every kind of import: declarations, re-exports, import(), require() and import types', () => {
    const text = [
      "import a from './a';",
      "import type { B } from './b';",
      "export { c } from './c';",
      "const d = () => import('./d');",
      "const e = require('./e');",
      "type F = typeof import('./f');",
      "import g = require('./g');",
      "const h = './h';",
    ].join('\n');
    expect(importedNames(ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true))).toEqual([
      './a',
      './b',
      './c',
      './d',
      './e',
      './f',
      './g',
    ]);
  });

  it('resolves the imports of grader/ to its files, type-only and load-on-use ones included', () => {
    const arrows = importArrows(ROOT, [
      'grader/cli.ts',
      'grader/commands/options.ts',
      'grader/student/commands.ts',
      'grader/student/hints.ts',
    ]);
    // cli.ts takes only a type from commands/options.ts; student/commands.ts loads hints.ts on use, typed by import('./hints').
    expect(arrows).toContainEqual({ from: 'grader/cli.ts', to: 'grader/commands/options.ts' });
    expect(arrows).toContainEqual({ from: 'grader/student/commands.ts', to: 'grader/student/hints.ts' });
  });

  it('finds circles, and none in a graph without one', () => {
    const chain = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ];
    expect(circles(chain)).toEqual([]);
    expect(circles([...chain, { from: 'c', to: 'a' }, { from: 'c', to: 'd' }])).toEqual([['a', 'b', 'c']]);
    expect(
      folderArrows([
        { from: 'grader/x/a.ts', to: 'grader/x/b.ts' },
        { from: 'grader/x/a.ts', to: 'grader/y/c.ts' },
      ]),
    ).toEqual([{ from: 'grader/x', to: 'grader/y' }]);
  });

  it('takes a folder with files in two layers as one part per layer', () => {
    expect(folderOf('grader/grade/score.ts')).toBe('grader/grade');
    expect(folderOf('grader/cli.ts')).toBe('grader/cli.ts');
    expect(folderOf('grader/student/checker.ts')).toBe('grader/student (work)');
    expect(folderOf('grader/student/commands.ts')).toBe('grader/student (commands)');
    // commands/ -> student's work -> commands/ is no circle: the student's command module is not its work.
    const arrows = [
      { from: 'grader/commands/x.ts', to: 'grader/student/checker.ts' },
      { from: 'grader/student/commands.ts', to: 'grader/commands/options.ts' },
    ];
    expect(circles(folderArrows(arrows))).toEqual([]);
    expect(
      circles(folderArrows([...arrows, { from: 'grader/student/checker.ts', to: 'grader/commands/options.ts' }])),
    ).toHaveLength(1);
  });

  it('places a file in the layer of its longest matching path, and finds arrows that run up', () => {
    expect(LAYERS[layerOf('grader/student/commands.ts')].name).toBe('commands');
    expect(LAYERS[layerOf('grader/student/checker.ts')].name).toBe('work');
    expect(LAYERS[layerOf('grader/shared/atomic.ts')].name).toBe('base');
    expect(layerOf('grader/nowhere/x.ts')).toBe(-1);
    const up = { from: 'grader/harness/check.ts', to: 'grader/grade/artifacts.ts' };
    const down = { from: 'grader/grade/artifacts.ts', to: 'grader/harness/context.ts' };
    const across = { from: 'grader/student/commands.ts', to: 'grader/commands/options.ts' };
    expect(upwardArrows([up, down, across])).toEqual([up]);
    expect(
      commandImports([
        across,
        { from: 'grader/cli.ts', to: 'grader/commands/options.ts' },
        { from: 'grader/commands/grade.ts', to: 'grader/commands/options.ts' },
      ]),
    ).toEqual([across]);
  });

  it('measures a function from its first line to its last, whatever its kind, and names it', () => {
    const text = [
      '/** Not counted. */',
      'function one() {',
      '  return 1;',
      '}',
      'const two = () => {',
      '  return 2;',
      '};',
      'class C {',
      '  three(): number {',
      '    return 3;',
      '  }',
      '}',
    ].join('\n');
    expect(functionLengths('x.ts', text).map(({ name, line, lines }) => [name, line, lines])).toEqual([
      ['one', 2, 3],
      ['two', 5, 3],
      ['three', 9, 3],
    ]);
    expect([lineCount(''), lineCount('a\n'), lineCount('a\nb'), lineCount('a\nb\n')]).toEqual([0, 1, 2, 2]);
  });
});

describe('grader/', () => {
  const files = tsFiles(ROOT, 'grader');
  const arrows = importArrows(ROOT, files);
  const kept = arrows.filter((a) => !allowed(a));
  const functions = files.flatMap((f) => functionLengths(f, readFileSync(path.join(ROOT, f), 'utf8')));

  it('has every file in a layer of docs/architecture.md', () => {
    expect(
      files.filter((f) => layerOf(f) < 0),
      'add its folder to LAYERS in test/architecture/code-shape.ts and to docs/architecture.md',
    ).toEqual([]);
  });

  it('has no import circle between files', () => {
    expect(
      circles(kept).map((c) => c.join(', ')),
      'move what the files share into a module below both',
    ).toEqual([]);
  });

  it('has no import circle between folders', () => {
    expect(
      circles(folderArrows(kept)).map((c) => c.join(', ')),
      'move what the folders share down, to grader/shared/ or the lower folder',
    ).toEqual([]);
  });

  it('has no arrow up the layers', () => {
    expect(show(upwardArrows(kept)), 'a layer imports only its own and lower ones: move the piece down').toEqual([]);
  });

  it('has the command modules imported by the command line alone', () => {
    expect(
      show(commandImports(arrows)),
      'move what it needs of commands/ down, to grader/shared/ or its own layer',
    ).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = functions.filter(
      (fn) => fn.lines > MAX_FUNCTION_LINES && !LONG_FUNCTIONS_ALLOWED.includes(`${fn.file}:${fn.name}`),
    );
    expect(
      long.map((fn) => `${fn.file}:${fn.line} ${fn.name} (${fn.lines} lines)`),
      'split it into one-job steps',
    ).toEqual([]);
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter(
      (f) => !LONG_FILES_ALLOWED.includes(f) && lineCount(readFileSync(path.join(ROOT, f), 'utf8')) > MAX_FILE_LINES,
    );
    expect(long, 'split it by job').toEqual([]);
  });

  it('has no exception left that the code no longer needs', () => {
    const longNow = new Set(
      functions.filter((fn) => fn.lines > MAX_FUNCTION_LINES).map((fn) => `${fn.file}:${fn.name}`),
    );
    expect(
      LONG_FUNCTIONS_ALLOWED.filter((f) => !longNow.has(f)),
      'remove it from LONG_FUNCTIONS_ALLOWED',
    ).toEqual([]);
    expect(
      show(ARROWS_ALLOWED.filter((a) => !arrows.some((b) => b.from === a.from && b.to === a.to))),
      'remove it from ARROWS_ALLOWED',
    ).toEqual([]);
  });
});
