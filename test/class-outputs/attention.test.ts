/** grade-all's closing lines for a student whose code did not run: what happened, not "errors or crashes". */
import { describe, expect, it } from 'vitest';
import { attentionLines } from '../../grader/class-outputs/attention';
import type { ClassRow } from '../../grader/class-outputs/rows';

/** A graded row whose checks all crashed, with the sandbox record given. */
function row(id: string, sandbox: { ran: boolean; refused: string[] }): ClassRow {
  const test = { gatelab: { outcome: 'crashed', exercise: '02-forget-gate', id: 'forward' } };
  return {
    id,
    status: 'graded',
    results: { tests: [test, test], submission: { late_days: 0 }, integrity: [], sandbox },
  } as unknown as ClassRow;
}

describe('attention lines', () => {
  it('say NOT RUN and name the missing layers when the sandbox refused to run the code', () => {
    const lines = attentionLines([row('nia', { ran: false, refused: ['user', 'pid'] })]);
    expect(lines).toEqual(['error: nia — NOT RUN: the sandbox lacks user, pid; these results are not grades']);
  });

  it('say errors or crashes when the code ran and crashed', () => {
    expect(attentionLines([row('ola', { ran: true, refused: [] })])).toEqual([
      'error: ola — errors or crashes in 2 check(s), first 02-forget-gate/forward',
    ]);
  });
});
