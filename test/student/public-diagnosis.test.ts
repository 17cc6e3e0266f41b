/**
 * Public checks diagnose like hidden ones: on the public examples, a failure that is a catalogued mistake gets the
 * catalogue's own text (the same the grader gives), for the LSTM, its BPTT, the GRU and the chain of exercise 01.
 * The catalogue stays teacher-only: the kit carries only each mistake's outputs on the public examples, and the
 * released kit passes the leak scan (test/release/scan.test.ts and release itself).
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Checker } from '../../grader/student/checker';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import * as lstm from '../../solutions/03-lstm-cell/mistakes';
import * as gru from '../../solutions/04-gru-cell/mistakes';
import { CHAIN_MISTAKES } from '../../solutions/01-vanishing-gradient/mistakes';
import { nextHint, readHints } from '../../grader/student/hints';
import { linkedKit } from '../release/helpers';

const EXAMPLES = path.join(PACKAGE_ROOT, 'examples', 'class');
const text = (list: readonly { id: string; diagnosis: { en: string } }[], id: string) => {
  const m = list.find((x) => x.id === id);
  if (!m) throw new Error(`no mistake ${id}`);
  return m.diagnosis.en;
};

describe('public checks name catalogued mistakes', () => {
  let kit: string;
  let checker: Checker;
  beforeAll(async () => {
    kit = linkedKit();
    for (const [student, exercise, file] of [
      ['s07-lstm-no-output-tanh', '03-lstm-cell', 'lstm.ts'],
      ['s09-gru-update-gate-swapped', '04-gru-cell', 'gru.ts'],
      ['s11-vanishing-chain-order', '01-vanishing-gradient', 'vanishing.ts'],
    ]) {
      cpSync(path.join(EXAMPLES, student, 'exercises', exercise, file), path.join(kit, 'exercises', exercise, file));
    }
    checker = await Checker.start({ kitRoot: kit });
  });
  afterAll(async () => {
    await checker?.close();
  });

  it('an LSTM without tanh on c', async () => {
    const report = await checker.run({ exercise: '03', lang: 'en' });
    const step = report.scored.checks.find((c) => c.id === 'public-step-forward');
    expect(step?.outcome).not.toBe('passed');
    expect(step?.diagnosis?.en).toContain(text(lstm.FORWARD_MISTAKES, 'output-no-tanh'));
  });

  it('a GRU whose update gate keeps the wrong term', async () => {
    const report = await checker.run({ exercise: '04', lang: 'en' });
    const step = report.scored.checks.find((c) => c.id === 'public-step-forward');
    expect(step?.diagnosis?.en).toBe(text(gru.STEP_FORWARD_MISTAKES, 'update-gate-on-new-state'));
  });

  it('a chain multiplied in the wrong order: named, and no hint about unroll, which passes', async () => {
    const report = await checker.run({ exercise: '01', lang: 'en' });
    const chains = report.scored.checks.find((c) => c.id === 'public-chains');
    expect(chains?.diagnosis?.en).toBe(text(CHAIN_MISTAKES, 'chain-forward-order'));
    const aboutUnroll = readHints(PACKAGE_ROOT, '01-vanishing-gradient')['public-chains'].filter((l) =>
      l.about?.includes('unroll'),
    );
    for (let call = 0; call < 3; call++) {
      const hint = await nextHint({ kitRoot: kit, exercise: '01', lang: 'en', checker });
      for (const l of aboutUnroll) expect(hint.lines.join('\n')).not.toContain(l.en);
    }
  });
});
