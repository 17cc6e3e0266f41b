/**
 * Step 1 of `gatelab submit` (submit.ts): what stops a submission (a required file missing or not compiling, the
 * work over one of the grader's bounds, a data file too large) and what is only worth a warning (a data file not made
 * yet). The work is compiled as the grader compiles it, in a temporary folder removed afterwards.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import { compileKitRuntime, compileSubmission } from '../grade/compile';
import { text } from '../shared/messages';
import type { Localized } from '../shared/results';
import { exceededText, listSubmission } from '../submission';

/** What must be there to submit: each exercise's graded modules and its answer files. */
export function requiredFiles(catalog: Catalog): string[] {
  return catalog.exercises.flatMap((e) =>
    [...e.modules, ...(e.answers ?? []).map((a) => a.file)].map((f) => `exercises/${e.id}/${f}`),
  );
}

/**
 * What stops a submission (a required file missing or not compiling, a data file too large for the
 * grader) and what is only worth a warning (a data file such as a trained model not made yet: the rest
 * of the work must still be submittable).
 */
export async function findProblems(
  kitRoot: string,
  catalog: Catalog,
): Promise<{ problems: Localized[]; warnings: Localized[] }> {
  const problems: Localized[] = [];
  const warnings: Localized[] = [];
  for (const file of requiredFiles(catalog)) {
    if (!existsSync(path.join(kitRoot, file))) problems.push(text('student.submitMissing', { file }));
  }
  // Over a bound, the grader would not grade the submission at all: say so now, which bound and by how much.
  const exceeded = listSubmission(path.join(kitRoot, 'exercises')).exceeded;
  if (exceeded) problems.push(exceededText(exceeded));
  for (const exercise of catalog.exercises) {
    for (const artifact of exercise.artifacts ?? []) {
      const file = `exercises/${exercise.id}/${artifact.file}`;
      const abs = path.join(kitRoot, file);
      if (!existsSync(abs)) warnings.push(text('student.submitArtifactMissing', { file, exercise: exercise.id }));
      else if (statSync(abs).size > artifact.maxBytes)
        problems.push(
          text('student.submitArtifactTooLarge', { file, bytes: statSync(abs).size, max: artifact.maxBytes }),
        );
    }
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-submit-'));
  try {
    await compileKitRuntime(kitRoot, path.join(work, 'runtime'));
    const compiled = await compileSubmission({
      exercisesDir: path.join(kitRoot, 'exercises'),
      staging: path.join(work, 'staging'),
      runtimeDir: path.join(work, 'runtime'),
      catalog,
    });
    for (const note of compiled.notes) {
      // The compiler's own message is the same in both languages of the note.
      if (note.kind === 'compile-error')
        problems.push(
          text('student.submitCompile', {
            file: note.file ?? '?',
            line: note.line ?? 0,
            message: note.message.en.replace(/^does not compile\. The compiler says: `(.*)`$/s, '$1'),
          }),
        );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { problems, warnings };
}
