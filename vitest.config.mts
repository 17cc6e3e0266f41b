import { defineConfig } from 'vitest/config';

// The kit's own tests. Exercise and hidden suites are not collected here: they run
// only through the grader (which points them at a sandboxed submission).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
