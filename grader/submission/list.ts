/**
 * The one way to list a submission's files. Grading (what is compiled, checked and copied), the input hash,
 * similarity, submit, release and the exports all take their files from here, so every step sees the same files.
 *
 * The rule for links: a symbolic link is never followed, wherever it points (out of the submission, into a folder,
 * or to a file inside the submission). It is listed as a link with its target's text, so the input hash notices a
 * repointed link, and nothing reads through it: a graded file that is a link is reported as not graded. Following
 * links even inside the submission would make what is graded depend on where a link points at the moment it is read;
 * git and the submit archive keep a link as a link anyway.
 *
 * Names starting with '.' and `node_modules` folders are not part of a submission (git metadata, editor files,
 * installed packages) and are skipped unread. The walk stops as soon as a bound (bounds.ts) is exceeded; it then only
 * counts names, up to `bounds.census` entries, to say by how much.
 */
import { lstatSync, opendirSync, readlinkSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { BOUNDS, type Bounds } from './bounds';

export type Entry =
  /** A regular file of at most `bounds.fileBytes`. */
  | { kind: 'file'; rel: string; size: number }
  /** A regular file larger than `bounds.fileBytes`: listed, never read. */
  | { kind: 'too-large'; rel: string; size: number }
  /** A symbolic link, never followed; `target` is its text. */
  | { kind: 'link'; rel: string; target: string }
  /** A named pipe, socket or device, a folder that cannot be opened, or a name that cannot be read back. */
  | { kind: 'special'; rel: string };

export type BoundName = 'files' | 'totalBytes' | 'depth';

/** The first bound a submission exceeded, and by how much. */
export interface Exceeded {
  bound: BoundName;
  /** Files counted, bytes counted or folders deep (at least this much when `more`). */
  actual: number;
  limit: number;
  /** The count stopped at the census limit: the submission has more than `actual`. */
  more: boolean;
  /** For depth: the first folder below the limit. */
  at?: string;
}

export interface Listing {
  /** The folder listed (absolute). */
  root: string;
  /** Entries in code-unit order of their paths (relative, '/'-separated); empty past an exceeded bound. */
  entries: Entry[];
  byRel: Map<string, Entry>;
  exceeded: Exceeded | null;
  bounds: Bounds;
}

/** Not part of a submission, skipped unread at every level. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

interface Walk {
  bounds: Bounds;
  entries: Entry[];
  files: number;
  bytes: number;
  maxDepth: number;
  exceeded: Exceeded | null;
  /** Entries counted since a bound was exceeded. */
  census: number;
}

/**
 * Lists `root` (a folder; anything else lists as empty). The root itself is taken as the caller gives it, link or
 * not (a teacher's course folder may be made of links; for a submission, resolveSubmission has already refused a
 * link in place of its exercises folder); everything below it follows the rule above.
 */
export function listSubmission(root: string, bounds: Bounds = BOUNDS): Listing {
  const abs = path.resolve(root);
  const walk: Walk = { bounds, entries: [], files: 0, bytes: 0, maxDepth: 0, exceeded: null, census: 0 };
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    isDir = false;
  }
  // An explicit stack, not recursion: a folder nested a million deep must not overflow the grader's stack.
  const stack: { rel: string; depth: number }[] = isDir ? [{ rel: '', depth: 0 }] : [];
  while (stack.length > 0 && !censusDone(walk)) {
    const { rel, depth } = stack.pop() as { rel: string; depth: number };
    for (const dirent of readFolder(abs, rel, walk)) {
      if (censusDone(walk)) break;
      if (isIgnoredName(dirent.name)) continue;
      const child = rel === '' ? dirent.name : `${rel}/${dirent.name}`;
      if (walk.exceeded) walk.census++;
      if (isFolder(abs, child, dirent, walk)) {
        walk.maxDepth = Math.max(walk.maxDepth, depth + 1);
        if (depth + 1 > bounds.depth)
          exceed(walk, { bound: 'depth', actual: depth + 1, limit: bounds.depth, more: false, at: child });
        stack.push({ rel: child, depth: depth + 1 });
      } else {
        addFile(abs, child, walk);
      }
    }
  }
  return finish(abs, walk);
}

