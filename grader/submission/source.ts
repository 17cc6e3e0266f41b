/**
 * The text of a source file grading compiles, or why it is not graded: one answer for the compile step and for
 * similarity, so a file that was not graded is never evidence either.
 */
import type { Localized } from '../shared/results';
import type { Entry, Listing } from './list';
import { boundText, grouped, shownPath, unreadText } from './messages';
import { readInside } from './read';

export function readSource(listing: Listing, entry: Entry): { text: string } | { skipped: Localized } {
  const limit = listing.bounds.sourceBytes;
  const file = shownPath(`exercises/${entry.rel}`);
  const unread = unreadText(entry, listing.bounds.fileBytes);
  if (unread) return { skipped: unread };
  const read = readInside(listing.root, entry.rel, limit);
  if ('problem' in read) return { skipped: boundText('special', { file }) };
  if (read.truncated) {
    const size = entry.kind === 'file' ? entry.size : limit + 1;
    return { skipped: boundText('sourceTooLarge', { file, actual: grouped(size), limit: grouped(limit) }) };
  }
  return { text: read.bytes.toString('utf8') };
}
