import { configDefaults, defineConfig } from 'vitest/config';

// The kit's own tests, in two projects (README, "Tests"). Exercise and hidden suites are not collected here: they run
// only through the grader (which points them at a sandboxed submission).
//   fast  `npm test`: everything but the slow end-to-end runs below; a few minutes on a 2-core machine
//   e2e   `npm run test:e2e`: runs that grade dozens of submissions or whole classes, or drive what is outside the
//         kit (npm, Chromium, Gradescope's and GitHub Classroom's runners) end to end; CI runs both
// A new slow end-to-end test goes in a file named `*.e2e.test.ts`; the files listed here are the older ones.
const E2E = [
  'test/**/*.e2e.test.ts',
  // every catalogued mistake (90+) graded in one grade-all run
  'test/diagnosis/catalogue.test.ts',
  // each mistake fixture of 03, 04 and 06 graded on its own (sweeps beside the catalogue)
  'test/grader/diagnosis-lstm.test.ts',
  'test/grader/diagnosis-gru.test.ts',
  'test/long-memory/grading.test.ts',
  // the Classroom workflow run step by step in a released kit; the Gradescope bundle run as Gradescope runs it
  'test/export/github-classroom.test.ts',
  'test/export/gradescope.test.ts',
  // reports opened in Chromium
  'test/browser/**/*.test.ts',
  // a released kit installed with npm ci
  'test/release/kit-install.test.ts',
  // classes graded twice: with 2 GB and 20 000-file submissions among them; whole and in three shards, then merged
  'test/grade-all/hostile-class.test.ts',
  'test/merge/merge.test.ts',
  // every hostile submission of test/fixtures/submissions, and every hostile input, through grade (in the fast set:
  // test/sandbox/hostile.test.ts, test/grader/hostile.test.ts, and the bounds in test/submission/list.test.ts)
  'test/grader/hostile-sandbox.test.ts',
  'test/grader/hostile-input.test.ts',
  // the command line grading whole submissions: over a bound, and with a sandbox layer missing (in the fast set:
  // test/sandbox/fail-closed.test.ts)
  'test/grader/grade-cli-bounds.test.ts',
  'test/grader/fail-closed.test.ts',
  // every public suite on six submissions, in Vitest and in the checker's own process
  'test/student/public-suites.test.ts',
];

export default defineConfig({
  test: {
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
    // A folder for results that several test files read (test/shared/), made once per run and removed after it.
    globalSetup: ['test/shared/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...E2E] },
      },
      // Whole workflows and classes: a single test may take many minutes on a busy machine.
      { extends: true, test: { name: 'e2e', include: E2E, testTimeout: 1_200_000, hookTimeout: 1_200_000 } },
    ],
  },
});
