/**
 * Where two submissions match, as line ranges of the original text, so that a teacher can read the two versions side
 * by side and judge for themselves.
 *
 * Matches are traced over every k-gram rather than only the winnowed fingerprints: the fingerprints decide whether a
 * pair is worth showing, the full hashes then show exactly where the code agrees. A region starts as a diagonal run
 * of matching k-grams (token i of one file against token j of the other, then i + 1 against j + 1, …); tokens that
 * belong to ignored code are cut out of it, and pieces a small edit apart are joined again.
 */
import { K, WINDOW } from './fingerprint';
import { splitLines } from './normalise';
import { compareText, type HashedFile, type Submission } from './submission';

export interface Evidence {
  aFile: string;
  bFile: string;
  /** 1-based, inclusive line ranges of the matching region in each file. */
  aLines: [number, number];
  bLines: [number, number];
  /** The original lines, comments and names as the students wrote them, cut to MAX_EVIDENCE_LINES. */
  aText: string;
  bText: string;
}

/** Regions shown per pair: enough to judge, short enough for a report that lists many pairs. */
export const MAX_EVIDENCE = 3;
/** Lines of text shown per region; the line range still gives the region's full extent. */
export const MAX_EVIDENCE_LINES = 40;
/** Characters shown per region, for code written on a few very long lines. */
export const MAX_EVIDENCE_CHARS = 4000;
/**
 * Smallest region shown: K + WINDOW − 1 tokens, the length winnowing guarantees to notice. Shorter agreements
 * (`const a = x.matmul(p.Wfx)`) are what any two solutions of the exercise share and would only distract.
 */
export const MIN_EVIDENCE_TOKENS = K + WINDOW - 1;
/**
 * Pieces separated by at most this many differing tokens in each file are one region: a disguised copy often
 * changes an operator or inserts a short statement, which should not cut a copied function in two.
 */
const MERGE_GAP = K;
/**
 * Places a k-gram is looked up in the other submission. Code repeated more often than this (generated tables,
 * unrolled loops) would otherwise make the tracing quadratic, and adds nothing a teacher needs to see.
 */
const MAX_OCCURRENCES = 16;

