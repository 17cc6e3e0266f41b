/**
 * Diagnosis by recognition: a catalogue of realistic wrong implementations is run (in the
 * trusted process) on the same inputs as the student's; when the student's outputs match a
 * mistake's and not the reference's, the mistake's text says what is wrong.
 */
import { Matrix } from '../../exercises/lib/matrix';
import type { Localized } from '../shared/results';
import { matrixClose } from './compare';

export interface Candidate {
  id: string;
  /** The mistake's outputs on the same inputs, by name. */
  outputs: Record<string, Matrix>;
  diagnosis: Localized;
  hint: Localized;
}

/** A field of an untrusted result, if the result is an object. */
export function field(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/** The first candidate whose every output the student's result reproduces. */
export function recognise(student: unknown, candidates: readonly Candidate[]): Candidate | null {
  for (const candidate of candidates) {
    const matches = Object.entries(candidate.outputs).every(([name, expected]) => {
      const got = field(student, name);
      return got instanceof Matrix && matrixClose(got, expected, 1e-6, 1e-9);
    });
    if (matches) return candidate;
  }
  return null;
}
