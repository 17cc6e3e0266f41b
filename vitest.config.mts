import { defineConfig } from 'vitest/config';

// The kit's own tests. Exercise and hidden suites are not collected here: they run
// only through the grader (which points them at a sandboxed submission).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most tests wait on child processes (sandboxes, git, npm, Chromium), so two workers on a two-core machine
    // roughly halve the run; Vitest's default leaves one core idle.
    maxWorkers: 2,
    // Most tests grade, and grading may take up to ten times its limits on a busy machine (the sandbox's clock,
    // grader/sandbox/clock.ts): a generous timeout keeps a slow machine from failing a test; a hang still fails.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // GitHub's workflow parser (a devDependency the export tests validate with) imports its JSON schema without an
    // import attribute, which Node's own loader refuses: bundled by Vite, it loads.
    deps: { optimizer: { ssr: { enabled: true, include: ['@actions/workflow-parser'] } } },
  },
});
