/**
 * What the hidden suite says when a cell is wrong. Trusted side only, and pure: it never calls student code (the
 * suite does that) but turns what came back into a statement about a gate or a line of math:
 *   - gate probes: parameters that hold three gates fully open or shut and leave one driven by its weights, so the
 *     expected c (and h) depend on that one gate alone;
 *   - recognition candidates: the catalogue's wrong cells (and pairs of them) run on the suite's inputs;
 *   - per-gate blocks of the parameter gradients (column block k of dWx, dWh and db belongs to gate k).
 */
import { Matrix } from '../lib/matrix';
import { outputsText } from '../../grader/harness/diagnosis-text';
import { lstmForward, lstmStep, lstmStepBackward, type LstmParams, type LstmStepCache } from './lstm';
import { GATES, pinBlocks, type BlockMode, type Gate, type LstmSequenceCase, type LstmStepCase } from './cases';
import {
  aloneText,
  backwardWith,
  BACKWARD_MISTAKES,
  BPTT_MISTAKES,
  combine,
  forwardWith,
  FORWARD_MISTAKES,
  SEQUENCE_MISTAKES,
  type BackwardParts,
  type ForwardParts,
} from './mistakes';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

/** The harness's Candidate: a wrong cell's outputs by name, and what to say when a student's match them. */
export interface Candidate {
  id: string;
  outputs: Record<string, Matrix>;
  diagnosis: Localized;
  hint: Localized;
}

export const STEP_GRADS = ['dx', 'dhPrev', 'dcPrev', 'dWx', 'dWh', 'db'] as const;
export const SEQUENCE_GRADS = ['dh0', 'dc0', 'dWx', 'dWh', 'db'] as const;

/** A field of an untrusted result, if the result is an object. */
export function member(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/** Elementwise |a − r| ≤ atol + rtol·|r| with the same shape; loose enough to recognise, strict enough to tell apart. */
export function near(actual: unknown, expected: Matrix, rtol = 1e-6, atol = 1e-9): boolean {
  if (!(actual instanceof Matrix) || actual.rows !== expected.rows || actual.cols !== expected.cols) return false;
  return expected.data.every((r, k) => Math.abs(actual.data[k] - r) <= atol + rtol * Math.abs(r));
}

/** `{ hs: [...], c, … }` as flat names (`hs[0]`, …, `c`), the form recognition compares; lists are kept as given. */
export function flatten(value: unknown, lists: string[], singles: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of lists) {
    const list = member(value, name);
    if (Array.isArray(list)) list.forEach((m, t) => (out[`${name}[${t}]`] = m));
  }
  for (const name of singles) out[name] = member(value, name);
  return out;
}

// ---- Gate probes ----

export const GATE_NAMES: Record<Gate, Localized> = {
  i: text('hidden.03.diagnosis.gateNames.i'),
  f: text('hidden.03.diagnosis.gateNames.f'),
  g: text('hidden.03.diagnosis.gateNames.g'),
  o: text('hidden.03.diagnosis.gateNames.o'),
};

/**
 * One probe per gate. Pinned blocks: open = σ 1 (tanh 1), shut = σ 0, zero = tanh 0. With these the reference gives
 *   f probe: c = f ⊙ cPrev       i probe: c = i       g probe: c = g       o probe: c = cPrev, h = o ⊙ tanh(cPrev)
 * and h = tanh(c) in the first three. The i and g probes start from cPrev = 0, so that whatever the forget gate does
 * cannot show there; blocks that do not matter are pinned where a mix-up of blocks shows.
 */
export const PROBES: readonly { gate: Gate; modes: Record<Gate, BlockMode>; noState?: boolean }[] = [
  { gate: 'f', modes: { i: 'shut', f: 'live', g: 'zero', o: 'open' } },
  { gate: 'i', modes: { i: 'live', f: 'shut', g: 'open', o: 'open' }, noState: true },
  { gate: 'g', modes: { i: 'open', f: 'shut', g: 'live', o: 'open' }, noState: true },
  { gate: 'o', modes: { i: 'shut', f: 'open', g: 'zero', o: 'live' } },
];

/** The arguments of lstmStep for each probe, in the order of PROBES. */
export function probeArgs(k: LstmStepCase): [Matrix, Matrix, Matrix, LstmParams][] {
  return PROBES.map((probe) => [
    k.x,
    k.hPrev,
    probe.noState ? Matrix.zeros(k.cPrev.rows, k.cPrev.cols) : k.cPrev,
    pinBlocks(k.p, probe.modes),
  ]);
}

