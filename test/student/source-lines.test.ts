/**
 * An error thrown in student code is shown at the student's own file and line, with the line's text, in both
 * languages: through the sandbox's mark and the compile step's source map, for the graded file and for a helper
 * file of the student's. Expected lines are found in the files written here, not computed by the code under test.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Checker } from '../../grader/student/checker';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { linkedKit } from '../release/helpers';

const REFERENCE = readFileSync(path.join(PACKAGE_ROOT, 'solutions', '02-forget-gate', 'forget-gate.ts'), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('a throw in student code points at the student’s line', () => {
  let kit: string;
  let checker: Checker;
  const dir = () => path.join(kit, 'exercises', '02-forget-gate');
  beforeAll(async () => {
    kit = linkedKit();
    checker = await Checker.start({ kitRoot: kit });
  });
  afterAll(async () => {
    await checker?.close();
  });

  it('in the graded file: file, line and the line itself, in English and Russian', async () => {
    const wrong = 'const a = x.matmul(p.Wfx).add(x.matmul(p.Wfh)).add(p.bf);';
    const text = REFERENCE.replace('const a = x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)).add(p.bf);', wrong);
    expect(text).toContain(wrong);
    writeFileSync(path.join(dir(), 'forget-gate.ts'), text);
    const report = await checker.run({ exercise: '02', lang: 'en' });
    const forward = report.scored.checks.find((c) => c.id === 'public-forward');
    expect(forward?.diagnosis?.en).toContain('matmul: (1×3)·(2×2): inner sizes 3 and 2 differ');
    expect(forward?.diagnosis?.en).toContain(
      `at exercises/02-forget-gate/forget-gate.ts:${lineOf(text, wrong)}: ${wrong}`,
    );
    expect(forward?.diagnosis?.ru).toContain(
      `в exercises/02-forget-gate/forget-gate.ts:${lineOf(text, wrong)}: ${wrong}`,
    );
    expect(forward?.diagnosis?.en).not.toMatch(/@\d\d-/);
    expect(report.lines.join('\n')).toContain(`  at exercises/02-forget-gate/forget-gate.ts:${lineOf(text, wrong)}`);
  });

  it('in a helper file of the student’s own', async () => {
    const helper = [
      'export function gate(x: any, W: any): any {',
      '  // a comment line, so that compiled and source lines differ',
      '  const y = x.matmul(W.transpose());',
      '  return y;',
      '}',
      '',
    ].join('\n');
    writeFileSync(path.join(dir(), 'helpers.ts'), helper);
    const text =
      "import { gate } from './helpers';\n" +
      REFERENCE.replace('const a = x.matmul(p.Wfx)', 'const a = gate(x, p.Wfx)');
    writeFileSync(path.join(dir(), 'forget-gate.ts'), text);
    const report = await checker.run({ exercise: '02', lang: 'en' });
    const forward = report.scored.checks.find((c) => c.id === 'public-forward');
    expect(forward?.diagnosis?.en).toContain(
      'at exercises/02-forget-gate/helpers.ts:3: const y = x.matmul(W.transpose());',
    );
  });
});
