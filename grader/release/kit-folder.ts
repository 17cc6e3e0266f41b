/**
 * The folder a student kit is written to (release's --out): made ready (new or empty, never the course repository
 * or one of its folders), then filled through KitFolder, which keeps the kit-relative path of every file it writes.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors';

/** Folders of the course repository a kit must never be written into (or over). */
const SOURCE_DIRS = [
  'solutions',
  'exercises',
  'grader',
  'datasets',
  'test',
  'examples',
  'templates',
  'scripts',
  'node_modules',
  'bin',
];

/** Step 2: --out is new or empty (emptied with --force), and not the course repository or inside one of its folders. */
export function prepareOut(kitRoot: string, out: string, force: boolean): void {
  const root = path.resolve(kitRoot);
  if (out === root || root.startsWith(out + path.sep)) {
    throw new UsageError(
      `--out ${out} would write over the course repository; choose a new folder, e.g. --out out/kit`,
    );
  }
  const inside = path.relative(root, out).split(path.sep)[0];
  if (!path.relative(root, out).startsWith('..') && SOURCE_DIRS.includes(inside)) {
    throw new UsageError(
      `--out ${out} is inside the course's ${inside}/ folder; choose a folder outside it, e.g. --out out/kit`,
    );
  }
  if (existsSync(out)) {
    if (!statSync(out).isDirectory())
      throw new UsageError(`--out ${out} is a file, not a folder; choose another --out`);
    if (readdirSync(out).length > 0) {
      if (!force)
        throw new UsageError(`${out}: the folder is not empty; pass --force to replace it, or choose another --out`);
      rmSync(out, { recursive: true, force: true });
    }
  }
  mkdirSync(out, { recursive: true });
}

/** The kit folder being filled: every file goes in through copy or write, which keep its kit-relative path. */
export class KitFolder {
  readonly written: string[] = [];

  constructor(
    readonly kitRoot: string,
    readonly out: string,
  ) {}

  /** Copies `rel` of the course repository to the same place in the kit. */
  copy(rel: string): void {
    mkdirSync(path.dirname(path.join(this.out, rel)), { recursive: true });
    copyFileSync(path.join(this.kitRoot, rel), path.join(this.out, rel));
    this.written.push(rel);
  }

  write(rel: string, content: string): void {
    mkdirSync(path.dirname(path.join(this.out, rel)), { recursive: true });
    writeFileSync(path.join(this.out, rel), content);
    this.written.push(rel);
  }
}
