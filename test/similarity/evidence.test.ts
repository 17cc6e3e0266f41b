import { describe, expect, it } from 'vitest';
import { excerpt, findEvidence, MAX_EVIDENCE, MAX_EVIDENCE_LINES } from '../../grader/similarity/evidence';
import { allHashes, hashFile, type Submission } from '../../grader/similarity/submission';
import { randomProgram } from './synthetic';

function student(name: string, ...files: [string, string][]): Submission {
  return { student: name, exercise: 'e', files: files.map(([file, text]) => hashFile(file, text)) };
}

const nothingIgnored = () => false;

/** A function of distinctive code: `seed` fixes its shape, `names` its local names. */
const helper = (seed: number, names: number, indent = '    ') => randomProgram(seed, names, 12, indent);

describe('evidence', () => {
  it('points at the copied lines in both files, in the original text', () => {
    const copied = helper(1, 1);
    const renamed = helper(1, 2, '  ');
    // What precedes the copies differs in its last token, so the match cannot run back into it by chance.
    const aText = ['// anna', helper(10, 10), 'let q = [1, 2, 3];', copied, helper(11, 11)].join('\n');
    const bText = ['// boris', '// more', helper(20, 20), 'while (ready) {}', renamed].join('\n');
    const [first, ...rest] = findEvidence(
      student('anna', ['a.ts', aText]),
      student('boris', ['b.ts', bText]),
      nothingIgnored,
    );
    expect(rest).toEqual([]);
    const aStart = aText.split('\n').indexOf(copied.split('\n')[0]) + 1;
    const bStart = bText.split('\n').indexOf(renamed.split('\n')[0]) + 1;
    const length = copied.split('\n').filter((line) => line !== '').length;
    expect(first.aFile).toBe('a.ts');
    expect(first.bFile).toBe('b.ts');
    expect(first.aLines).toEqual([aStart, aStart + length - 1]);
    expect(first.bLines).toEqual([bStart, bStart + length - 1]);
    expect(first.aText).toBe(
      aText
        .split('\n')
        .slice(aStart - 1, aStart + length - 1)
        .join('\n'),
    );
    expect(first.bText).toBe(
      bText
        .split('\n')
        .slice(bStart - 1, bStart + length - 1)
        .join('\n'),
    );
  });

  it('finds the copy in whichever file of a submission it is', () => {
    const copied = helper(1, 1);
    const a = student('anna', ['main.ts', helper(10, 10)], ['util.ts', copied]);
    const b = student('boris', ['index.ts', helper(1, 3)], ['other.ts', helper(20, 20)]);
    const evidence = findEvidence(a, b, nothingIgnored);
    expect(evidence.map((e) => [e.aFile, e.bFile])).toEqual([['util.ts', 'index.ts']]);
  });

  it('leaves out ignored code and does not bridge it, so given signatures split two copied functions', () => {
    const signature = 'export function forgetGateBackward(dc: Matrix, cache: ForgetGateCache): ForgetGateGrads {';
    // The statements of two functions, without their first line and closing brace.
    const body1 = helper(1, 1).split('\n').slice(1, -2).join('\n');
    const body2 = helper(2, 2).split('\n').slice(1, -2).join('\n');
    const text = `${signature}\n${body1}\n}\n${signature}\n${body2}\n}\n`;
    const stub = `${signature}\n    throw new Error('todo');\n}\n`;
    const baseline = allHashes([hashFile('stub.ts', stub)]);
    const ignored = (hash: number) => baseline.has(hash);

    const evidence = findEvidence(student('a', ['x.ts', text]), student('b', ['x.ts', text]), ignored);
    // Each region is a body and its closing brace, which is the students' own (the stub's brace follows a throw).
    const lines = text.split('\n');
    const second = lines.indexOf(signature, 1) + 1;
    const body1Lines = [2, 2 + body1.split('\n').length];
    const body2Lines = [second + 1, second + 1 + body2.split('\n').length];
    expect(evidence.map((e) => e.aLines).sort((x, y) => x[0] - y[0])).toEqual([body1Lines, body2Lines]);
    // A given signature shorter than the merge gap still splits.
    const short = 'export function f(z: M): M {';
    const shortText = `${short}\n${body1}\n}\n${short}\n${body2}\n}\n`;
    const shortBaseline = allHashes([hashFile('stub.ts', `${short}\n  throw 0;\n}\n${short}\n  throw 0;\n}\n`)]);
    const split = findEvidence(student('a', ['x.ts', shortText]), student('b', ['x.ts', shortText]), (h) =>
      shortBaseline.has(h),
    );
    const shortSecond = shortText.split('\n').indexOf(short, 1) + 1;
    expect(split).toHaveLength(2);
    for (const e of split) expect(e.aLines[0] > shortSecond || e.aLines[1] < shortSecond).toBe(true);
    // Nothing ignored: the whole text is one region.
    expect(
      findEvidence(student('a', ['x.ts', text]), student('b', ['x.ts', text]), nothingIgnored).map((e) => e.aLines),
    ).toEqual([[1, lines.length - 1]]);
  });

  it('keeps a copied function whole across a small edit', () => {
    const copied = helper(3, 3).split('\n');
    const middle = Math.floor(copied.length / 2);
    const edited = [...copied.slice(0, middle), '    counter += 1;', ...copied.slice(middle)].join('\n');
    const evidence = findEvidence(
      student('a', ['a.ts', copied.join('\n')]),
      student('b', ['b.ts', edited]),
      nothingIgnored,
    );
    expect(evidence).toHaveLength(1);
    expect(evidence[0].bLines[1] - evidence[0].bLines[0]).toBeGreaterThan(copied.length - 5);
  });

  it('shows at most MAX_EVIDENCE regions, longest first, and no short coincidences', () => {
    const functions = [1, 2, 3, 4, 5].map((seed) => helper(seed, seed));
    const a = student('a', ['a.ts', [...functions, 'const aa = x.matmul(p.Wfx);'].join('\n// a\n')]);
    const b = student('b', ['b.ts', ['const bb = y.matmul(q.Wfx);', ...functions.reverse()].join('\n// b\n')]);
    const evidence = findEvidence(a, b, nothingIgnored);
    expect(evidence).toHaveLength(MAX_EVIDENCE);
    const sizes = evidence.map((e) => e.aLines[1] - e.aLines[0]);
    expect([...sizes].sort((x, y) => y - x)).toEqual(sizes);
    expect(evidence.some((e) => e.aText.includes('aa = x.matmul'))).toBe(false);
  });

  it('cuts long regions with a visible mark', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
    const shown = excerpt(text, [11, 90]).split('\n');
    expect(shown).toHaveLength(MAX_EVIDENCE_LINES + 1);
    expect(shown[0]).toBe('line 11');
    expect(shown.at(-1)).toBe('…');
    expect(excerpt(text, [3, 4])).toBe('line 3\nline 4');
    expect(excerpt('x'.repeat(10_000), [1, 1]).length).toBeLessThan(5000);
  });
});
