/**
 * Vitest's global setup for the kit's own tests (vitest.config.mts): one temporary folder per run for the results
 * several test files read (test/shared/results.ts), given to the tests as `inject('gatelabShared')` and removed when
 * the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder of shared results; see test/shared/results.ts. */
    gatelabShared: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatelab-test-shared-'));
  project.provide('gatelabShared', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
