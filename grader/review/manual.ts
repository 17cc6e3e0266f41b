/**
 * A TA's points and comments for one student, kept in `manual.json` next to the results so a
 * regrade never loses them. Applied to the automatic result: final = clamp(raw − late + manual, 0, max).
 *
 * The file may be saved as editors on Windows save it (a byte-order mark, or cp1251: see
 * collect/spreadsheet-text.ts). Points beyond what they adjust are refused: the adjustments for an
 * exercise may add or take at most that exercise's points, and all of them together at most the
 * course's, so a typo (+500 for +5.00) stops the command instead of vanishing in the clamp.
 */
import { existsSync } from 'node:fs';
import { catalogMaxMilli, type Catalog } from '../shared/catalog';
import { readSpreadsheetText, SAVE_AS_UTF8 } from '../collect/spreadsheet-text';
import { UsageError } from '../shared/errors';
import { formatMilli, toMilli } from '../shared/points';
import type { ManualGrading, Results } from '../shared/results';
import { compileSchema, firstSchemaError } from '../schemas';

interface ManualFile {
  comments?: { exercise?: string; author?: string; text: string }[];
  adjustments?: { exercise?: string; points: number; reason: string }[];
}

const validateManual = compileSchema<ManualFile>('manual.schema.json');

/** Reads and checks a manual.json; null when there is none. Every problem is one UsageError line. */
export function readManual(file: string, catalog: Catalog): ManualGrading | null {
  if (!existsSync(file)) return null;
  let data: unknown;
  const { text } = readSpreadsheetText(file, { saveAs: SAVE_AS_UTF8.json });
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      `${file}: not valid JSON (${(err as Error).message}); fix the syntax and run gatelab report again`,
    );
  }
  if (!validateManual(data)) throw new UsageError(`${file}: ${firstSchemaError(validateManual.errors)}`);
  const ids = new Set(catalog.exercises.map((e) => e.id));
  const checkExercise = (exercise: string | undefined, where: string) => {
    if (exercise !== undefined && !ids.has(exercise)) {
      throw new UsageError(
        `${file}: at ${where}: unknown exercise "${exercise}"; use one of ${[...ids].join(', ')} or leave it out`,
      );
    }
  };
  (data.comments ?? []).forEach((c, i) => checkExercise(c.exercise, `/comments/${i}/exercise`));
  const adjustments = (data.adjustments ?? []).map((a, i) => {
    checkExercise(a.exercise, `/adjustments/${i}/exercise`);
    return { ...(a.exercise ? { exercise: a.exercise } : {}), milli: toMilli(a.points), reason: a.reason };
  });
  checkBounds(file, catalog, adjustments);
  return { comments: data.comments ?? [], adjustments, total_milli: adjustments.reduce((s, a) => s + a.milli, 0) };
}

function checkBounds(file: string, catalog: Catalog, adjustments: { exercise?: string; milli: number }[]): void {
  const signed = (milli: number) => `${milli > 0 ? '+' : ''}${formatMilli(milli)}`;
  for (const exercise of catalog.exercises) {
    const max = Math.round(exercise.points * 1000);
    const sum = adjustments.filter((a) => a.exercise === exercise.id).reduce((s, a) => s + a.milli, 0);
    if (Math.abs(sum) > max) {
      throw new UsageError(
        `${file}: the adjustments for ${exercise.id} add up to ${signed(sum)} points, beyond the exercise's maximum of ${formatMilli(max)}; check for a typo (points are written like 1.5)`,
      );
    }
  }
  const max = catalogMaxMilli(catalog);
  const total = adjustments.reduce((s, a) => s + a.milli, 0);
  if (Math.abs(total) > max) {
    throw new UsageError(
      `${file}: the adjustments add up to ${signed(total)} points, beyond the course's maximum of ${formatMilli(max)}; check for a typo (points are written like 1.5)`,
    );
  }
}

/** The result with the TA's part applied (or removed, when there is no manual.json any more). */
export function applyManual(results: Results, manual: ManualGrading | null): Results {
  const { manual: _previous, ...automatic } = results;
  const extra = manual?.total_milli ?? 0;
  const finalMilli = Math.min(
    Math.max(automatic.raw_milli - automatic.submission.penalty_milli + extra, 0),
    automatic.max_milli,
  );
  return { ...automatic, ...(manual ? { manual } : {}), final_milli: finalMilli, score: finalMilli / 1000 };
}
