/**
 * The RNN half of exercise 06's hidden suite: the student's cases, the comparisons with the reference, the
 * finite-difference check of the student's own forward (credited only where that forward is right) and the
 * diagnosis of the typical mistakes. long-memory.hidden.test.ts registers the checks.
 */
import { Matrix } from '../lib/matrix';
import {
  field,
  studentFiniteDifferences,
  FD_TOLERANCE,
  gradientRelativeError,
  StudentFailure,
  type CheckTools,
  type StudentModule,
} from '../../grader/harness';
import * as ref from './rnn';
import {
  CASE_SHAPES,
  DIAGNOSTIC_SHAPE,
  DIAGNOSTIC_STEPS,
  makeSequenceCase,
  makeStepCase,
  SEQUENCE_LENGTHS,
  type RnnSequenceCase,
  type RnnStepCase,
} from './cases';
import {
  BPTT_MISTAKES,
  FORWARD_MISTAKES,
  STEP_BACKWARD_MISTAKES,
  wrongBackward,
  wrongForward,
  wrongStepBackward,
  type Mistake,
} from './mistakes';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

export const STEP_GRADS = ['dx', 'dhPrev', 'dWx', 'dWh', 'db'] as const;
const SEQ_GRADS = ['dh0', 'dWx', 'dWh', 'db'] as const;

/** Shapes × {plain, zero state, saturated}, and one extreme case. */
export function stepCases(t: CheckTools): RnnStepCase[] {
  return [
    ...CASE_SHAPES.flatMap((shape, i) => [
      makeStepCase(t.seed(`${i}`), shape),
      makeStepCase(t.seed(`${i}/zero`), shape, { zeroState: true }),
      makeStepCase(t.seed(`${i}/saturated`), shape, { scale: 30 }),
    ]),
    makeStepCase(t.seed('extreme'), DIAGNOSTIC_SHAPE, { scale: 1000 }),
  ];
}

/** Every shape at every length (T = 1 and T = 20 included); the variants take turns. */
export function sequenceCases(t: CheckTools): RnnSequenceCase[] {
  const variants = [{}, { zeroState: true }, { scale: 30 }];
  return CASE_SHAPES.flatMap((shape, i) =>
    SEQUENCE_LENGTHS.map((T, j) =>
      makeSequenceCase(t.seed(`${i}/${T}`), shape, T, variants[(i + j) % variants.length]),
    ),
  );
}

/** Whether an untrusted value is the expected matrix, by the comparison tolerances (records nothing). */
export function same(got: unknown, want: Matrix): boolean {
  if (!(got instanceof Matrix) || got.rows !== want.rows || got.cols !== want.cols) return false;
  return got.data.every((v, i) => Math.abs(v - want.data[i]) <= 1e-9 + 1e-7 * Math.abs(want.data[i]));
}

const sameList = (got: unknown, want: Matrix[]): boolean =>
  Array.isArray(got) && got.length === want.length && want.every((w, i) => same(got[i], w));

/** Diagnosis must never cost the student the credit already earned: a failing probe only means no text. */
export async function safely<T>(probe: () => Promise<T>): Promise<T | null> {
  try {
    return await probe();
  } catch (err) {
    if (err instanceof StudentFailure) return null;
    throw err;
  }
}

function first(mistakes: Mistake[], fits: (m: Mistake) => boolean): Localized[] | null {
  const m = mistakes.find(fits);
  return m ? [m.diagnosis, ...(m.hint ? [m.hint] : [])] : null;
}

/** What is wrong with the student's forward pass, on a case where every catalogued mistake shows. */
export async function diagnoseForward(rnn: StudentModule, seed: number): Promise<Localized[] | null> {
  const k = makeSequenceCase(seed, DIAGNOSTIC_SHAPE, DIAGNOSTIC_STEPS);
  const hs = field(await rnn.call('rnnForward', [k.xs, k.h0, k.p], { keep: ['cache'] }), 'hs');
  if (sameList(hs, ref.rnnForward(k.xs, k.h0, k.p).hs)) return null;
  return first(FORWARD_MISTAKES, (m) => sameList(hs, wrongForward(k.xs, k.h0, k.p, m.knobs)));
}

/** What is wrong with the student's backward passes (step first, then through time). */
export async function diagnoseBackward(rnn: StudentModule, seed: number): Promise<Localized[] | null> {
  const s = makeStepCase(seed, DIAGNOSTIC_SHAPE);
  const forward = await rnn.call('rnnStep', [s.x, s.hPrev, s.p], { keep: ['cache'] });
  if (!same(field(forward, 'h'), ref.rnnStep(s.x, s.hPrev, s.p).h)) return [text('hidden.06.checks.fixForwardFirst')];
  const step = await rnn.call('rnnStepBackward', [s.dh, field(forward, 'cache')]);
  const stepRight = STEP_GRADS.every((n) =>
    same(field(step, n), ref.rnnStepBackward(s.dh, ref.rnnStep(s.x, s.hPrev, s.p).cache)[n]),
  );
  if (!stepRight) {
    const found = first(STEP_BACKWARD_MISTAKES, (m) => {
      const w = wrongStepBackward(s.dh, s.x, s.hPrev, s.p, m.knobs);
      return STEP_GRADS.every((n) => same(field(step, n), w[n]));
    });
    if (found) return found;
  }
  const k = makeSequenceCase(seed + 1, DIAGNOSTIC_SHAPE, DIAGNOSTIC_STEPS);
  const seq = await rnn.call('rnnForward', [k.xs, k.h0, k.p], { keep: ['cache'] });
  if (!sameList(field(seq, 'hs'), ref.rnnForward(k.xs, k.h0, k.p).hs))
    return [text('hidden.06.checks.fixForwardFirst')];
  const got = await rnn.call('rnnBackward', [k.dhs, field(seq, 'cache')]);
  return first(BPTT_MISTAKES, (m) => {
    const w = wrongBackward(k.dhs, k.xs, k.h0, k.p, m.knobs);
    return sameList(field(got, 'dxs'), w.dxs) && SEQ_GRADS.every((n) => same(field(got, n), w[n]));
  });
}