/** Matching code: tokens aStart…aEnd of file aFile on one side against bStart…bEnd of file bFile on the other. */
interface Region {
  aFile: number;
  bFile: number;
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Maximal diagonal runs of matching, non-ignored k-grams between any file of one side and any file of the other, as
 * token ranges (a run of n k-grams from position i covers tokens i … i + n + K − 2).
 */
function diagonalRuns(
  a: readonly HashedFile[],
  b: readonly HashedFile[],
  ignored: (hash: number) => boolean,
): Region[] {
  const where = new Map<number, { file: number; position: number }[]>();
  b.forEach((file, fileIndex) => {
    file.hashes.forEach((hash, position) => {
      if (ignored(hash)) return;
      const list = where.get(hash);
      if (!list) where.set(hash, [{ file: fileIndex, position }]);
      else if (list.length < MAX_OCCURRENCES) list.push({ file: fileIndex, position });
    });
  });
  const matches = (aHashes: readonly number[], i: number, bHashes: readonly number[], j: number): boolean =>
    i >= 0 && j >= 0 && i < aHashes.length && j < bHashes.length && aHashes[i] === bHashes[j] && !ignored(aHashes[i]);

  const runs: Region[] = [];
  a.forEach((aFile, aIndex) => {
    aFile.hashes.forEach((hash, i) => {
      for (const { file: bIndex, position: j } of where.get(hash) ?? []) {
        const bHashes = b[bIndex].hashes;
        if (matches(aFile.hashes, i - 1, bHashes, j - 1)) continue; // not the start of its run
        let length = 1;
        while (matches(aFile.hashes, i + length, bHashes, j + length)) length++;
        runs.push({
          aFile: aIndex,
          bFile: bIndex,
          aStart: i,
          aEnd: i + length + K - 2,
          bStart: j,
          bEnd: j + length + K - 2,
        });
      }
    });
  });
  return runs;
}

/** For each token of the file, whether some ignored k-gram (baseline or class idiom) covers it. */
function ignoredCoverage(file: HashedFile, ignored: (hash: number) => boolean): Uint8Array {
  const depth = new Int32Array(file.tokens.length + 1);
  file.hashes.forEach((hash, position) => {
    if (!ignored(hash)) return;
    depth[position]++;
    depth[Math.min(position + K, file.tokens.length)]--;
  });
  const covered = new Uint8Array(file.tokens.length);
  let open = 0;
  for (let t = 0; t < file.tokens.length; t++) {
    open += depth[t];
    covered[t] = open > 0 ? 1 : 0;
  }
  return covered;
}

/**
 * A run's k-grams straddle into what surrounds the students' own code: the given signature of the next function,
 * the stub's interfaces. Tokens that an ignored k-gram covers (in either file) are cut out, so the lines shown are
 * the students' own code, and a region never runs from one function into the next across its given signature.
 */
function splitAtIgnored(run: Region, aCovered: Uint8Array, bCovered: Uint8Array): Region[] {
  const pieces: Region[] = [];
  const length = run.aEnd - run.aStart + 1;
  let open = -1;
  for (let t = 0; t <= length; t++) {
    const own = t < length && !aCovered[run.aStart + t] && !bCovered[run.bStart + t];
    if (own && open < 0) open = t;
    if (!own && open >= 0) {
      pieces.push({
        ...run,
        aStart: run.aStart + open,
        aEnd: run.aStart + t - 1,
        bStart: run.bStart + open,
        bEnd: run.bStart + t - 1,
      });
      open = -1;
    }
  }
  return pieces;
}

function anyCovered(covered: Uint8Array, from: number, to: number): boolean {
  for (let t = from; t <= to; t++) if (covered[t]) return true;
  return false;
}

/**
 * Joins pieces that follow one another in both files across a small gap of differing code (an edit), but not across
 * ignored code, which is where one function ends and the next one's given signature begins.
 */
function mergePieces(pieces: Region[], aCovered: readonly Uint8Array[], bCovered: readonly Uint8Array[]): Region[] {
  pieces.sort((x, y) => x.aFile - y.aFile || x.bFile - y.bFile || x.aStart - y.aStart || x.bStart - y.bStart);
  const merged: Region[] = [];
  for (const piece of pieces) {
    const into = merged.find(
      (region) =>
        region.aFile === piece.aFile &&
        region.bFile === piece.bFile &&
        piece.aStart > region.aStart &&
        piece.bStart > region.bStart &&
        piece.aStart <= region.aEnd + MERGE_GAP + 1 &&
        piece.bStart <= region.bEnd + MERGE_GAP + 1 &&
        !anyCovered(aCovered[piece.aFile], region.aEnd + 1, piece.aStart - 1) &&
        !anyCovered(bCovered[piece.bFile], region.bEnd + 1, piece.bStart - 1),
    );
    if (into) {
      into.aEnd = Math.max(into.aEnd, piece.aEnd);
      into.bEnd = Math.max(into.bEnd, piece.bEnd);
    } else {
      merged.push({ ...piece });
    }
  }
  return merged;
}

function lineRange(file: HashedFile, start: number, end: number): [number, number] {
  return [file.tokens[start].startLine, file.tokens[end].endLine];
}

/** Lines `range` of `text`, cut to MAX_EVIDENCE_LINES lines and MAX_EVIDENCE_CHARS characters with a visible mark. */
export function excerpt(text: string, range: [number, number]): string {
  const lines = splitLines(text).slice(range[0] - 1, range[1]);
  let shown = lines.slice(0, MAX_EVIDENCE_LINES).join('\n');
  if (shown.length > MAX_EVIDENCE_CHARS) shown = shown.slice(0, MAX_EVIDENCE_CHARS);
  const cut = shown.length < lines.join('\n').length;
  return cut ? `${shown}\n…` : shown;
}

function overlaps(x: [number, number], y: [number, number]): boolean {
  return x[0] <= y[1] && y[0] <= x[1];
}

/**
 * The longest matching regions of two submissions (longest by tokens, so a region is long because much code agrees,
 * not because of blank lines or comments), at most MAX_EVIDENCE, none repeating lines already shown on both sides.
 */
export function findEvidence(a: Submission, b: Submission, ignored: (hash: number) => boolean): Evidence[] {
  const aCovered = a.files.map((file) => ignoredCoverage(file, ignored));
  const bCovered = b.files.map((file) => ignoredCoverage(file, ignored));
  const runs = diagonalRuns(a.files, b.files, ignored);
  const pieces = runs.flatMap((run) => splitAtIgnored(run, aCovered[run.aFile], bCovered[run.bFile]));
  // When ignored code covers every matching token (a few shared k-grams made of idioms), the unsplit runs are shown,
  // so that a reported pair always says where it matches.
  const regions = mergePieces(pieces.length > 0 ? pieces : runs, aCovered, bCovered)
    .map((region) => {
      const aFile = a.files[region.aFile];
      const bFile = b.files[region.bFile];
      return {
        tokens: region.aEnd - region.aStart + 1,
        aFile,
        bFile,
        aLines: lineRange(aFile, region.aStart, region.aEnd),
        bLines: lineRange(bFile, region.bStart, region.bEnd),
      };
    })
    .sort(
      (x, y) =>
        y.tokens - x.tokens ||
        compareText(x.aFile.file, y.aFile.file) ||
        x.aLines[0] - y.aLines[0] ||
        compareText(x.bFile.file, y.bFile.file) ||
        x.bLines[0] - y.bLines[0],
    );
  // Short regions are dropped unless nothing longer exists: a reported pair always shows where it matches.
  const long = regions.filter((region) => region.tokens >= MIN_EVIDENCE_TOKENS);

  const chosen: Evidence[] = [];
  for (const region of long.length > 0 ? long : regions.slice(0, 1)) {
    if (chosen.length === MAX_EVIDENCE) break;
    const repeats = chosen.some(
      (seen) =>
        seen.aFile === region.aFile.file &&
        seen.bFile === region.bFile.file &&
        overlaps(seen.aLines, region.aLines) &&
        overlaps(seen.bLines, region.bLines),
    );
    if (repeats) continue;
    chosen.push({
      aFile: region.aFile.file,
      bFile: region.bFile.file,
      aLines: region.aLines,
      bLines: region.bLines,
      aText: excerpt(region.aFile.text, region.aLines),
      bText: excerpt(region.bFile.text, region.bLines),
    });
  }
  return chosen;
}
