/**
 * With every OS layer switched off (as on a machine without unshare, setpriv or prlimit) and accepted
 * missing (as a student's own check accepts them; fail-closed.test.ts covers the refusal), the sandbox
 * still runs under Node's permission model, still enforces time limits and still cleans up, and says
 * what it is missing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeIsolation, Sandbox } from '../../grader/sandbox';
import { groupAlive, makeStaging, Staging } from './helpers';

// Read by the first probe, which happens in this file's own module graph.
const previous = process.env.GATELAB_SANDBOX_DISABLE;
process.env.GATELAB_SANDBOX_DISABLE = 'namespaces,user,memory,pdeathsig';

let st: Staging;
beforeAll(() => {
  st = makeStaging({
    'm.js': `exports.add = (a, b) => a + b;
exports.read = (p) => require('fs').readFileSync(p, 'utf8');
exports.loop = () => { for (;;) {} };
exports.who = () => ({ pid: process.pid, env: Object.keys(process.env) });`,
  });
});
afterAll(() => {
  if (previous === undefined) delete process.env.GATELAB_SANDBOX_DISABLE;
  else process.env.GATELAB_SANDBOX_DISABLE = previous;
  st?.cleanup();
});

it('falls back to a plain child under the permission model and reports what is missing', async () => {
  expect(await probeIsolation()).toEqual({
    pidNamespace: false,
    netNamespace: false,
    dropUser: false,
    memoryLimit: false,
  });
  const sb = await Sandbox.start({
    root: st.root,
    limits: { callMs: 500, totalMs: 10_000, memoryMb: 128 },
    accept: 'all',
  });
  try {
    const notes = sb.events.filter((e) => e.kind === 'isolation').map((e) => e.detail);
    expect(notes.join('\n')).toMatch(/no PID\/network namespace[^]*no parent-death signal[^]*no address-space cap/);
    expect(await sb.call('m', 'add', [1, 2])).toMatchObject({ ok: true, value: 3 });
    const who = (await sb.call('m', 'who', [])) as { ok: true; value: { pid: number; env: string[] } };
    expect(who.value.pid).toBe(sb.pgid);
    expect(who.value.env).toEqual(['MALLOC_ARENA_MAX']);
    expect(await sb.call('m', 'read', [st.secretFile])).toMatchObject({
      ok: false,
      kind: 'threw',
      message: expect.stringMatching(/ERR_ACCESS_DENIED/),
    });
    const pgid = sb.pgid as number;
    expect(await sb.call('m', 'loop', [])).toMatchObject({ ok: false, kind: 'timeout' });
    expect(groupAlive(pgid)).toBe(false);
    expect(await sb.call('m', 'add', [2, 2])).toMatchObject({ ok: true, value: 4 });
    const last = sb.pgid as number;
    await sb.close();
    expect(groupAlive(last)).toBe(false);
  } finally {
    await sb.close();
  }
});
