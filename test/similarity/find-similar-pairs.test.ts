import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, findSimilarPairs, type SimilarPair, type SourceFile } from '../../grader/similarity';
import {
  anna,
  baseline,
  bodyLines,
  borisText,
  chen,
  dasha,
  EXERCISE,
  fillStub,
  idiomatic,
  STUB,
  submission,
} from './fixtures';
import { randomProgram } from './synthetic';

const annaText = fillStub(anna);
const chenText = fillStub(chen);
const dashaText = fillStub(dasha);

function pairOf(pairs: SimilarPair[], a: string, b: string): SimilarPair | undefined {
  return pairs.find((pair) => pair.a === a && pair.b === b);
}

/** The function of the exercise whose body (or its closing brace) holds `lines` of `text`, if one does. */
function functionAt(text: string, lines: [number, number]): string | undefined {
  const names = ['sigmoid', 'forgetGateForward', 'forgetGateBackward', 'retention', 'halfLife'];
  return names.find((name) => {
    const [first, last] = bodyLines(text, name);
    return lines[0] >= first && lines[1] <= last + 1;
  });
}

/** The share of a function's body lines that a range covers. */
function coverage(text: string, name: string, lines: [number, number]): number {
  const [first, last] = bodyLines(text, name);
  return (Math.min(last, lines[1]) - Math.max(first, lines[0]) + 1) / (last - first + 1);
}

