/**
 * Errors that reach a person. A UsageError is bad input (exit code 2): its message is one line
 * that says what is wrong, where, and how to fix it.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT = { ok: 0, failedChecks: 1, badInput: 2 } as const;
