/**
 * Hidden suite of exercise 04 (teacher-only). Every case is drawn from the student's seed, so each student has their
 * own; the reference computes the expected values here, in the trusted process, and the student's code runs in the
 * sandbox. When a check fails, diagnosis.ts turns what the student returned into a sentence about the wrong line.
 */
import { Matrix } from '../lib/matrix';
import {
  check,
  field,
  studentFiniteDifferences,
  FD_TOLERANCE,
  gradientRelativeError,
  outputsText,
  rightMatrices,
  rightMatrix,
  StudentFailure,
  type CheckTools,
  type StudentModule,
  valueOf,
} from '../../grader/harness';
import * as ref from './gru';
import {
  CASE_SHAPES,
  DIAGNOSTIC_SHAPE,
  DIAGNOSTIC_STEPS,
  makeSequenceCase,
  makeStepCase,
  SEQUENCE_LENGTHS,
  type GruSequenceCase,
  type GruStepCase,
} from './cases';
import { BPTT_MISTAKES, SEQUENCE_FORWARD_MISTAKES, STEP_BACKWARD_MISTAKES, STEP_FORWARD_MISTAKES } from './mistakes';
import { fill, text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';
import {
  explainGradients,
  explainProbes,
  flatten,
  matches,
  MESSAGES,
  PROBE_NAMES,
  probeParams,
  UPDATE_GATE_BETWEEN,
  wrongNames,
  type Explanation,
} from './diagnosis';
import { checkInit, hygieneProblems } from './init-and-hygiene';

const EXERCISE = '04-gru-cell';
const STEP_GRADS = ['dx', 'dhPrev', 'dWx', 'dWh', 'dbx', 'dbh'] as const;
const SEQUENCE_GRADS = ['dxs', 'dh0', 'dWx', 'dWh', 'dbx', 'dbh'] as const;

const stepArgs = (k: GruStepCase) => [k.x, k.hPrev, k.p];
const sequenceArgs = (k: GruSequenceCase) => [k.xs, k.h0, k.p];

const RIGHT_ON_ORDINARY_INPUTS: Localized = text('hidden.04.suite.rightOnOrdinaryInputs');

/** Every shape, each plain, from a zero state and saturated (pre-activations of about ±25), and one extreme case. */
function stepCases(t: CheckTools): GruStepCase[] {
  return [
    ...CASE_SHAPES.flatMap((shape, i) => [
      makeStepCase(t.seed(`${i}`), shape),
      makeStepCase(t.seed(`${i}/zero`), shape, { zeroState: true }),
      makeStepCase(t.seed(`${i}/saturated`), shape, { scale: 30 }),
    ]),
    makeStepCase(t.seed('extreme'), DIAGNOSTIC_SHAPE, { scale: 1000 }),
  ];
}

/** Every shape at every length; plain, zero-state and saturated cases take turns so each length sees all three. */
function sequenceCases(t: CheckTools): GruSequenceCase[] {
  const variants = [{}, { zeroState: true }, { scale: 30 }];
  return CASE_SHAPES.flatMap((shape, i) =>
    SEQUENCE_LENGTHS.map((T, j) =>
      makeSequenceCase(t.seed(`${i}/${T}`), shape, T, variants[(i + j) % variants.length]),
    ),
  );
}

/** Diagnosis must never cost the student the credit they already earned: a failing probe only means no text. */
async function safely<T>(probe: () => Promise<T>): Promise<T | null> {
  try {
    return await probe();
  } catch (err) {
    if (err instanceof StudentFailure) return null;
    throw err;
  }
}

function say(t: CheckTools, e: Explanation | null, fallbackHint?: Localized): void {
  if (e) t.diagnose(e.diagnosis, e.hint);
  else if (fallbackHint) t.hint(fallbackHint);
}

// ---- Diagnosis of each function on a case where every catalogued mistake shows. ----

async function diagnoseStep(gru: StudentModule, seed: number): Promise<Explanation | null> {
  const k = makeStepCase(seed, DIAGNOSTIC_SHAPE);
  const probes = probeParams(k.p);
  // One series, keeping each cache in the sandbox (a cache may hold anything); the first failure ends the diagnosis.
  const params = [k.p, ...PROBE_NAMES.map((name) => probes[name])];
  const outs = await gru.series(params.map((p) => ({ fn: 'gruStep', args: [k.x, k.hPrev, p], keep: ['cache'] })));
  const h = outs.map((out) => field(valueOf(out), 'h'));
  if (matches(h[0], ref.gruStep(k.x, k.hPrev, k.p).h)) return null;
  const mistake = STEP_FORWARD_MISTAKES.find((m) => matches(h[0], m.forward(k.x, k.hPrev, k.p)));
  if (mistake) return mistake;
  const got = Object.fromEntries(PROBE_NAMES.map((name, i) => [name, h[i + 1]])) as Record<
    (typeof PROBE_NAMES)[number],
    unknown
  >;
  return explainProbes(k, got) ?? UPDATE_GATE_BETWEEN;
}

async function diagnoseStepBackward(gru: StudentModule, seed: number): Promise<Explanation | null> {
  const k = makeStepCase(seed, DIAGNOSTIC_SHAPE);
  const reference = ref.gruStep(k.x, k.hPrev, k.p);
  const forward = await gru.call('gruStep', stepArgs(k), { keep: ['cache'] });
  if (!matches(field(forward, 'h'), reference.h)) return { diagnosis: MESSAGES.fixStepForwardFirst };
  const got = flatten(await gru.call('gruStepBackward', [k.dh, field(forward, 'cache')]), STEP_GRADS);
  const want = { ...ref.gruStepBackward(k.dh, reference.cache) };
  const wrong = wrongNames(got, want);
  if (wrong.length === 0) return null;
  const candidates = STEP_BACKWARD_MISTAKES.map((m) => ({ ...m, outputs: { ...m.backward(k.dh, reference.cache) } }));
  return (
    explainGradients(got, want, candidates) ?? {
      diagnosis: outputsText(
        'gruStepBackward',
        wrong,
        STEP_GRADS.filter((name) => !wrong.includes(name)),
      ),
    }
  );
}

async function diagnoseSequence(gru: StudentModule, seed: number): Promise<Explanation | null> {
  const k = makeSequenceCase(seed, DIAGNOSTIC_SHAPE, DIAGNOSTIC_STEPS);
  const T = k.xs.length;
  const out = await gru.call('gruForward', sequenceArgs(k), { keep: ['cache'] });
  const hs = field(out, 'hs');
  if (!Array.isArray(hs) || hs.length !== T) {
    return { diagnosis: fill(MESSAGES.hsLength, { T, got: Array.isArray(hs) ? hs.length : typeof hs }) };
  }
  const got = flatten(out, ['hs']);
  const want = flatten(ref.gruForward(k.xs, k.h0, k.p), ['hs']) as Record<string, Matrix>;
  const firstWrong = Object.keys(want).findIndex((key) => !matches(got[key], want[key]));
  if (firstWrong < 0) return null;
  const mistake = SEQUENCE_FORWARD_MISTAKES.find((m) => {
    const theirs = flatten({ hs: m.forward(k.xs, k.h0, k.p) }, ['hs']);
    return Object.keys(want).every((key) => theirs[key] instanceof Matrix && matches(got[key], theirs[key] as Matrix));
  });
  if (mistake) return mistake;
  if (await diagnoseStep(gru, seed)) return { diagnosis: MESSAGES.fixStepForSequence };
  return { diagnosis: fill(MESSAGES.firstWrongState, { t: firstWrong }) };
}

async function diagnoseBptt(gru: StudentModule, seed: number): Promise<Explanation | null> {
  const k = makeSequenceCase(seed, DIAGNOSTIC_SHAPE, DIAGNOSTIC_STEPS);
  const reference = ref.gruForward(k.xs, k.h0, k.p);
  const forward = await gru.call('gruForward', sequenceArgs(k), { keep: ['cache'] });
  const hsRight = reference.hs.every((h, i) => matches(field(field(forward, 'hs'), String(i)), h));
  if (!hsRight) return { diagnosis: MESSAGES.fixSequenceForwardFirst };
  const result = await gru.call('gruBackward', [k.dhs, field(forward, 'cache')]);
  const dxs = field(result, 'dxs');
  if (!Array.isArray(dxs) || dxs.length !== k.xs.length) {
    return {
      diagnosis: fill(MESSAGES.dxsLength, { T: k.xs.length, got: Array.isArray(dxs) ? dxs.length : typeof dxs }),
    };
  }
  const got = flatten(result, SEQUENCE_GRADS);
  const want = flatten(ref.gruBackward(k.dhs, reference.cache), SEQUENCE_GRADS) as Record<string, Matrix>;
  const wrong = wrongNames(got, want);
  if (wrong.length === 0) return null;
  const candidates = BPTT_MISTAKES.map((m) => ({
    ...m,
    outputs: flatten(m.backward(k.dhs, reference.cache), SEQUENCE_GRADS) as Record<string, Matrix>,
  }));
  const explained = explainGradients(got, want, candidates);
  if (explained) return explained;
  if (await diagnoseStepBackward(gru, seed)) return { diagnosis: MESSAGES.fixStepBackwardFirst };
  return {
    diagnosis: outputsText(
      'gruBackward',
      wrong,
      SEQUENCE_GRADS.filter((name) => !wrong.includes(name)),
    ),
  };
}

// ---- The checks. ----

check(EXERCISE, 'step-forward', async (t) => {
  const gru = t.module('gru');
  const cases = stepCases(t);
  const gots = await gru.series(cases.map((k) => ({ fn: 'gruStep', args: stepArgs(k), keep: ['cache'] })));
  for (const [i, k] of cases.entries()) {
    const want = ref.gruStep(k.x, k.hPrev, k.p);
    t.case(t.matrix('h', field(valueOf(gots[i]), 'h'), want.h));
  }
  if (t.anyFailed) say(t, await safely(() => diagnoseStep(gru, t.seed('diagnose'))), RIGHT_ON_ORDINARY_INPUTS);
});

check(EXERCISE, 'step-backward', async (t) => {
  const gru = t.module('gru');
  const cases = stepCases(t);
  const gots = await gru.pairs(
    cases.map((k) => ({ fn: 'gruStep', args: stepArgs(k) })),
    (cache, i) => ({ fn: 'gruStepBackward', args: [cases[i].dh, cache] }),
  );
  for (const [i, k] of cases.entries()) {
    const reference = ref.gruStep(k.x, k.hPrev, k.p);
    const want = ref.gruStepBackward(k.dh, reference.cache);
    const got = valueOf(gots[i]);
    const oks = STEP_GRADS.map((name) => t.matrix(name, field(got, name), want[name]));
    t.case(oks.every(Boolean));
  }
  if (t.anyFailed) say(t, await safely(() => diagnoseStepBackward(gru, t.seed('diagnose'))), RIGHT_ON_ORDINARY_INPUTS);
});

check(EXERCISE, 'sequence-forward', async (t) => {
  const gru = t.module('gru');
  const cases = sequenceCases(t);
  const gots = await gru.series(cases.map((k) => ({ fn: 'gruForward', args: sequenceArgs(k), keep: ['cache'] })));
  for (const [c, k] of cases.entries()) {
    const want = ref.gruForward(k.xs, k.h0, k.p);
    const hs = field(valueOf(gots[c]), 'hs');
    const oks = want.hs.map((h, i) =>
      t.matrix(`hs[${i}]`, Array.isArray(hs) && hs.length === want.hs.length ? hs[i] : null, h),
    );
    t.case(oks.every(Boolean));
  }
  if (t.anyFailed) say(t, await safely(() => diagnoseSequence(gru, t.seed('diagnose'))), RIGHT_ON_ORDINARY_INPUTS);
});

check(EXERCISE, 'bptt', async (t) => {
  const gru = t.module('gru');
  const cases = sequenceCases(t);
  const gots = await gru.pairs(
    cases.map((k) => ({ fn: 'gruForward', args: sequenceArgs(k) })),
    (cache, i) => ({ fn: 'gruBackward', args: [cases[i].dhs, cache] }),
  );
  for (const [c, k] of cases.entries()) {
    const reference = ref.gruForward(k.xs, k.h0, k.p);
    const want = ref.gruBackward(k.dhs, reference.cache);
    const got = valueOf(gots[c]);
    const dxs = field(got, 'dxs');
    const dxOks = want.dxs.map((dx, i) =>
      t.matrix(`dxs[${i}]`, Array.isArray(dxs) && dxs.length === want.dxs.length ? dxs[i] : null, dx),
    );
    const oks = (['dh0', 'dWx', 'dWh', 'dbx', 'dbh'] as const).map((name) =>
      t.matrix(name, field(got, name), want[name]),
    );
    t.case([...dxOks, ...oks].every(Boolean));
  }
  if (t.anyFailed) say(t, await safely(() => diagnoseBptt(gru, t.seed('diagnose'))), RIGHT_ON_ORDINARY_INPUTS);
});

/** The loss the finite differences differentiate, Σ sum(dh ⊙ h) over the given outputs; NaN for a failed call. */
function loss(hs: unknown[], dhs: Matrix[]): number {
  let sum = 0;
  for (const [i, dh] of dhs.entries()) {
    const h = hs[i];
    if (!(h instanceof Matrix) || h.rows !== dh.rows || h.cols !== dh.cols) return NaN;
    sum += h.mul(dh).sum();
  }
  return sum;
}

interface GradientVerdict {
  /** Gradients (base names: `dxs`, not `dxs[2]`) that disagree with the finite differences. */
  disagreeing: string[];
  /** What a GRU depends on but the student's forward does not: a constant function passes any gradient check. */
  ignored: boolean;
}

/**
 * Compares the analytic gradients `analytic[gradOf[name]]` with the numeric ones for each input. `required` lists
 * groups of inputs of which at least one must move the loss (the inputs of a sequence count as one group).
 */
function compareGradients(
  analytic: unknown,
  numeric: Record<string, Matrix>,
  gradOf: Record<string, string>,
  required: string[][],
): GradientVerdict {
  const disagreeing: string[] = [];
  for (const [name, grad] of Object.entries(gradOf)) {
    const a = field(analytic, grad);
    const n = numeric[name];
    const agrees =
      a instanceof Matrix && a.rows === n.rows && a.cols === n.cols && gradientRelativeError([a], [n]) <= FD_TOLERANCE;
    const base = grad.replace(/\[\d+\]$/, '');
    if (!agrees && !disagreeing.includes(base)) disagreeing.push(base);
  }
  const ignored = required.some((group) => group.every((name) => !(numeric[name].norm() > 1e-8)));
  return { disagreeing, ignored };
}

check(EXERCISE, 'gradient-check', async (t) => {
  const gru = t.module('gru');
  const disagreeing = new Map<string, Set<string>>();
  let ignored = false;
  const record = (v: GradientVerdict, fn: string, builtOn: Record<string, boolean>) => {
    for (const name of v.disagreeing) disagreeing.set(fn, (disagreeing.get(fn) ?? new Set()).add(name));
    ignored ||= v.ignored;
    return t.consistencyCase(builtOn, v.disagreeing.length === 0 && !v.ignored);
  };
  // Finite differences need smooth, non-saturated points and a non-zero state; small shapes keep the calls few.
  for (const [i, shape] of [CASE_SHAPES[0], DIAGNOSTIC_SHAPE].entries()) {
    const k = makeStepCase(t.seed(`fd/${i}`), shape, { scale: 0.5 });
    const forward = await gru.call('gruStep', stepArgs(k), { keep: ['cache'] });
    const forwardRight = rightMatrix(field(forward, 'h'), ref.gruStep(k.x, k.hPrev, k.p).h);
    const analytic = await gru.call('gruStepBackward', [k.dh, field(forward, 'cache')]);
    const numeric = await studentFiniteDifferences(
      gru,
      'gruStep',
      [k.x, k.hPrev, { Wx: k.p.Wx, Wh: k.p.Wh, bx: k.p.bx, bh: k.p.bh }],
      { x: k.x, hPrev: k.hPrev, Wx: k.p.Wx, Wh: k.p.Wh, bx: k.p.bx, bh: k.p.bh },
      ['h'],
      (outs) => outs.map((out) => loss([field(out, 'h')], [k.dh])),
    );
    const gradOf = { x: 'dx', hPrev: 'dhPrev', Wx: 'dWx', Wh: 'dWh', bx: 'dbx', bh: 'dbh' };
    record(compareGradients(analytic, numeric, gradOf, [['x'], ['hPrev'], ['Wx'], ['Wh']]), 'gruStepBackward', {
      gruStep: forwardRight,
    });
  }
  const k = makeSequenceCase(t.seed('fd/sequence'), { N: 2, D: 3, H: 2 }, 3, { scale: 0.5 });
  const xNames = k.xs.map((_, i) => `x${i}`);
  const inputs: Record<string, Matrix> = {
    ...Object.fromEntries(k.xs.map((x, i) => [xNames[i], x])),
    h0: k.h0,
    ...k.p,
  };
  const forward = await gru.call('gruForward', sequenceArgs(k), { keep: ['cache'] });
  const sequenceRight = rightMatrices(field(forward, 'hs'), ref.gruForward(k.xs, k.h0, k.p).hs);
  const analytic = await gru.call('gruBackward', [k.dhs, field(forward, 'cache')]);
  const numeric = await studentFiniteDifferences(
    gru,
    'gruForward',
    [[...k.xs], k.h0, { Wx: k.p.Wx, Wh: k.p.Wh, bx: k.p.bx, bh: k.p.bh }],
    Object.fromEntries([...xNames, 'h0', 'Wx', 'Wh', 'bx', 'bh'].map((name) => [name, inputs[name]])),
    ['hs'],
    (outs) =>
      outs.map((out) => {
        const hs = field(out, 'hs');
        return Array.isArray(hs) && hs.length === k.dhs.length ? loss(hs, k.dhs) : NaN;
      }),
  );
  const gradOf: Record<string, string> = {
    ...Object.fromEntries(xNames.map((name, i) => [name, `dxs[${i}]`])),
    h0: 'dh0',
    Wx: 'dWx',
    Wh: 'dWh',
    bx: 'dbx',
    bh: 'dbh',
  };
  record(
    compareGradients(flatten(analytic, SEQUENCE_GRADS), numeric, gradOf, [xNames, ['h0'], ['Wx'], ['Wh']]),
    'gruBackward',
    { gruForward: sequenceRight },
  );
  if (ignored) {
    t.diagnose(text('hidden.04.suite.gradientCheck.forwardIgnoresInputs'));
  } else if (disagreeing.size > 0 && t.unprovenFoundations.length === 0) {
    const names = [...disagreeing].map(([fn, grads]) => `${fn} (${[...grads].join(', ')})`).join('; ');
    t.diagnose(text('hidden.04.suite.gradientCheck.disagrees', { names }));
  }
});

check(EXERCISE, 'init', async (t) => {
  const problem = await checkInit(t.module('gru'), (label) => t.seed(label));
  t.case(problem === null);
  if (problem) t.diagnose(problem);
});

check(EXERCISE, 'hygiene', async (t) => {
  const gru = t.module('gru');
  const step = makeStepCase(t.seed('hygiene'), DIAGNOSTIC_SHAPE);
  const sequence = makeSequenceCase(t.seed('hygiene/sequence'), DIAGNOSTIC_SHAPE, DIAGNOSTIC_STEPS);
  const { problems, builtOn } = await hygieneProblems(gru, step, sequence);
  for (const problem of problems) t.diagnose(problem);
  t.consistencyCase(builtOn, problems.length === 0);
});
