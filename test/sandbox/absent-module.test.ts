/**
 * A module that is not in the staging gets the runner's own answer from the trusted side, without a process: the
 * exercises a student did not hand in cost no round trips (and no restart after a death).
 */
import { describe, expect, it } from 'vitest';
import { MATRIX_JS, sandboxForFile } from './helpers';

const files = {
  'lib/matrix.js': MATRIX_JS,
  'm/here.js': `'use strict';
exports.spin = () => { for (;;) {} };
exports.one = () => 1;
`,
  'm/data.json': '{"x": 1}',
  'm/folder/index.js': 'exports.two = () => 2;',
  'm/nothing/readme.txt': 'a folder with nothing to load',
};
const sandbox = sandboxForFile(files, { callMs: 300, totalMs: 60_000, memoryMb: 128 });
const restarts = () => sandbox().events.filter((e) => e.kind === 'restart').length;

describe('a module that is not there', () => {
  it('is answered as the runner answers it, without starting a process', async () => {
    const sb = sandbox();
    const timedOut = await sb.call('m/here', 'spin', []);
    expect(timedOut).toMatchObject({ ok: false, kind: 'timeout' });
    expect(sb.pgid).toBeNull();
    const seen = restarts();
    const missing = await sb.callMany([
      { module: 'm/absent', fn: 'f', args: [] },
      { module: '01-none/none', fn: 'g', args: [] },
    ]);
    expect(missing).toEqual([
      { ok: false, kind: 'missing-module', message: 'm/absent was not found in the submission' },
      { ok: false, kind: 'missing-module', message: '01-none/none was not found in the submission' },
    ]);
    expect(await sb.exports('m/absent')).toMatchObject({ ok: false, kind: 'missing-module' });
    // No process was started for them: the next real call is the one that starts it.
    expect(sb.pgid).toBeNull();
    expect(restarts()).toBe(seen);
    expect(await sb.call('m/here', 'one', [])).toMatchObject({ ok: true, value: 1 });
    expect(restarts()).toBe(seen + 1);
  });

  it('leaves to the runner whatever might resolve: a .json file, a folder with an index', async () => {
    const sb = sandbox();
    // A folder with nothing loadable goes to the runner, which finds nothing: its answer has the same words.
    const runner = await sb.call('m/nothing', 'f', []);
    const trusted = await sb.call('m/absent', 'f', []);
    expect(runner).toMatchObject({ ok: false, kind: 'missing-module' });
    expect(trusted).toEqual({
      ...runner,
      message: (runner as { message: string }).message.replace('m/nothing', 'm/absent'),
    });
    expect(await sb.call('m/data', 'x', [])).toMatchObject({ ok: false, kind: 'not-a-function' });
    expect(await sb.call('m/folder', 'two', [])).toMatchObject({ ok: true, value: 2 });
  });

  it('checks the call itself first, as before: a bad function name is named as such', async () => {
    expect(await sandbox().call('m/absent', 'not a name', [])).toMatchObject({ ok: false, kind: 'not-a-function' });
  });
});
