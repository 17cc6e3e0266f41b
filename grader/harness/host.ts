/**
 * The test host the harness registers its checks with: Vitest's `test`, `afterAll` and `inject`. This is the one
 * harness module that imports vitest, so that `check` can run the public suites in its own process without starting
 * Vitest: grader/student/public-suites.ts puts a host of its own in this module's place (same three functions, the
 * same semantics for what the harness uses of them). Grading always runs the suites in Vitest, through this file.
 */
export { afterAll, inject, test } from 'vitest';
