/**
 * Exercise 05's trained model as the hidden suite judges it: model.json read once per student, checked, and its
 * standardisation statistics judged by the model-file statistics rule (grader/forecast/statistics.ts); and the
 * forward pass's typical head mistakes. Teacher-only, like the suite.
 */
import { Matrix } from '../lib/matrix';
import { compareMatrix, type CheckTools } from '../../grader/harness';
import { readModelFile, type ModelFile } from '../../grader/forecast/model-file';
import { judgeStatistics, type StatisticsGap } from '../../grader/forecast/statistics';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';
import * as ref from './forecaster';
import { theTask } from './task';

export type Verdict =
  | { ok: true; model: ModelFile; params: ref.ForecasterParams; s: ref.Standardizer }
  /** `leaked`: a readable model standardised with the test year; it earns nothing, but the report still shows why. */
  | { ok: false; leaked?: { params: ref.ForecasterParams; s: ref.Standardizer } };

/** model.json read and checked once per student: this module is loaded once per student (see grade/run-suites.ts). */
const reads = new Map<string, ReturnType<typeof readModelFile>>();
function readOnce(file: string): ReturnType<typeof readModelFile> {
  let read = reads.get(file);
  if (!read) reads.set(file, (read = readModelFile(file, 'model.json')));
  return read;
}

/** Which of the 14 statistics differs most, in words: "the standard deviation of wind". */
function statName(gap: StatisticsGap): Localized {
  const feature = gap.worst.feature === undefined ? '' : ref.FEATURES[gap.worst.feature];
  return text(`hidden.05.stats.${gap.worst.stat}`, { feature });
}

const shareText = (v: number): string => (v >= 0.01 ? `${(100 * v).toFixed(1)} %` : `${(100 * v).toPrecision(2)} %`);

/**
 * Judges model.json for a check: valid, and not standardised with the test year. Statistics that differ from the
 * training windows' for any other reason are explained with their size (a note: it costs nothing) and the model is
 * scored with them, as it was trained with them (grader/forecast/statistics.ts).
 */
export function judgeModel(t: CheckTools): Verdict {
  const artifact = t.artifact('model.json');
  if (!artifact || !('path' in artifact)) {
    const why = artifact && 'problem' in artifact ? artifact.problem : 'missing';
    t.diagnose(
      artifact && 'message' in artifact && artifact.message
        ? artifact.message
        : why === 'too-large'
          ? text('hidden.05.modelChecks.tooLarge', {
              limit: artifact && 'limitBytes' in artifact ? artifact.limitBytes : 0,
            })
          : text('hidden.05.modelChecks.noModel'),
    );
    return { ok: false };
  }
  const read = readOnce(artifact.path);
  if (!read.ok) {
    t.diagnose(read.problems[0].message);
    return { ok: false };
  }
  const { params: p, standardizer: s } = ref.fromModelJson(read.model as ref.ModelJson);
  const { training, allYears, testYear } = theTask();
  const verdict = judgeStatistics(s, training, { allYears, testYear });
  if (verdict.kind === 'leak') {
    t.diagnose(text('hidden.05.stats.leak', { source: text(`hidden.05.stats.sources.${verdict.source}`) }));
    return { ok: false, leaked: { params: p, s } };
  }
  if (verdict.kind === 'deviation') {
    t.note(text('hidden.05.stats.deviation', { size: shareText(verdict.gap.distance), stat: statName(verdict.gap) }));
  }
  return { ok: true, model: read.model, params: p, s };
}

/** The head on the first step's h, or without its bias: the two ways ŷ = h_T·Wy + by goes wrong most often. */
export function nameHeadMistake(t: CheckTools, got: unknown, p: ref.ForecasterParams, xs: Matrix[]): void {
  const first = ref.forecasterForward(p, xs.slice(0, 1)).pred;
  const noBias = ref.forecasterForward({ ...p, by: Matrix.zeros(1, 1) }, xs).pred;
  const same = (m: Matrix): boolean => got instanceof Matrix && compareMatrix('', got, m, 1e-6, 1e-9).ok;
  if (xs.length > 1 && same(first)) t.diagnose(text('hidden.05.model.headFirstStep'));
  else if (same(noBias)) t.diagnose(text('hidden.05.model.headNoBias'));
}