/**
 * Which gates behave right on their own, from the student's results of `probeArgs(k)` in order. A gate is right
 * when its probe's c is; the output gate when its probe's c and h are, and h = tanh(c) holds wherever c was right.
 */
export function gateVerdict(k: LstmStepCase, results: unknown[]): Record<Gate, boolean> {
  const checks = probeArgs(k).map(([x, hPrev, cPrev, p], n) => {
    const want = lstmStep(x, hPrev, cPrev, p);
    const cOk = near(member(results[n], 'c'), want.c);
    return { gate: PROBES[n].gate, cOk, hOk: near(member(results[n], 'h'), want.h) };
  });
  const verdict = Object.fromEntries(checks.map((r) => [r.gate, r.cOk])) as Record<Gate, boolean>;
  verdict.o = checks.every((r) => (r.gate === 'o' ? r.cOk && r.hOk : !r.cOk || r.hOk));
  return verdict;
}

/** The gates' names as a list, in each language. */
const list = (gates: Gate[]): Localized => ({
  en: gates.map((g) => GATE_NAMES[g].en).join(', '),
  ru: gates.map((g) => GATE_NAMES[g].ru).join(', '),
});

const GATE_LINES: Record<Gate, Localized> = {
  i: text('hidden.03.diagnosis.gateLines.i'),
  f: text('hidden.03.diagnosis.gateLines.f'),
  g: text('hidden.03.diagnosis.gateLines.g'),
  o: text('hidden.03.diagnosis.gateLines.o'),
};

/** "Probing one gate at a time: right — …; not right — …", and a hint with the lines of math of the wrong gates. */
export function probeSummary(verdict: Record<Gate, boolean>): { text: Localized; hint: Localized } {
  const right = GATES.filter((g) => verdict[g]);
  const wrong = GATES.filter((g) => !verdict[g]);
  const hint = {
    en: wrong.map((g) => GATE_LINES[g].en).join(' '),
    ru: wrong.map((g) => GATE_LINES[g].ru).join(' '),
  };
  if (wrong.length === 0) {
    return {
      text: text('hidden.03.diagnosis.probe.allRight'),
      hint: text('hidden.03.diagnosis.probe.allRightHint'),
    };
  }
  if (right.length === 0) {
    return {
      text: text('hidden.03.diagnosis.probe.noneRight'),
      hint,
    };
  }
  return {
    text: text('hidden.03.diagnosis.probe.some', { right: list(right), wrong: list(wrong) }),
    hint,
  };
}

// ---- Recognition candidates ----

/** The catalogue's wrong steps (each mistake, then each pair of them) on case k. */
export function stepForwardCandidates(k: LstmStepCase): Candidate[] {
  const all = [...FORWARD_MISTAKES, ...combine<ForwardParts>(FORWARD_MISTAKES)];
  return all.map((m) => {
    const out = forwardWith(m.parts)(k.x, k.hPrev, k.cPrev, k.p);
    return { id: m.id, outputs: { h: out.h, c: out.c }, diagnosis: aloneText(m), hint: m.hint };
  });
}

export function stepBackwardCandidates(k: LstmStepCase, cache: LstmStepCache): Candidate[] {
  const all = [...BACKWARD_MISTAKES, ...combine<BackwardParts>(BACKWARD_MISTAKES)];
  return all.map((m) => ({
    id: m.id,
    outputs: { ...backwardWith(m.parts)(k.dh, k.dc, cache) },
    diagnosis: aloneText(m),
    hint: m.hint,
  }));
}

export function sequenceCandidates(k: LstmSequenceCase): Candidate[] {
  return SEQUENCE_MISTAKES.map((m) => {
    const out = m.forward(k.xs, k.h0, k.c0, k.p);
    return {
      id: m.id,
      outputs: flatten(out, ['hs'], ['c']) as Record<string, Matrix>,
      diagnosis: m.diagnosis,
      hint: m.hint,
    };
  });
}

