/**
 * Reading one file of a submission, which may be hostile: no symbolic link is followed (neither a folder on the way
 * nor the file), a named pipe cannot block the open, and at most `maxBytes` + 1 bytes are read, so a 2 GB file costs
 * no more than a small one and `truncated` says the file was larger than `maxBytes`.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

export type ReadResult = { bytes: Buffer; truncated: boolean } | { problem: 'missing' | 'not-a-file' };

/** Reads `rel` ('/'-separated, inside `root`), at most `maxBytes` of it. */
export function readInside(root: string, rel: string, maxBytes: number): ReadResult {
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return { problem: 'missing' };
  let fd: number | undefined;
  try {
    // Every folder on the way below `root` must be a real folder: a link among them could lead anywhere. (`root`
    // itself is the caller's, as in listSubmission.)
    for (let i = 1; i < parts.length; i++) {
      if (!lstatSync(path.join(root, ...parts.slice(0, i))).isDirectory()) return { problem: 'missing' };
    }
    // O_NOFOLLOW refuses a symbolic link; O_NONBLOCK keeps a named pipe from blocking the open.
    fd = openSync(path.join(root, ...parts), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return { problem: 'not-a-file' };
    return readAtMost(fd, maxBytes);
  } catch (e) {
    return { problem: (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'not-a-file' : 'missing' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readAtMost(fd: number, maxBytes: number): { bytes: Buffer; truncated: boolean } {
  const buffer = Buffer.alloc(maxBytes + 1);
  let size = 0;
  for (let n = -1; n !== 0 && size < buffer.length; size += n)
    n = readSync(fd, buffer, size, buffer.length - size, size);
  return { bytes: buffer.subarray(0, Math.min(size, maxBytes)), truncated: size > maxBytes };
}

/**
 * How deeply arrays and objects nest in JSON text when that is more than `limit` (else null), counted over the bytes
 * without parsing: a file of a million '[' costs one pass over its (already bounded) bytes and no recursion.
 */
export function jsonDepthExceeds(bytes: Buffer, limit: number): number | null {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      deepest = Math.max(deepest, ++depth);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest > limit ? deepest : null;
}
