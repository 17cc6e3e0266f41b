import { describe, expect, it } from 'vitest';
import { generate, makeStub, stubMessage } from '../../grader/generate/index';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { STUB_MARKER } from '../../grader/harness/student';

const SOURCE = [
  "import { Matrix } from '../lib/matrix';",
  'export function twice(m: Matrix): Matrix {',
  '  // BEGIN SOLUTION',
  '  return m.scale(2);',
  '  // END SOLUTION',
  '}',
  'export const half = (m: Matrix): Matrix => {',
  '    // BEGIN SOLUTION',
  '    return m.scale(0.5);',
  '    // END SOLUTION',
  '};',
].join('\n');

describe('generate', () => {
  it('replaces each solution region with a TODO and the uniform throw naming exercise and function', () => {
    const stub = makeStub(SOURCE, '09-demo', 'x.ts');
    expect(stub).not.toContain('scale(2)');
    expect(stub).not.toContain('scale(0.5)');
    expect(stub).toContain(`  throw new Error(${JSON.stringify(stubMessage('09-demo', 'twice'))});`);
    expect(stub).toContain(`    throw new Error(${JSON.stringify(stubMessage('09-demo', 'half'))});`);
    expect(stub.match(/\/\/ TODO: write (twice|half)/g)).toHaveLength(2);
    expect(stubMessage('09-demo', 'twice')).toContain(STUB_MARKER);
    expect(stub).toContain('export function twice(m: Matrix): Matrix {');
  });
  it('rejects unpaired and nested markers with the line', () => {
    expect(() => makeStub('// BEGIN SOLUTION\nx', 'e', 'f.ts')).toThrow(/f\.ts:1: BEGIN SOLUTION is never closed/);
    expect(() => makeStub('x\n// END SOLUTION', 'e', 'f.ts')).toThrow(/f\.ts:2: END SOLUTION without/);
    expect(() => makeStub('// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION', 'e', 'f.ts')).toThrow(
      /f\.ts:2: BEGIN SOLUTION inside/,
    );
    expect(() => makeStub('no markers', 'e', 'f.ts')).toThrow(/no "\/\/ BEGIN SOLUTION"/);
  });
  it('the committed stubs, fixtures and manifest are what solutions/ generates', async () => {
    const { drifted } = await generate({ kitRoot: PACKAGE_ROOT, check: true });
    expect(drifted, 'run `npx gatelab generate` and commit the result').toEqual([]);
  });
});
