/**
 * Per-student seeds. Hidden cases are drawn from HMAC(course secret, student id): each student
 * gets their own cases, a regrade reproduces them exactly, and without the secret nobody can
 * compute another student's cases in advance. The secret never lives in the repository.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from './errors';

export const SECRET_ENV = 'GATELAB_SECRET';

export function readSecret(opts: { secretFile?: string; env?: NodeJS.ProcessEnv }): string {
  const env = opts.env ?? process.env;
  let secret: string | undefined;
  if (opts.secretFile) {
    try {
      secret = readFileSync(opts.secretFile, 'utf8').trim();
    } catch {
      throw new UsageError(
        `${opts.secretFile}: cannot read the course secret file; check the path given to --secret-file`,
      );
    }
  } else {
    secret = env[SECRET_ENV]?.trim();
  }
  if (!secret) {
    throw new UsageError(
      `no course secret: set ${SECRET_ENV} or pass --secret-file <file> (any long random text kept outside the repository, the same for every grading run of the course)`,
    );
  }
  if (secret.length < 8)
    throw new UsageError(
      `the course secret is ${secret.length} characters long; use at least 8 (a long random text is best)`,
    );
  return secret;
}

export function studentSeed(secret: string, studentId: string): string {
  return createHmac('sha256', secret).update(`gatelab:student:${studentId}`).digest('hex').slice(0, 16);
}

/**
 * Which secret a run used, without the secret: HMAC(secret, 'gatelab:shard'). Shards of one class record it, and
 * `gatelab merge` refuses shards whose fingerprints differ (their students' cases were drawn from other secrets).
 */
export function secretFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('gatelab:shard').digest('hex');
}
