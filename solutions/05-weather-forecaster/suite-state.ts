/**
 * What the checks of exercise 05's hidden suite share per student: which checks failed so far (so a later check blames
 * the piece that is wrong, not the training), and the pieces train builds on. Module state is keyed by the student's
 * staging folder: this module is loaded once per worker, the suite once per student.
 */
import { check, gradingContext, type CheckTools } from '../../grader/harness';
import { usesReferenceCell } from '../../grader/forecast/cell';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

export const EXERCISE = '05-weather-forecaster';

/** Checks of this file that failed, per student (the suite is loaded once per student, but keyed all the same). */
const failedChecks = new Map<string, Set<string>>();
export function failedHere(): Set<string> {
  const key = gradingContext().staging;
  let set = failedChecks.get(key);
  if (!set) failedChecks.set(key, (set = new Set()));
  return set;
}

/** check(), remembering whether it failed, so later checks can blame the piece that is wrong. */
export function graded(id: string, body: (t: CheckTools) => Promise<void>, opts?: Parameters<typeof check>[3]): void {
  check(
    EXERCISE,
    id,
    async (t) => {
      try {
        await body(t);
      } catch (err) {
        failedHere().add(id);
        throw err;
      }
      if (t.anyFailed) failedHere().add(id);
    },
    opts,
  );
}

/** The pieces train builds on, by check id, with the function names the feedback uses. */
export const TRAIN_USES: Record<string, string> = {
  loss: 'mseLoss',
  forward: 'initForecaster/forecasterForward',
  gradients: 'forecasterBackward',
  optimizer: 'clipGlobalNorm/adamStep',
};

/** Why a forecast falls short, when the cause is not the training itself: the cell, or a piece that fails its check. */
export async function forecastCause(): Promise<Localized | null> {
  if (await usesReferenceCell()) return text('hidden.05.cell.forecast');
  const pieces: Record<string, string> = {
    windows: 'dayFeatures/makeWindows',
    standardize: 'fitStandardizer/standardize',
    ...TRAIN_USES,
    training: 'train',
  };
  const broken = Object.keys(pieces)
    .filter((id) => failedHere().has(id))
    .map((id) => pieces[id]);
  return broken.length > 0 ? text('forecast.forecast.causes', { names: broken.join(', ') }) : null;
}