describe('findSimilarPairs', () => {
  it('flags a copy with every name renamed and comments and layout changed, and shows the matching lines', () => {
    const pairs = findSimilarPairs([submission('anna', annaText), submission('boris', borisText)], { baseline });
    expect(pairs).toHaveLength(1);
    const [pair] = pairs;
    expect(pair).toMatchObject({ exercise: EXERCISE, a: 'anna', b: 'boris' });
    expect(pair.score).toBeGreaterThan(0.95);

    expect(pair.evidence).toHaveLength(3);
    for (const evidence of pair.evidence) {
      // Each region lies inside one function, the same one on both sides, and shows the text as written.
      const name = functionAt(annaText, evidence.aLines);
      expect(name).toBeDefined();
      expect(functionAt(borisText, evidence.bLines)).toBe(name);
      expect(evidence.aText).toBe(
        annaText
          .split('\n')
          .slice(evidence.aLines[0] - 1, evidence.aLines[1])
          .join('\n'),
      );
      expect(evidence.bText).toBe(
        borisText
          .split('\n')
          .slice(evidence.bLines[0] - 1, evidence.bLines[1])
          .join('\n'),
      );
    }
    // The longest copied function comes first, nearly whole on both sides, under Boris's names.
    const [longest] = pair.evidence;
    expect(functionAt(annaText, longest.aLines)).toBe('forgetGateBackward');
    expect(coverage(annaText, 'forgetGateBackward', longest.aLines)).toBeGreaterThan(0.8);
    expect(coverage(borisText, 'forgetGateBackward', longest.bLines)).toBeGreaterThan(0.8);
    expect(longest.bText).toContain('gradA');
    expect(longest.aText).toContain('dPre');
  });

  it('does not flag two different solutions written independently', () => {
    const files = [submission('anna', annaText), submission('chen', chenText)];
    expect(findSimilarPairs(files, { baseline })).toEqual([]);
    // Not just below the line: they share next to nothing once the stub is left out.
    const score = pairOf(findSimilarPairs(files, { baseline, threshold: 0 }), 'anna', 'chen')?.score ?? 0;
    expect(score).toBeLessThan(0.15);
  });

  it('does not flag untouched stubs, because the baseline is left out', () => {
    const files = [submission('ivan', STUB), submission('olga', STUB), submission('anna', annaText)];
    expect(findSimilarPairs(files, { baseline, threshold: 0 })).toEqual([]);
    // Without the baseline the two stubs are identical code.
    expect(pairOf(findSimilarPairs(files), 'ivan', 'olga')?.score).toBe(1);
  });

  it('flags a partial copy, with evidence on the copied function only', () => {
    const pairs = findSimilarPairs([submission('anna', annaText), submission('dasha', dashaText)], { baseline });
    expect(pairs).toHaveLength(1);
    const [pair] = pairs;
    expect(pair.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(pair.score).toBeLessThan(0.8); // most of Dasha's own code is hers
    expect(pair.evidence.length).toBeGreaterThan(0);
    for (const evidence of pair.evidence) {
      expect(functionAt(annaText, evidence.aLines)).toBe('forgetGateBackward');
      expect(functionAt(dashaText, evidence.bLines)).toBe('forgetGateBackward');
    }
    expect(coverage(annaText, 'forgetGateBackward', pair.evidence[0].aLines)).toBeGreaterThan(0.8);
    expect(coverage(dashaText, 'forgetGateBackward', pair.evidence[0].bLines)).toBeGreaterThan(0.8);
  });

  it('ignores code most of the class shares, and still finds a copy among it', () => {
    // Six students write the idiomatic solution (each with their own names) and one helper of their own; the
    // seventh copies the third one's helper under other names.
    const tags = ['', 'X', '_', 'Val', '2', 'Tmp'];
    const files = tags.map((tag, i) =>
      submission(`s${i}`, `${fillStub(idiomatic(tag))}\n${randomProgram(500 + i, 500 + i, 30)}`),
    );
    const copiedHelper = randomProgram(502, 77, 30, '  ');
    const copierText = `${fillStub(idiomatic('Q'))}\n${copiedHelper}`;
    files.push(submission('s6', copierText), submission('anna', annaText), submission('chen', chenText));

    const pairs = findSimilarPairs(files, { baseline });
    expect(pairs.map((pair) => [pair.a, pair.b])).toEqual([['s2', 's6']]);
    const helperStart = copierText.split('\n').indexOf(copiedHelper.split('\n')[0]) + 1;
    for (const evidence of pairs[0].evidence) expect(evidence.bLines[0]).toBeGreaterThanOrEqual(helperStart);

    // The idiom is what made the others alike: counted as evidence, it flags them.
    const unfiltered = findSimilarPairs(files, { baseline, commonFraction: 1 });
    expect(unfiltered.length).toBeGreaterThan(5);
    expect(pairOf(unfiltered, 's0', 's1')).toBeDefined();
  });

  it('compares within an exercise only', () => {
    const files: SourceFile[] = [
      { student: 'anna', exercise: '02-forget-gate', file: 'a.ts', text: annaText },
      { student: 'boris', exercise: '03-lstm-cell', file: 'a.ts', text: borisText },
    ];
    expect(findSimilarPairs(files, { baseline })).toEqual([]);
  });

  it('does not stop at a submission that does not compile', () => {
    const broken = `${annaText.slice(0, annaText.length / 2)} {{{ "unterminated \n \`\${`;
    const pairs = findSimilarPairs([submission('anna', annaText), submission('eve', broken), submission('olga', '')], {
      baseline,
    });
    expect(pairs.map((pair) => [pair.a, pair.b])).toEqual([['anna', 'eve']]);
  });

  it('gives the same answer in the same order whatever the order of the files', () => {
    const files = [
      submission('zoe', annaText), // a copy of Anna's under a later name: the pair is reported as (anna, zoe)
      submission('boris', borisText),
      submission('anna', annaText),
      submission('dasha', dashaText),
      submission('chen', chenText),
    ];
    const pairs = findSimilarPairs(files, { baseline });
    expect(findSimilarPairs([...files].reverse(), { baseline })).toEqual(pairs);
    expect(findSimilarPairs([files[3], files[0], files[4], files[2], files[1]], { baseline })).toEqual(pairs);
    // Highest score first; equal scores by student ids.
    expect(pairs.map((pair) => `${pair.a}-${pair.b}`)).toEqual([
      'anna-boris',
      'anna-zoe',
      'boris-zoe',
      'anna-dasha',
      'boris-dasha',
      'dasha-zoe',
    ]);
    for (const pair of pairs) expect(pair.a < pair.b).toBe(true);
    expect(pairs[0].score).toBe(pairs[2].score);
    expect(pairs[3].score).toBe(pairs[5].score);
  });

  it('reports at most maxPairs pairs, and only those at or above the threshold', () => {
    const files = ['anna', 'b', 'c', 'd'].map((name) => submission(name, annaText));
    expect(findSimilarPairs(files, { baseline })).toHaveLength(6);
    expect(findSimilarPairs(files, { baseline, maxPairs: 2 }).map((pair) => `${pair.a}-${pair.b}`)).toEqual([
      'anna-b',
      'anna-c',
    ]);
    const partial = [submission('anna', annaText), submission('dasha', dashaText)];
    const score = findSimilarPairs(partial, { baseline })[0].score;
    expect(findSimilarPairs(partial, { baseline, threshold: score })).toHaveLength(1);
    expect(findSimilarPairs(partial, { baseline, threshold: score + 0.01 })).toHaveLength(0);
  });
});
