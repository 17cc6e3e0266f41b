/**
 * One student's files for one exercise, tokenised and hashed once, with what the comparison needs: every k-gram hash
 * (to know what the baseline and the class share, and to trace matches to lines) and the winnowed fingerprints (to
 * score pairs).
 */
import { kgramHashes, winnow } from './fingerprint';
import { normalise, type NormalisedToken } from './normalise';

export interface SourceFile {
  student: string;
  exercise: string;
  /** The file's path inside the submission, as the report should show it. */
  file: string;
  text: string;
}

export interface HashedFile {
  file: string;
  text: string;
  tokens: NormalisedToken[];
  /** Hash of the k-gram starting at each token; k-grams never cross from one file into the next. */
  hashes: number[];
  /** Positions in `hashes` that winnowing kept. */
  fingerprints: number[];
}

export interface Submission {
  student: string;
  exercise: string;
  files: HashedFile[];
}

export function hashFile(file: string, text: string): HashedFile {
  const tokens = normalise(text);
  const hashes = kgramHashes(tokens.map((token) => token.kind));
  return { file, text, tokens, hashes, fingerprints: winnow(hashes) };
}

/** Every k-gram hash of the files, not only the winnowed ones (see `findSimilarPairs` for why). */
export function allHashes(files: readonly HashedFile[]): Set<number> {
  const all = new Set<number>();
  for (const file of files) for (const hash of file.hashes) all.add(hash);
  return all;
}

/** Code-unit order, not `localeCompare`: the report's order must not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The submissions of each exercise, exercises and students in sorted order so that everything downstream is
 * deterministic whatever order the files came in. A student's files are sorted by path.
 */
export function groupSubmissions(files: readonly SourceFile[]): Map<string, Submission[]> {
  const byExercise = new Map<string, Map<string, SourceFile[]>>();
  for (const source of files) {
    let byStudent = byExercise.get(source.exercise);
    if (!byStudent) byExercise.set(source.exercise, (byStudent = new Map()));
    let own = byStudent.get(source.student);
    if (!own) byStudent.set(source.student, (own = []));
    own.push(source);
  }
  const grouped = new Map<string, Submission[]>();
  for (const exercise of [...byExercise.keys()].sort(compareText)) {
    const byStudent = byExercise.get(exercise) ?? new Map<string, SourceFile[]>();
    const submissions = [...byStudent.keys()].sort(compareText).map((student) => ({
      student,
      exercise,
      files: (byStudent.get(student) ?? [])
        .slice()
        .sort((x, y) => compareText(x.file, y.file) || compareText(x.text, y.text))
        .map((source) => hashFile(source.file, source.text)),
    }));
    grouped.set(exercise, submissions);
  }
  return grouped;
}
