/** What the trusted side accepts as the answer to a perturb op: exactly one outcome per variant, each well formed. */
import { describe, expect, it } from 'vitest';
import { HandleTable } from '../../grader/sandbox/handles';
import { decodeOutcome, type OpSpec } from '../../grader/sandbox/ops';

const spec: OpSpec = {
  op: 'perturb',
  module: 'm',
  fn: 'f',
  args: [{ rows: 1, cols: 1, data: Float64Array.from([1]) }],
  leaves: [[0]],
  h: 1e-5,
  only: ['h'],
  variants: 2,
};
const decode = (value: unknown) =>
  decodeOutcome(spec, { ok: true, value, ms: 1 }, performance.now() + 1000, new HandleTable());

describe('a perturb answer', () => {
  it('becomes one outcome per variant, failures kept with their kind', () => {
    const o = decode([
      { ok: true, value: { h: 2 } },
      { ok: false, kind: 'threw', message: 'Error: no' },
    ]);
    expect(o).toEqual({
      ok: true,
      ms: 1,
      value: [
        { ok: true, value: { h: 2 }, ms: 0 },
        { ok: false, kind: 'threw', message: 'Error: no' },
      ],
    });
  });

  it.each([
    ['too few outcomes', [{ ok: true, value: 1 }]],
    ['too many outcomes', [1, 2, 3].map((v) => ({ ok: true, value: v }))],
    ['not a list', { 0: { ok: true, value: 1 }, 1: { ok: true, value: 1 } }],
    [
      'a kind only the grader may give',
      [
        { ok: true, value: 1 },
        { ok: false, kind: 'timeout', message: 'x' },
      ],
    ],
    ['an outcome without a value', [{ ok: true, value: 1 }, { ok: true }]],
  ])('is refused when it has %s', (_, value) => {
    expect(decode(value)).toMatchObject({ ok: false, kind: 'unserializable' });
  });
});
