/**
 * The isolation probe stacks the layers in one process, as the sandbox stacks them, and probes each alone only when
 * that fails. Both must agree: together works exactly when every layer works alone, and then reports each of them as
 * in force; a layer switched off sends the probe to the layers one by one.
 */
import { describe, expect, it } from 'vitest';
import { probeEach, probeTogether, toolPaths } from '../../grader/sandbox/isolation';

const ok = (probes: readonly ({ ok: boolean } | null)[]) => probes.map((p) => (p === null ? null : p.ok));

describe('the isolation probe', () => {
  it('probing the layers together finds what probing each alone finds', async () => {
    const tools = toolPaths();
    const [together, each] = await Promise.all([probeTogether(new Set(), tools), probeEach(new Set(), tools)]);
    const allWork = each.every((p) => p === null || p.ok);
    expect(together !== null).toBe(allWork);
    if (together) expect(ok(together)).toEqual(ok(each));
  });

  it('a layer switched off is never probed together', async () => {
    for (const layer of ['namespaces', 'pdeathsig', 'user', 'permission'])
      expect(await probeTogether(new Set([layer]), toolPaths())).toBeNull();
  });
});
