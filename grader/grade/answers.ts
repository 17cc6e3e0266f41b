/**
 * Step 6a: the free-text answers course.json asks for (01 and 06 ask for two sentences), read as plain text for the
 * TA. They earn no automatic points; the report shows them beside the checks.
 */
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import { BOUNDS, listSubmission } from '../submission';
import { readSubmittedFile } from './artifacts';
import type { Answers } from './score';

/** An answer longer than this is cut: it is a two-sentence answer, not an essay, and the report must stay small. */
const ANSWER_BYTES = BOUNDS.answerBytes;

/**
 * The free-text answers course.json asks for, as plain text for the TA. They are only read, never run: regular
 * files only, no symbolic link followed, at most ANSWER_BYTES. Lines of the kit's own template (the question, the
 * instructions) are dropped, so an untouched template reads as no answer.
 */
export function readAnswers(
  kitRoot: string,
  exercisesDir: string,
  catalog: Catalog,
  listing = listSubmission(exercisesDir),
): Answers {
  const answers: Answers = {};
  for (const exercise of catalog.exercises) {
    if (!exercise.answers?.length) continue;
    answers[exercise.id] = exercise.answers.map((a) => {
      const template = readPlainText(path.join(kitRoot, 'exercises', exercise.id), a.file) ?? '';
      // Only what the listing lists as a readable file (a file over the per-file bound is noted, never read).
      const readable = listing.byRel.get(`${exercise.id}/${a.file}`)?.kind === 'file';
      const text = (readable ? readPlainText(path.join(exercisesDir, exercise.id), a.file) : null) ?? '';
      return { question: a.question, text: withoutTemplate(text, template) };
    });
  }
  return answers;
}

function readPlainText(dir: string, file: string): string | null {
  const read = readSubmittedFile(dir, file, ANSWER_BYTES);
  if ('problem' in read) return null;
  // A cut can split a UTF-8 character; the decoder turns the fragment into U+FFFD, which is dropped.
  let text = new TextDecoder('utf-8').decode(read.bytes);
  if (read.truncated) text = `${text.replace(/\uFFFD+$/, '')} […]`;
  // Control characters (other than tab and newline) have no place in an answer and could upset a terminal.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

function withoutTemplate(text: string, template: string): string {
  const templateLines = new Set(
    template
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );
  return text
    .split('\n')
    .filter((line) => !templateLines.has(line.trim()))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
