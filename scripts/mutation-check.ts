/**
 * One mutant, judged the way a student is: Stryker has mutated the perfect example student's
 * copy of the LSTM and GRU references; this grades that copy against the pristine reference and
 * exits 1 when any check lost points (the mutant is killed), 0 when all points were earned.
 *
 * Stryker names the active mutant in an environment variable, but the sandbox clears the
 * environment, so the id is written into the copy that is graded.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../grader/shared/catalog';
import { grade } from '../grader/grade';
import { PACKAGE_ROOT } from '../grader/shared/kit';

const EXERCISES = ['03-lstm-cell', '04-gru-cell'];

async function main(): Promise<number> {
  const active = process.env.__STRYKER_ACTIVE_MUTANT__;
  const full = loadCatalog(PACKAGE_ROOT);
  const catalog = { ...full, exercises: full.exercises.filter((e) => EXERCISES.includes(e.id)) };
  const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-mutant-'));
  try {
    const submission = path.join(work, 'student');
    for (const exercise of catalog.exercises) {
      const from = path.join(PACKAGE_ROOT, 'examples', 'class', 's01-perfect', 'exercises', exercise.id);
      const to = path.join(submission, 'exercises', exercise.id);
      cpSync(from, to, { recursive: true });
      if (active) {
        for (const module of exercise.modules) {
          const file = path.join(to, module);
          writeFileSync(
            file,
            `(globalThis as { __stryker__?: object }).__stryker__ = { activeMutant: ${JSON.stringify(active)} };\n${readFileSync(file, 'utf8')}`,
          );
        }
      }
    }
    const results = await grade({
      kitRoot: PACKAGE_ROOT,
      catalog,
      submission,
      out: path.join(work, 'out'),
      student: 'mutant',
      seed: 'mutation',
      lang: 'en',
      limits: { callMs: 3_000, totalMs: 20_000 },
    });
    const lost = results.tests.filter((t) => t.gatelab.score_milli < t.gatelab.max_milli);
    for (const t of lost) console.log(`killed by ${t.gatelab.exercise}/${t.gatelab.id}: ${t.gatelab.outcome}`);
    return lost.length > 0 ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
