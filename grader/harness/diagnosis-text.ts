/**
 * Which outputs of a function are wrong, in the words of the message catalog's area `diagnosis` (the suites' shared
 * diagnoses; a public check's `atIndex` and `unproven` come from the same area, see check-tools.ts).
 */
import { text } from '../shared/messages';
import type { Localized } from '../shared/results';

/**
 * Which outputs of `fn` are wrong and which are right, in one sentence: a list of right ones beside the wrong ones
 * points at the few lines that compute only the wrong ones. `wrong` must not be empty.
 */
export function outputsText(fn: string, wrong: readonly string[], right: readonly string[]): Localized {
  if (right.length === 0) return text('diagnosis.allOutputsWrong', { fn, wrong: wrong.join(', ') });
  return text('diagnosis.someOutputsWrong', { fn, wrong: wrong.join(', '), right: right.join(', ') });
}