/** Σ sum(dh ⊙ h) over the outputs: the loss whose gradients are the dhs given; NaN for a malformed result. */
function loss(hs: unknown, dhs: Matrix[]): number {
  if (!Array.isArray(hs) || hs.length !== dhs.length) return NaN;
  let sum = 0;
  for (const [i, dh] of dhs.entries()) {
    const h: unknown = hs[i];
    if (!(h instanceof Matrix) || h.rows !== dh.rows || h.cols !== dh.cols) return NaN;
    sum += h.mul(dh).sum();
  }
  return sum;
}

/**
 * One finite-difference case on the student's own rnnForward: 'wrong-forward' when that forward differs from the
 * reference (no credit, whatever the gradients), else the names of the gradients that disagree with it.
 */
export async function gradientCase(rnn: StudentModule, k: RnnSequenceCase): Promise<'wrong-forward' | string[]> {
  const forward = await rnn.call('rnnForward', [k.xs, k.h0, k.p], { keep: ['cache'] });
  if (!sameList(field(forward, 'hs'), ref.rnnForward(k.xs, k.h0, k.p).hs)) return 'wrong-forward';
  const analytic = await rnn.call('rnnBackward', [k.dhs, field(forward, 'cache')]);
  const xNames = k.xs.map((_, i) => `x${i}`);
  const inputs: Record<string, Matrix> = {
    ...Object.fromEntries(k.xs.map((x, i) => [xNames[i], x])),
    h0: k.h0,
    ...k.p,
  };
  const numeric = await studentFiniteDifferences(
    rnn,
    'rnnForward',
    [[...k.xs], k.h0, { Wx: k.p.Wx, Wh: k.p.Wh, b: k.p.b }],
    Object.fromEntries([...xNames, 'h0', 'Wx', 'Wh', 'b'].map((name) => [name, inputs[name]])),
    ['hs'],
    (outs) => outs.map((out) => loss(field(out, 'hs'), k.dhs)),
  );
  const dxs = field(analytic, 'dxs');
  const gradOf: [string, unknown][] = [
    ...xNames.map((n, i): [string, unknown] => [n, Array.isArray(dxs) ? dxs[i] : undefined]),
    ['h0', field(analytic, 'dh0')],
    ['Wx', field(analytic, 'dWx')],
    ['Wh', field(analytic, 'dWh')],
    ['b', field(analytic, 'db')],
  ];
  const bad = new Set<string>();
  for (const [name, a] of gradOf) {
    const n = numeric[name];
    const ok =
      a instanceof Matrix && a.rows === n.rows && a.cols === n.cols && gradientRelativeError([a], [n]) <= FD_TOLERANCE;
    if (!ok) bad.add(name.startsWith('x') ? 'dxs' : `d${name}`);
  }
  return [...bad];
}

const identical = (a: unknown, b: Matrix): boolean =>
  a instanceof Matrix && a.rows === b.rows && a.cols === b.cols && a.data.every((v, i) => Object.is(v, b.data[i]));

/**
 * Hygiene, on one sequence: rnnForward leaves its arguments as they were and gives the same bits twice. Counted only
 * with a right forward (a constant result is trivially deterministic); null when all is well.
 */
export async function hygieneProblem(rnn: StudentModule, k: RnnSequenceCase): Promise<Localized | null> {
  const args = [k.xs, k.h0, k.p];
  const first = await rnn.call('rnnForward', args, { keep: ['cache'], returnArgs: true });
  const second = await rnn.call('rnnForward', args, { keep: ['cache'] });
  const hs = field(field(first, '$result'), 'hs');
  const after = field(first, '$args');
  const intact =
    Array.isArray(after) &&
    Array.isArray(after[0]) &&
    k.xs.every((x, i) => identical((after[0] as unknown[])[i], x)) &&
    identical(after[1], k.h0) &&
    (['Wx', 'Wh', 'b'] as const).every((n) => identical(field(after[2], n), k.p[n]));
  if (!intact) return text('hidden.06.checks.mutated');
  const again = field(second, 'hs');
  const deterministic =
    Array.isArray(hs) &&
    Array.isArray(again) &&
    hs.length === again.length &&
    hs.every((h, i) => h instanceof Matrix && identical(again[i], h));
  return deterministic ? null : text('hidden.06.checks.notDeterministic');
}
