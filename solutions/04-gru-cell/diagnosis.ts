/**
 * What the hidden suite says when a GRU is wrong. Trusted side only. Pure: it compares values the suite got from
 * the student with the reference and the mistake catalogue, and returns texts; it never calls student code.
 *
 * Order of reasoning: a catalogued mistake first (the most specific text); then, for the step, probes that saturate
 * one gate at a time to find which line of the math is wrong; then a plain list of what differs.
 */
import { Matrix } from '../lib/matrix';
import { gruStep, type GruParams } from './gru';
import { saturateGates, type GateBlock, type GruStepCase } from './cases';
import { block, STEP_FORWARD_MISTAKES } from './mistakes';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

export interface Explanation {
  diagnosis: Localized;
  hint?: Localized;
}

/** Same shape and values within the tolerance the harness's `recognise` uses (loose enough for reordered sums). */
export function matches(actual: unknown, expected: Matrix): boolean {
  if (!(actual instanceof Matrix) || actual.rows !== expected.rows || actual.cols !== expected.cols) return false;
  return expected.data.every((e, i) => Math.abs(actual.data[i] - e) <= 1e-9 + 1e-6 * Math.abs(e));
}

/** A field of an untrusted result, if the result is an object (as the harness's `field`). */
function get(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * An untrusted result's matrices under flat names: plain fields as they are, the entries of array fields as
 * `name[t]` (`hs[0]`, `dxs[3]`), so sequences compare like steps.
 */
export function flatten(value: unknown, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const v = get(value, name);
    if (Array.isArray(v)) v.forEach((m, t) => (out[`${name}[${t}]`] = m));
    else out[name] = v;
  }
  return out;
}

const baseName = (key: string) => key.replace(/\[\d+\]$/, '');

// ---- Gate probes for gruStep. ----

export type ProbeName = 'z1' | 'z0' | 'z0r0' | 'z0r1';
const PROBES: Record<ProbeName, Partial<Record<GateBlock, 0 | 1>>> = {
  z1: { z: 1 }, //          h must be hPrev exactly
  z0: { z: 0 }, //          h must be the candidate n
  z0r0: { z: 0, r: 0 }, //  n must ignore hPrev: tanh(x·Wx_n + bx_n)
  z0r1: { z: 0, r: 1 }, //  n = tanh(ax_n + ah_n)
};
export const PROBE_NAMES = Object.keys(PROBES) as ProbeName[];

/** The parameters of each probe: the case's own, with the z and r gates forced to 0 or 1 by their biases. */
export function probeParams(p: GruParams): Record<ProbeName, GruParams> {
  return Object.fromEntries(PROBE_NAMES.map((name) => [name, saturateGates(p, PROBES[name])])) as Record<
    ProbeName,
    GruParams
  >;
}

const TEXT = {
  zKeepsWrongTerm: text('hidden.04.diagnosis.text.zKeepsWrongTerm'),
  zOneNotHPrev: text('hidden.04.diagnosis.text.zOneNotHPrev'),
  biasOutsideReset: text('hidden.04.diagnosis.text.biasOutsideReset'),
  candidateInput: text('hidden.04.diagnosis.text.candidateInput'),
  candidateRecurrent: text('hidden.04.diagnosis.text.candidateRecurrent'),
  resetGate: text('hidden.04.diagnosis.text.resetGate'),
  updateGate: text('hidden.04.diagnosis.text.updateGate'),
} satisfies Record<string, Localized>;

const CANDIDATE_SIGMOID = STEP_FORWARD_MISTAKES.find((m) => m.id === 'candidate-sigmoid');

/**
 * Which line of gruStep is wrong, from the student's h on the probes of case k (each `got[name]` is their h for
 * the probe's parameters). Returns null when every probe is right, which the caller reads as "wrong elsewhere".
 */
