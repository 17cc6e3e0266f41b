/**
 * Fail closed: a sandbox that would lack a layer nobody accepted does not start, so no student code
 * runs; an accepted layer is recorded. Layers are switched off with GATELAB_SANDBOX_DISABLE (read by the
 * first probe, which happens in this file's own module graph), and the root paths are tested for real
 * when the tests run as root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerStates, Sandbox, SandboxRefusedError, stagingLayers } from '../../grader/sandbox';
import { isolationDetails, type IsolationDetails } from '../../grader/sandbox/isolation';
import { makeStaging, Staging } from './helpers';

const previous = process.env.GATELAB_SANDBOX_DISABLE;
process.env.GATELAB_SANDBOX_DISABLE = 'namespaces';
const isRoot = process.getuid?.() === 0;
const LIMITS = { callMs: 5000, totalMs: 60_000, memoryMb: 128 };

let st: Staging;
beforeAll(() => {
  st = makeStaging({
    'm.js': `require('fs');
exports.who = () => ({ uid: process.getuid() });`,
  });
});
afterAll(() => {
  if (previous === undefined) delete process.env.GATELAB_SANDBOX_DISABLE;
  else process.env.GATELAB_SANDBOX_DISABLE = previous;
  st?.cleanup();
});

async function refusal(p: Promise<unknown>): Promise<SandboxRefusedError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SandboxRefusedError) return e;
    throw e;
  }
  throw new Error('the sandbox started although a layer was missing');
}

describe('a missing layer', () => {
  it('stops the sandbox from starting unless it is accepted, and says which layer and why', async () => {
    const err = await refusal(Sandbox.start({ root: st.root, limits: LIMITS }));
    expect(err.layers).toEqual(['pid', 'net']);
    expect(err.message).toMatch(/lacks pid \(disabled by GATELAB_SANDBOX_DISABLE\), net/);
    // Accepting only one of the two is not enough.
    expect((await refusal(Sandbox.start({ root: st.root, limits: LIMITS, accept: ['pid'] }))).layers).toEqual(['net']);
  });

  it('runs when the teacher accepted it, and the sandbox says what was missing', async () => {
    const sb = await Sandbox.start({ root: st.root, limits: LIMITS, accept: ['pid', 'net'] });
    try {
      expect(sb.layers.filter((l) => l.state === 'missing').map((l) => l.layer)).toEqual(['pid', 'net']);
      expect(sb.events.some((e) => e.kind === 'isolation' && /no PID\/network namespace/.test(e.detail))).toBe(true);
      expect(await sb.call('m', 'who', [])).toMatchObject({ ok: true });
    } finally {
      await sb.close();
    }
  });

  it('names the command that enables it', async () => {
    const states = layerStates(await isolationDetails());
    expect(states.find((s) => s.layer === 'net')).toMatchObject({
      state: 'missing',
      enable: 'unset GATELAB_SANDBOX_DISABLE',
    });
  });
});

describe('a grader that is not root, without unprivileged user namespaces', () => {
  const noNamespaces = (d: IsolationDetails): IsolationDetails => ({
    ...d,
    root: false,
    dropUser: false,
    pidNamespace: false,
    netNamespace: false,
    why: { namespaces: 'unshare: unshare failed: Operation not permitted' },
  });

  it('has no network namespace: that is a missing layer, with the sysctl or container flag that enables it', async () => {
    const states = layerStates(noNamespaces(await isolationDetails()));
    expect(states.find((s) => s.layer === 'user')?.state).toBe('not-needed');
    const net = states.find((s) => s.layer === 'net');
    expect(net?.state).toBe('missing');
    expect(net?.enable).toMatch(
      /sysctl -w kernel\.(apparmor_restrict_unprivileged_userns=0|unprivileged_userns_clone=1)|user\.max_user_namespaces|--security-opt/,
    );
  });
});

describe.runIf(isRoot)('the user switch (as root)', () => {
  it('holds for a staging tree of tens of thousands of files (it used to give up and run as root)', async () => {
    const many = makeStaging({ 'm.js': 'exports.who = () => ({ uid: process.getuid() });' });
    try {
      const dir = path.join(many.root, 'junk');
      fs.mkdirSync(dir);
      for (let i = 0; i < 60_000; i++) fs.writeFileSync(path.join(dir, `f${i}.js`), '', { mode: 0o600 });
      const sb = await Sandbox.start({ root: many.root, limits: LIMITS, accept: ['pid', 'net'] });
      try {
        expect(sb.layers.find((l) => l.layer === 'user')?.state).toBe('in-force');
        expect(await sb.call('m', 'who', [])).toMatchObject({ ok: true, value: { uid: 65534 } });
      } finally {
        await sb.close();
      }
    } finally {
      many.cleanup();
    }
  }, 600_000);

  it('when it cannot hold for a staging folder, nothing runs unless "user" is accepted, and then it says so', async () => {
    // Outside the OS temp folder, under a folder uid 65534 cannot search: the switch would leave the child unable to read.
    const base = fs.mkdtempSync(path.join('/var/tmp', 'gatelab-fail-closed-'));
    try {
      fs.chmodSync(base, 0o700);
      const root = path.join(base, 'student');
      fs.cpSync(st.root, root, { recursive: true });
      const user = stagingLayers(root, await isolationDetails()).find((l) => l.layer === 'user');
      expect(user).toMatchObject({ state: 'missing', why: expect.stringMatching(/not searchable by uid 65534/) });
      expect((await refusal(Sandbox.start({ root, limits: LIMITS, accept: ['pid', 'net'] }))).layers).toEqual(['user']);
      const sb = await Sandbox.start({ root, limits: LIMITS, accept: ['pid', 'net', 'user'] });
      try {
        expect(await sb.call('m', 'who', [])).toMatchObject({ ok: true, value: { uid: 0 } });
        expect(sb.events.some((e) => e.kind === 'isolation' && /running as the grader's user/.test(e.detail))).toBe(
          true,
        );
      } finally {
        await sb.close();
      }
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
