/**
 * The kit-safe part of diagnosis, for the public fixtures (teacher-side; only its output ships). The mistakes
 * catalogue is code (the reference with one line changed) and stays here; what a public check needs to name a
 * mistake is only what each mistake computes on that public case, and the texts the grader would show anyway.
 * So each public case carries, per catalogued mistake, its outputs on that case: the public check compares the
 * student's result with them through the harness's `recognise`, as the hidden suite does on its own cases.
 */
import { matrixClose } from '../../grader/harness/compare';
import type { Candidate } from '../../grader/harness/diagnose';
import type { Matrix } from './matrix';

/** Output name → matrix, or a list of matrices (a sequence), flattened to `name[k]`. */
export type Outputs = Record<string, Matrix | Matrix[]>;

export function flattenOutputs(outputs: Outputs, names: readonly string[]): Record<string, Matrix> {
  const flat: Record<string, Matrix> = {};
  for (const name of names) {
    const value = outputs[name];
    if (Array.isArray(value)) value.forEach((m, k) => (flat[`${name}[${k}]`] = m));
    else if (value) flat[name] = value;
  }
  return flat;
}

const same = (a: Record<string, Matrix>, b: Record<string, Matrix>) =>
  Object.keys(b).every((name) => a[name] !== undefined && matrixClose(a[name], b[name], 1e-6, 1e-9));

/**
 * The candidates that can tell something on this case: each keeps only the outputs named in `reference`; a mistake
 * that gives the reference's own outputs here (invisible on this case) is left out, and so is one that gives the
 * same outputs as a mistake kept before it (the first, more common one, names it).
 */
export function kitCandidates(reference: Record<string, Matrix>, candidates: readonly Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const outputs: Record<string, Matrix> = {};
    for (const name of Object.keys(reference)) if (c.outputs[name]) outputs[name] = c.outputs[name];
    if (Object.keys(outputs).length !== Object.keys(reference).length) continue;
    if (same(outputs, reference) || kept.some((k) => same(outputs, k.outputs))) continue;
    kept.push({ id: c.id, outputs, diagnosis: c.diagnosis, hint: c.hint });
  }
  return kept;
}
