/**
 * A TA's points and comments for one student, kept in `manual.json` next to the results so a
 * regrade never loses them. Applied to the automatic result: final = clamp(raw − late + manual, 0, max).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Catalog } from '../catalog';
import { UsageError } from '../errors';
import { toMilli } from '../points';
import type { ManualGrading, Results } from '../results';
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
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); fix the syntax and run gatelab report again`);
  }
  if (!validateManual(data)) throw new UsageError(`${file}: ${firstSchemaError(validateManual.errors)}`);
  const ids = new Set(catalog.exercises.map((e) => e.id));
  const checkExercise = (exercise: string | undefined, where: string) => {
    if (exercise !== undefined && !ids.has(exercise)) {
      throw new UsageError(`${file}: at ${where}: unknown exercise "${exercise}"; use one of ${[...ids].join(', ')} or leave it out`);
    }
  };
  (data.comments ?? []).forEach((c, i) => checkExercise(c.exercise, `/comments/${i}/exercise`));
  const adjustments = (data.adjustments ?? []).map((a, i) => {
    checkExercise(a.exercise, `/adjustments/${i}/exercise`);
    return { ...(a.exercise ? { exercise: a.exercise } : {}), milli: toMilli(a.points), reason: a.reason };
  });
  return { comments: data.comments ?? [], adjustments, total_milli: adjustments.reduce((s, a) => s + a.milli, 0) };
}

/** The result with the TA's part applied (or removed, when there is no manual.json any more). */
export function applyManual(results: Results, manual: ManualGrading | null): Results {
  const { manual: _previous, ...automatic } = results;
  const extra = manual?.total_milli ?? 0;
  const finalMilli = Math.min(Math.max(automatic.raw_milli - automatic.submission.penalty_milli + extra, 0), automatic.max_milli);
  return { ...automatic, ...(manual ? { manual } : {}), final_milli: finalMilli, score: finalMilli / 1000 };
}
