import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseSeed } from '../../grader/harness/context';
import { readSecret, studentSeed } from '../../grader/shared/seed';
import { UsageError } from '../../grader/shared/errors';

describe('per-student seeds', () => {
  it('are the HMAC of the student id under the course secret', () => {
    const expected = createHmac('sha256', 'course-secret').update('gatelab:student:ivanova').digest('hex').slice(0, 16);
    expect(studentSeed('course-secret', 'ivanova')).toBe(expected);
  });
  it('differ between students and between secrets, and repeat for the same pair', () => {
    expect(studentSeed('course-secret', 'ivanova')).toBe(studentSeed('course-secret', 'ivanova'));
    expect(studentSeed('course-secret', 'ivanova')).not.toBe(studentSeed('course-secret', 'petrov'));
    expect(studentSeed('course-secret', 'ivanova')).not.toBe(studentSeed('other-secret', 'ivanova'));
  });
  it('give each student, exercise, check and case its own 32-bit case seed', () => {
    const a = caseSeed(studentSeed('s3cret-course', 'ivanova'), '02-forget-gate', 'forward', 0);
    const b = caseSeed(studentSeed('s3cret-course', 'petrov'), '02-forget-gate', 'forward', 0);
    const c = caseSeed(studentSeed('s3cret-course', 'ivanova'), '02-forget-gate', 'forward', 1);
    expect(new Set([a, b, c]).size).toBe(3);
    for (const s of [a, b, c]) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(caseSeed('x', 'a', 'b')).not.toBe(caseSeed('x', 'ab', ''));
  });
  it('reads the secret from the environment or a file, and explains what to do without one', () => {
    expect(readSecret({ env: { GATELAB_SECRET: ' long-enough-secret \n' } })).toBe('long-enough-secret');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gatelab-secret-')), 'secret');
    writeFileSync(file, 'from-a-file-secret\n');
    expect(readSecret({ secretFile: file, env: {} })).toBe('from-a-file-secret');
    expect(() => readSecret({ env: {} })).toThrow(UsageError);
    expect(() => readSecret({ env: {} })).toThrow(/set GATELAB_SECRET or pass --secret-file/);
    expect(() => readSecret({ env: { GATELAB_SECRET: 'short' } })).toThrow(/at least 8/);
    expect(() => readSecret({ secretFile: '/nonexistent/secret', env: {} })).toThrow(
      /cannot read the course secret file/,
    );
  });
});
