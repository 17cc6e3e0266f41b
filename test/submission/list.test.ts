/**
 * The one listing of a submission: its rule for links, what it skips, and its bounds, each checked while walking
 * (big and many-file cases are generated here in a temp folder and removed after each test).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BOUNDS,
  exceededText,
  exerciseSources,
  jsonDepthExceeds,
  listSubmission,
  readInside,
  unreadText,
} from '../../grader/submission';

let dirs: string[] = [];
const temp = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatelab-list-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

const put = (root: string, rel: string, text = 'x'): void => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

describe('listSubmission', () => {
  it('lists regular files in path order and skips dot-files and node_modules unread', () => {
    const root = temp();
    put(root, '02-forget-gate/forget-gate.ts', 'export {};');
    put(root, '01-vanishing-gradient/answer.md', 'text');
    put(root, '.git/HEAD');
    put(root, '02-forget-gate/node_modules/pkg/index.js');
    const listing = listSubmission(root);
    expect(listing.exceeded).toBeNull();
    expect(listing.entries).toEqual([
      { kind: 'file', rel: '01-vanishing-gradient/answer.md', size: 4 },
      { kind: 'file', rel: '02-forget-gate/forget-gate.ts', size: 10 },
    ]);
  });

  it('never follows a link: out of the submission, to a folder, or to a file inside; each is listed with its target', () => {
    const root = temp();
    const classmate = temp();
    put(classmate, '02-forget-gate/forget-gate.ts', 'classmate');
    put(root, '02-forget-gate/helper.ts', 'mine');
    symlinkSync(path.join(classmate, '02-forget-gate'), path.join(root, '03-lstm-cell'));
    symlinkSync(
      path.join(classmate, '02-forget-gate', 'forget-gate.ts'),
      path.join(root, '02-forget-gate', 'forget-gate.ts'),
    );
    symlinkSync('helper.ts', path.join(root, '02-forget-gate', 'inside.ts'));
    const listing = listSubmission(root);
    expect(listing.entries.map((e) => [e.kind, e.rel])).toEqual([
      ['link', '02-forget-gate/forget-gate.ts'],
      ['file', '02-forget-gate/helper.ts'],
      ['link', '02-forget-gate/inside.ts'],
      ['link', '03-lstm-cell'],
    ]);
    expect(listing.byRel.get('02-forget-gate/inside.ts')).toEqual({
      kind: 'link',
      rel: '02-forget-gate/inside.ts',
      target: 'helper.ts',
    });
    expect(exerciseSources(listing, '02-forget-gate').map((e) => e.rel)).toEqual([
      '02-forget-gate/forget-gate.ts',
      '02-forget-gate/helper.ts',
      '02-forget-gate/inside.ts',
    ]);
    expect(unreadText(listing.byRel.get('03-lstm-cell')!, BOUNDS.fileBytes)?.en).toMatch(
      /^exercises\/03-lstm-cell is a symbolic link \(to .*\); links are never followed/,
    );
  });

  it('lists a FIFO, a link loop and a name with bytes that are not UTF-8 without opening them', () => {
    const root = temp();
    execFileSync('mkfifo', [path.join(root, 'pipe.ts')]);
    symlinkSync('loop-b', path.join(root, 'loop-a'));
    symlinkSync('loop-a', path.join(root, 'loop-b'));
    writeFileSync(Buffer.from(`${root}/odd-\xff-name.ts`, 'latin1'), 'x');
    const kinds = listSubmission(root)
      .entries.map((e) => e.kind)
      .sort();
    expect(kinds).toEqual(['link', 'link', 'special', 'special']);
  });

  it('lists a 2 GB file as too large without reading it', () => {
    const root = temp();
    writeFileSync(path.join(root, 'big.bin'), '');
    truncateSync(path.join(root, 'big.bin'), 2 ** 31);
    const listing = listSubmission(root);
    expect(listing.entries).toEqual([{ kind: 'too-large', rel: 'big.bin', size: 2 ** 31 }]);
    expect(unreadText(listing.entries[0], BOUNDS.fileBytes)?.en).toBe(
      'exercises/big.bin is 2 147 483 648 bytes; the limit per file is 4 194 304 bytes, so it was not read.',
    );
  });

  it('stops at the file bound and says by how much: "12 000 files; the limit is 2 000"', () => {
    const root = temp();
    for (let d = 0; d < 12; d++) {
      mkdirSync(path.join(root, `d${d}`));
      for (let i = 0; i < 1000; i++) writeFileSync(path.join(root, `d${d}`, `f${i}`), '');
    }
    const listing = listSubmission(root);
    expect(listing.exceeded).toEqual({ bound: 'files', actual: 12_000, limit: 2_000, more: false });
    expect(listing.entries).toEqual([]);
    const text = exceededText(listing.exceeded!);
    expect(text.en).toMatch(/^12 000 files in the exercises folder; the limit is 2 000\./);
    expect(text.ru).toMatch(/^файлов в папке exercises: 12 000; предел — 2 000\./);
  });

  it('counts no further than the census: "more than"', () => {
    const root = temp();
    for (let i = 0; i < 300; i++) writeFileSync(path.join(root, `f${i}`), '');
    const listing = listSubmission(root, { ...BOUNDS, files: 10, census: 100 });
    expect(listing.exceeded).toMatchObject({ bound: 'files', limit: 10, more: true });
    expect(listing.exceeded!.actual).toBeLessThan(300);
    expect(exceededText(listing.exceeded!).en).toMatch(/^more than \d+ files/);
  });

  it('stops at the total-bytes bound', () => {
    const root = temp();
    for (let i = 0; i < 5; i++) writeFileSync(path.join(root, `f${i}`), Buffer.alloc(1000));
    const listing = listSubmission(root, { ...BOUNDS, totalBytes: 2500 });
    expect(listing.exceeded).toEqual({ bound: 'totalBytes', actual: 5000, limit: 2500, more: false });
  });

  it('stops at the depth bound, and a folder 300 deep costs no recursion', () => {
    const root = temp();
    let dir = root;
    for (let i = 0; i < 300; i++) dir = path.join(dir, 'a');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'deep.ts'), 'x');
    const listing = listSubmission(root);
    expect(listing.exceeded).toMatchObject({ bound: 'depth', actual: 300, limit: BOUNDS.depth, more: false });
    expect(listing.exceeded!.at).toBe(
      Array(BOUNDS.depth + 1)
        .fill('a')
        .join('/'),
    );
    expect(exceededText(listing.exceeded!).en).toMatch(/: folders nested 300 deep; the limit is 8\./);
  });
});

describe('readInside', () => {
  it('reads at most the bound, refuses links on the way and does not block on a FIFO', () => {
    const root = temp();
    put(root, 'a/file.txt', 'abcdef');
    symlinkSync(path.join(root, 'a'), path.join(root, 'b'));
    execFileSync('mkfifo', [path.join(root, 'a', 'pipe')]);
    expect(readInside(root, 'a/file.txt', 4)).toEqual({ bytes: Buffer.from('abcd'), truncated: true });
    expect(readInside(root, 'a/file.txt', 6)).toEqual({ bytes: Buffer.from('abcdef'), truncated: false });
    expect(readInside(root, 'b/file.txt', 100)).toEqual({ problem: 'missing' });
    expect(readInside(root, 'a/pipe', 100)).toEqual({ problem: 'not-a-file' });
    expect(readInside(root, '../x', 100)).toEqual({ problem: 'missing' });
  });
});

describe('jsonDepthExceeds', () => {
  it('measures nesting outside strings only', () => {
    expect(jsonDepthExceeds(Buffer.from('{"a":[[1]],"s":"[[[[["}'), 3)).toBeNull();
    expect(jsonDepthExceeds(Buffer.from('{"a":[[[1]]]}'), 3)).toBe(4);
    expect(jsonDepthExceeds(Buffer.from('"\\"[[[["'), 1)).toBeNull();
    expect(jsonDepthExceeds(Buffer.from('['.repeat(1_000_000)), 32)).toBe(1_000_000);
  });
});