export function explainProbes(k: GruStepCase, got: Record<ProbeName, unknown>): Explanation | null {
  const params = probeParams(k.p);
  const want = (name: ProbeName) => gruStep(k.x, k.hPrev, params[name]).h;
  if (!matches(got.z1, want('z1'))) {
    return { diagnosis: matches(got.z0, k.hPrev) ? TEXT.zKeepsWrongTerm : TEXT.zOneNotHPrev };
  }
  if (matches(got.z0, want('z0'))) return null;
  if (!matches(got.z0r0, want('z0r0'))) {
    const p = params.z0r0;
    const axN = k.x.matmul(block(p.Wx, 2)).add(block(p.bx, 2)); // N×H
    if (CANDIDATE_SIGMOID && matches(got.z0r0, axN.sigmoid()))
      return { diagnosis: CANDIDATE_SIGMOID.diagnosis, hint: CANDIDATE_SIGMOID.hint };
    if (matches(got.z0r0, axN.add(block(p.bh, 2)).tanh())) return { diagnosis: TEXT.biasOutsideReset };
    return { diagnosis: TEXT.candidateInput };
  }
  if (!matches(got.z0r1, want('z0r1'))) return { diagnosis: TEXT.candidateRecurrent };
  return { diagnosis: TEXT.resetGate };
}

/** When every probe is right but h is not: z is wrong only away from 0 and 1. */
export const UPDATE_GATE_BETWEEN: Explanation = { diagnosis: TEXT.updateGate };

// ---- Gradients: a whole catalogued mistake, or several, output by output. ----

export interface GradientCandidate {
  id: string;
  /** The mistake's outputs, flattened (see `flatten`). */
  outputs: Record<string, Matrix>;
  /** The base names it changes (`dxs` covers every `dxs[t]`). */
  affects: readonly string[];
  diagnosis: Localized;
  hint: Localized;
}

const ALSO: Localized = text('hidden.04.diagnosis.also');

/**
 * Explains wrong gradients by the catalogue: first a mistake that reproduces every output; then, output by output,
 * one mistake per wrong output, if that explains all of them (a student may make two independent mistakes).
 * `got` and `want` are flattened. Returns null when the catalogue does not explain what is wrong.
 */
export function explainGradients(
  got: Record<string, unknown>,
  want: Record<string, Matrix>,
  candidates: readonly GradientCandidate[],
): Explanation | null {
  const keys = Object.keys(want);
  const whole = candidates.find((c) => keys.every((key) => matches(got[key], c.outputs[key])));
  if (whole) return { diagnosis: whole.diagnosis, hint: whole.hint };
  const wrong = keys.filter((key) => !matches(got[key], want[key]));
  if (wrong.length === 0) return null;
  const found: GradientCandidate[] = [];
  for (const key of wrong) {
    const c = candidates.find((m) => m.affects.includes(baseName(key)) && matches(got[key], m.outputs[key]));
    if (!c) return null;
    if (!found.includes(c)) found.push(c);
  }
  const join = (lang: keyof Localized) => found.map((c) => c.diagnosis[lang]).join(ALSO[lang]);
  return { diagnosis: { en: join('en'), ru: join('ru') }, hint: found[0].hint };
}

/** The names of the outputs that differ, with `name[t]` entries folded into their base name. */
export function wrongNames(got: Record<string, unknown>, want: Record<string, Matrix>): string[] {
  const names = Object.keys(want)
    .filter((key) => !matches(got[key], want[key]))
    .map(baseName);
  return [...new Set(names)];
}

/** The grader's stock texts for this exercise. */
export const MESSAGES = {
  fixStepForwardFirst: text('hidden.04.diagnosis.messages.fixStepForwardFirst'),
  fixStepForSequence: text('hidden.04.diagnosis.messages.fixStepForSequence'),
  fixSequenceForwardFirst: text('hidden.04.diagnosis.messages.fixSequenceForwardFirst'),
  fixStepBackwardFirst: text('hidden.04.diagnosis.messages.fixStepBackwardFirst'),
  hsLength: text('hidden.04.diagnosis.messages.hsLength'),
  dxsLength: text('hidden.04.diagnosis.messages.dxsLength'),
  firstWrongState: text('hidden.04.diagnosis.messages.firstWrongState'),
} satisfies Record<string, Localized>;
