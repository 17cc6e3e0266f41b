/**
 * grade-all grades several students in one Vitest run (each suite loaded once per student behind a wrapper that
 * selects the student's context). Nothing may leak between them: every student's result must be exactly what
 * `grade` gives that student alone, with the same seed.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { grade } from '../../grader/grade';
import { SuiteRunner } from '../../grader/grade/run-suites';
import { wallBoundMs } from '../../grader/sandbox/clock';
import { gradeAll } from '../../grader/grade-all';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { studentSeed } from '../../grader/shared/seed';
import { EXAMPLES, tempDir } from '../grader/helpers';

const SECRET = 'batch-test-secret';
const LIMITS = { callMs: 1_500, totalMs: 8_000, memoryMb: 256 };

/** What a result says about each check, without timings. */
const verdicts = (r: Results) =>
  r.tests.map((t) => [
    t.gatelab.exercise,
    t.gatelab.id,
    t.gatelab.outcome,
    t.gatelab.score_milli,
    t.gatelab.diagnosis?.en ?? '',
  ]);

describe('grade-all in batches', () => {
  it('gives every student of a batch exactly the result they get graded alone', async () => {
    // Different students' work side by side: a perfect one between two with different mistakes, twice over, so
    // the same suites run for several students in the same worker.
    const kinds = ['s03-wrong-backward', 's01-perfect', 's09-gru-update-gate-swapped', 's02-untouched'];
    const submissions = tempDir('batch-class');
    for (const [i, kind] of kinds.entries())
      cpSync(path.join(EXAMPLES, kind), path.join(submissions, `b${i}`), { recursive: true });
    const out = tempDir('batch-reports');
    // The exercises these students differ in; the others would only add time.
    const full = loadCatalog(PACKAGE_ROOT);
    const catalog = {
      ...full,
      exercises: full.exercises.filter((e) => ['02-forget-gate', '03-lstm-cell', '04-gru-cell'].includes(e.id)),
    };
    const summary = await gradeAll({
      kitRoot: PACKAGE_ROOT,
      submissions,
      out,
      secret: SECRET,
      lang: 'en',
      limits: LIMITS,
      catalog,
    });
    expect(summary.graded.sort()).toEqual(kinds.map((_, i) => `b${i}`));

    // Alone: one student per Vitest run (a runner that is given one request at a time never batches).
    const runner = await SuiteRunner.start({ kitRoot: PACKAGE_ROOT, testTimeoutMs: wallBoundMs(LIMITS), maxBatch: 1 });
    try {
      for (const [i] of kinds.entries()) {
        const id = `b${i}`;
        const batched = JSON.parse(readFileSync(path.join(out, id, 'results.json'), 'utf8')) as Results;
        const alone = await grade({
          kitRoot: PACKAGE_ROOT,
          catalog,
          submission: path.join(submissions, id),
          out: tempDir('alone'),
          student: id,
          lang: 'en',
          seed: studentSeed(SECRET, id),
          limits: LIMITS,
          runner,
        });
        expect([id, batched.seed, verdicts(batched)]).toEqual([id, alone.seed, verdicts(alone)]);
      }
    } finally {
      await runner.close();
    }
  });
});