export function bpttCandidates(k: LstmSequenceCase): Candidate[] {
  const { steps } = lstmForward(k.xs, k.h0, k.c0, k.p).cache;
  return BPTT_MISTAKES.map((m) => ({
    id: m.id,
    outputs: flatten(m.backward(k.dhs, steps), ['dxs'], [...SEQUENCE_GRADS]) as Record<string, Matrix>,
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
}

// ---- Gradients, gate by gate ----

/** Which gates' column blocks of dWx, dWh and db are right (column block k of each belongs to gate k). */
export function gradientBlocks(got: unknown, k: LstmStepCase): Record<Gate, boolean> {
  const want = lstmStepBackward(k.dh, k.dc, lstmStep(k.x, k.hPrev, k.cPrev, k.p).cache);
  const blocks = (name: 'dWx' | 'dWh' | 'db'): (Matrix | null)[] => {
    const m = member(got, name);
    return m instanceof Matrix && m.cols === want[name].cols && m.rows === want[name].rows
      ? m.splitCols(4)
      : [null, null, null, null];
  };
  const mine = { dWx: blocks('dWx'), dWh: blocks('dWh'), db: blocks('db') };
  const theirs = { dWx: want.dWx.splitCols(4), dWh: want.dWh.splitCols(4), db: want.db.splitCols(4) };
  return Object.fromEntries(
    GATES.map((gate, n) => [
      gate,
      (['dWx', 'dWh', 'db'] as const).every((name) => near(mine[name][n], theirs[name][n])),
    ]),
  ) as Record<Gate, boolean>;
}

/** Each gate's own line of the backward pass: the only place its block of da is formed. */
const GATE_BACKWARD_LINES: Record<Gate, string> = {
  i: 'da_i = dI ⊙ i ⊙ (1 − i), dI = dcTotal ⊙ g',
  f: 'da_f = dF ⊙ f ⊙ (1 − f), dF = dcTotal ⊙ cPrev',
  g: 'da_g = dG ⊙ (1 − g²), dG = dcTotal ⊙ i',
  o: 'da_o = dO ⊙ o ⊙ (1 − o), dO = dh ⊙ tanh(c)',
};

/**
 * Which gradients of lstmStepBackward are wrong and which are right, and, when the parameter gradients are right
 * through some gates and not others, the lines of math of the wrong gates.
 */
export function wrongGradientsText(wrong: string[], blocks: Record<Gate, boolean>): Localized {
  const outputs = outputsText(
    'lstmStepBackward',
    wrong,
    STEP_GRADS.filter((name) => !wrong.includes(name)),
  );
  const right = GATES.filter((g) => blocks[g]);
  const bad = GATES.filter((g) => !blocks[g]);
  if (right.length === 0 || bad.length === 0) return outputs;
  const lines = bad.map((g) => GATE_BACKWARD_LINES[g]).join('; ');
  return text('hidden.03.diagnosis.gradientBlocks', { outputs, right: list(right), wrong: list(bad), lines });
}

// ---- Fixed texts ----

export const TEXTS = {
  fixStepFirst: text('hidden.03.diagnosis.texts.fixStepFirst'),
  sequenceNeedsStep: text('hidden.03.diagnosis.texts.sequenceNeedsStep'),
  fixSequenceFirst: text('hidden.03.diagnosis.texts.fixSequenceFirst'),
  bpttNeedsStepBackward: text('hidden.03.diagnosis.texts.bpttNeedsStepBackward'),
  nonFinite: text('hidden.03.diagnosis.texts.nonFinite'),
  fdForwardMalformed: text('hidden.03.diagnosis.texts.fdForwardMalformed'),
  nonFiniteHint: text('hidden.03.diagnosis.texts.nonFiniteHint'),
  onlySomeCases: text('hidden.03.diagnosis.texts.onlySomeCases'),
  hsLength: text('hidden.03.diagnosis.texts.hsLength'),
  hsLengthHint: text('hidden.03.diagnosis.texts.hsLengthHint'),
  sequenceDrifts: text('hidden.03.diagnosis.texts.sequenceDrifts'),
  sequenceFirstWrong: text('hidden.03.diagnosis.texts.sequenceFirstWrong'),
  lastStateWrong: text('hidden.03.diagnosis.texts.lastStateWrong'),
  bpttWrong: text('hidden.03.diagnosis.texts.bpttWrong'),
  fdDisagrees: text('hidden.03.diagnosis.texts.fdDisagrees'),
  notDeterministic: text('hidden.03.diagnosis.texts.notDeterministic'),
  mutated: text('hidden.03.diagnosis.texts.mutated'),
} satisfies Record<string, Localized>;