function censusDone(walk: Walk): boolean {
  return walk.exceeded !== null && walk.census >= walk.bounds.census;
}

/** A folder's entries, read a few at a time so that a folder of a million names is not read whole past a bound. */
function readFolder(root: string, rel: string, walk: Walk): Dirent[] {
  const out: Dirent[] = [];
  let dir;
  try {
    dir = opendirSync(path.join(root, rel));
  } catch {
    if (!walk.exceeded && rel !== '') walk.entries.push({ kind: 'special', rel });
    return out;
  }
  try {
    const cap = walk.exceeded
      ? walk.bounds.census - walk.census
      : walk.bounds.files - walk.files + walk.bounds.census + 1;
    for (let d = dir.readSync(); d !== null && out.length <= cap; d = dir.readSync()) out.push(d);
  } finally {
    dir.closeSync();
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isFolder(root: string, rel: string, dirent: Dirent, walk: Walk): boolean {
  // Past a bound only names are counted: the entry's own type, without a stat.
  if (walk.exceeded && walk.exceeded.bound !== 'totalBytes') return dirent.isDirectory();
  try {
    return lstatSync(path.join(root, rel)).isDirectory();
  } catch {
    return false;
  }
}

function addFile(root: string, rel: string, walk: Walk): void {
  const { bounds } = walk;
  walk.files++;
  if (walk.exceeded) {
    if (walk.exceeded.bound === 'totalBytes') walk.bytes += readableSize(root, rel, bounds);
    return;
  }
  if (walk.files > bounds.files) {
    exceed(walk, { bound: 'files', actual: walk.files, limit: bounds.files, more: false });
    return;
  }
  const entry = classify(root, rel, bounds);
  walk.entries.push(entry);
  if (entry.kind === 'file') {
    walk.bytes += entry.size;
    if (walk.bytes > bounds.totalBytes)
      exceed(walk, { bound: 'totalBytes', actual: walk.bytes, limit: bounds.totalBytes, more: false });
  }
}

function classify(root: string, rel: string, bounds: Bounds): Entry {
  const abs = path.join(root, rel);
  try {
    const stat = lstatSync(abs);
    if (stat.isSymbolicLink()) return { kind: 'link', rel, target: readlinkSync(abs) };
    if (!stat.isFile()) return { kind: 'special', rel };
    return stat.size > bounds.fileBytes
      ? { kind: 'too-large', rel, size: stat.size }
      : { kind: 'file', rel, size: stat.size };
  } catch {
    // A name that does not survive the round trip through a JavaScript string (bytes that are not UTF-8), or a file
    // gone since the folder was read.
    return { kind: 'special', rel };
  }
}

function readableSize(root: string, rel: string, bounds: Bounds): number {
  const entry = classify(root, rel, bounds);
  return entry.kind === 'file' ? entry.size : 0;
}

function exceed(walk: Walk, exceeded: Exceeded): void {
  if (walk.exceeded) return;
  walk.exceeded = exceeded;
  walk.entries = [];
}

function finish(root: string, walk: Walk): Listing {
  const { exceeded } = walk;
  if (exceeded) {
    if (exceeded.bound === 'files') exceeded.actual = walk.files;
    if (exceeded.bound === 'totalBytes') exceeded.actual = walk.bytes;
    if (exceeded.bound === 'depth') exceeded.actual = walk.maxDepth;
    exceeded.more = censusDone(walk);
  }
  const entries = walk.entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { root, entries, byRel: new Map(entries.map((e) => [e.rel, e])), exceeded, bounds: walk.bounds };
}

/**
 * Whether `rel` is a source file grading compiles (and similarity compares): a `.ts` file directly in an exercise's
 * folder, except tests and declarations.
 */
export function isSourcePath(rel: string): boolean {
  const parts = rel.split('/');
  const name = parts[1] ?? '';
  return parts.length === 2 && name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');
}

/** The source files of one exercise, whatever their kind (the caller says why a link is not graded). */
export function exerciseSources(listing: Listing, exercise: string): Entry[] {
  return listing.entries.filter((e) => e.rel.startsWith(`${exercise}/`) && isSourcePath(e.rel));
}
