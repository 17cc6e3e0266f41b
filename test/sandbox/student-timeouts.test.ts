/** A student's function that ran out of time once fails at once afterwards, however it is called again. */
import { describe, expect, it } from 'vitest';
import { StudentFailure, StudentModule } from '../../grader/harness/student';
import { MATRIX_JS, sandboxForFile } from './helpers';

const files = {
  'lib/matrix.js': MATRIX_JS,
  'm/loop.js': `'use strict';
exports.spin = () => { for (;;) {} };
exports.add = (a, b) => a + b;
`,
};
const sandbox = sandboxForFile(files, { callMs: 300, totalMs: 60_000, memoryMb: 128 });

const kinds = (xs: unknown[]) => xs.map((x) => (x instanceof StudentFailure ? x.kind : x));

describe('after a timeout', () => {
  it('a batch of calls and the finite-difference variants of that function fail at once, others still run', async () => {
    const sb = sandbox();
    const mod = new StudentModule(sb, 'm/loop');
    expect(kinds(await mod.callMany('spin', [[], []]))).toEqual(['timeout', 'timeout']);
    const timeouts = () => sb.events.filter((e) => e.kind === 'timeout').length;
    const seen = timeouts();
    expect(seen).toBeGreaterThan(0);
    await expect(mod.call('spin', [])).rejects.toMatchObject({ kind: 'timeout' });
    expect(kinds(await mod.callMany('spin', [[], [], []]))).toEqual(['timeout', 'timeout', 'timeout']);
    const m = { rows: 1, cols: 1, data: Float64Array.from([1]) };
    expect(kinds(await mod.perturbed('spin', [m], [[0]], { h: 1, only: [] }))).toEqual(['timeout', 'timeout']);
    // None of the three ran the loop again: the sandbox saw no new timeout.
    expect(timeouts()).toBe(seen);
    expect(await mod.callMany('add', [[1, 2]])).toEqual([3]);
  });
});
