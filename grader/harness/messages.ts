/**
 * Student-facing texts the harness writes itself (the exercises add their own, more specific ones), from the message
 * catalog's area `harness`.
 */
import { text } from '../shared/messages';
import type { Localized, NumericDiff } from '../shared/results';
import type { FailureKind } from './student';

/**
 * A failure in the report's words. `{message}` is the tool's or the student's own text (a compiler error, a thrown
 * message), in whatever language it came: it is set as code (between backticks, see grader/feedback/math.ts), after a
 * sentence of ours, and cannot close the code span early.
 */
export function failureText(kind: FailureKind, params: Record<string, string | number>): Localized {
  const clean: Record<string, string | number> = { ...params };
  if (params.message !== undefined)
    clean.message = String(params.message)
      .replace(/`/g, "'")
      .replace(/\s*\n\s*/g, ' ');
  return text(`harness.failure.${kind}`, clean);
}

export function diffText(d: NumericDiff): Localized {
  const expected = `${d.expectedShape[0]}×${d.expectedShape[1]}`;
  if (!d.actualShape) return text('harness.diff.notMatrix', { q: d.quantity, shape: expected });
  const actual = `${d.actualShape[0]}×${d.actualShape[1]}`;
  if (actual !== expected) return text('harness.diff.shape', { q: d.quantity, actual, shape: expected });
  if (d.nanCount > 0) return text('harness.diff.nan', { q: d.quantity, n: d.nanCount });
  const at = d.worstIndex ? `[${d.worstIndex[0]}, ${d.worstIndex[1]}]` : '';
  return text('harness.diff.values', { q: d.quantity, m: d.mismatches, t: d.total, at });
}
