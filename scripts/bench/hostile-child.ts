/**
 * The hostile bench's child (see hostile.ts): grades one submission as `gatelab grade` would, with the class bench's
 * limits. Run as `node --require tsx/cjs hostile-child.ts <submission> <out>`, which loads the grader the way
 * bin/gatelab.js does.
 */
import path from 'node:path';
import { grade } from '../../grader/grade';
import { PACKAGE_ROOT } from '../../grader/shared/kit';

const LIMITS = { callMs: 2_000, totalMs: 20_000 };

const [submission, out] = process.argv.slice(2);
grade({
  kitRoot: PACKAGE_ROOT,
  submission,
  out,
  student: path.basename(submission),
  seed: 'bench-hostile',
  limits: LIMITS,
  allowWeak: [],
}).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);
