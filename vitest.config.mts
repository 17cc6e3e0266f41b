import { defineConfig } from 'vitest/config';

// The kit's own tests. Exercise and hidden suites are not collected here: they run
// only through the grader (which points them at a sandboxed submission).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most tests wait on child processes (sandboxes, git, npm, Chromium), so two workers on a two-core machine
    // roughly halve the run; Vitest's default leaves one core idle.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // GitHub's workflow parser (a devDependency the export tests validate with) imports its JSON schema without an
    // import attribute, which Node's own loader refuses: bundled by Vite, it loads.
    deps: { optimizer: { ssr: { enabled: true, include: ['@actions/workflow-parser'] } } },
  },
});
