/**
 * Hidden suite of exercise 03 (teacher-only). Every case is drawn from the student's seed, so each student has their
 * own; the reference computes the expected values here, in the trusted process, and the student's code runs in the
 * sandbox. When a check fails, diagnosis.ts turns what came back into a statement about a gate or a line of math.
 */
import { Matrix } from '../lib/matrix';
import {
  CASE_FAILURES,
  check,
  field,
  fill,
  studentFiniteDifferences,
  FD_TOLERANCE,
  gradientRelativeError,
  recognise,
  rightMatrices,
  rightMatrix,
  StudentFailure,
  text,
  type CheckTools,
  type StudentModule,
} from '../../grader/harness';
import * as ref from './lstm';
import {
  CASE_SHAPES,
  DIAGNOSTIC_LENGTH,
  DIAGNOSTIC_SHAPE,
  makeSequenceCase,
  makeStepCase,
  SEQUENCE_LENGTHS,
  type CaseShape,
  type LstmSequenceCase,
  type LstmStepCase,
} from './cases';
import {
  bpttCandidates,
  flatten,
  gateVerdict,
  gradientBlocks,
  near,
  probeArgs,
  probeSummary,
  SEQUENCE_GRADS,
  sequenceCandidates,
  STEP_GRADS,
  stepBackwardCandidates,
  stepForwardCandidates,
  TEXTS,
  wrongGradientsText,
  type Candidate,
} from './diagnosis';
import { initProblems } from './init-check';
import type { Localized } from '../../grader/shared/results';

const EXERCISE = '03-lstm-cell';

interface Labeled<K> {
  k: K;
  label: Localized;
  /** Pre-activations in the hundreds: only a σ that overflows gets NaN here. */
  extreme?: boolean;
  /** Set on a failed extreme case whose result held NaN or ±∞ (the reference's never does). */
  nonFinite?: boolean;
}

const stepArgs = (k: LstmStepCase) => [k.x, k.hPrev, k.cPrev, k.p];
const sequenceArgs = (k: LstmSequenceCase) => [k.xs, k.h0, k.c0, k.p];
const shapeText = (s: CaseShape) => `N = ${s.N}, D = ${s.D}, H = ${s.H}`;
/** A case's label: its shape, then what is special about it (the same in both languages when it is only a T). */
const label = (s: CaseShape, more: Localized | string = ''): Localized => {
  const [en, ru] = typeof more === 'string' ? [more, more] : [more.en, more.ru];
  return { en: shapeText(s) + en, ru: shapeText(s) + ru };
};

/** Every shape, plain, from a zero state and saturated; and one case with pre-activations in the hundreds. */
function stepCases(t: CheckTools): Labeled<LstmStepCase>[] {
  const cases = CASE_SHAPES.flatMap((shape, n) => [
    { k: makeStepCase(t.seed(`${n}`), shape), label: label(shape) },
    {
      k: makeStepCase(t.seed(`${n}/zero`), shape, { zeroState: true }),
      label: label(shape, text('hidden.03.suite.case.zero')),
    },
    {
      k: makeStepCase(t.seed(`${n}/saturated`), shape, { scale: 30 }),
      label: label(shape, text('hidden.03.suite.case.saturated')),
    },
  ]);
  const extreme = CASE_SHAPES[1];
  return [
    ...cases,
    {
      k: makeStepCase(t.seed('extreme'), extreme, { scale: 1000 }),
      label: label(extreme, text('hidden.03.suite.case.extreme')),
      extreme: true,
    },
  ];
}

/** Every shape with T = 1, a short sequence from a zero state and a long one (T ≥ 20); two long saturated ones. */
function sequenceCases(t: CheckTools): Labeled<LstmSequenceCase>[] {
  const [one, short, long] = SEQUENCE_LENGTHS;
  const cases = CASE_SHAPES.flatMap((shape, n) => [
    { k: makeSequenceCase(t.seed(`${n}/T1`), shape, one), label: label(shape, ', T = 1') },
    {
      k: makeSequenceCase(t.seed(`${n}/short`), shape, short, { zeroState: true }),
      label: label(shape, text('hidden.03.suite.case.zeroT', { T: short })),
    },
    { k: makeSequenceCase(t.seed(`${n}/long`), shape, long), label: label(shape, `, T = ${long}`) },
  ]);
  for (const n of [1, 3]) {
    const shape = CASE_SHAPES[n];
    cases.push({
      k: makeSequenceCase(t.seed(`${n}/saturated`), shape, long, { scale: 30 }),
      label: label(shape, text('hidden.03.suite.case.saturatedT', { T: long })),
    });
  }
  return cases;
}

/**
 * Runs one call of a case; an exception thrown by the student's code fails that case alone (with a diagnosis) and
 * the check goes on. Stubs, time-outs and crashes still end the whole check, as the harness decides.
 */
async function attempt<T>(t: CheckTools, fn: string, where: Localized, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof StudentFailure)) throw err;
    return settled<T>(t, fn, where, err);
  }
}

/** A case's result from a series (StudentModule.series with CASE_FAILURES), as `attempt` gives a single call's. */
function settled<T>(t: CheckTools, fn: string, where: Localized, result: unknown): T | undefined {
  if (!(result instanceof StudentFailure)) return result as T;
  if (!(CASE_FAILURES as readonly string[]).includes(result.kind)) throw result;
  t.diagnose(text('hidden.03.suite.threwOnCase', { fn, where, message: result.message.slice(0, 300) }));
  return undefined;
}

/** A diagnosis is a bonus: if the student's code fails while being diagnosed, the check's verdict stands as it is. */
async function quietly(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof StudentFailure)) throw err;
  }
}

/** Compares a list of matrices (hs, dxs) entry by entry. */
function matrixList(t: CheckTools, name: string, got: unknown, want: Matrix[]): boolean {
  if (!Array.isArray(got) || got.length !== want.length) {
    t.matrix(`${name}[0]`, undefined, want[0]);
    return false;
  }
  return want.map((w, n) => t.matrix(`${name}[${n}]`, got[n], w)).every(Boolean);
}

const hasNonFinite = (...values: unknown[]) =>
  values.some((v) => v instanceof Matrix && v.data.some((x) => !Number.isFinite(x)));

/** The cell is right on the diagnostic case: say which kinds of case it fails on. */
function onlySome(t: CheckTools, fn: string, failed: Labeled<unknown>[]): void {
  if (failed.some((c) => c.nonFinite)) {
    t.diagnose(TEXTS.nonFinite, TEXTS.nonFiniteHint);
    return;
  }
  const shown = failed.slice(0, 4);
  t.diagnose(
    fill(TEXTS.onlySomeCases, {
      fn,
      labels: { en: shown.map((c) => c.label.en).join('; '), ru: shown.map((c) => c.label.ru).join('; ') },
    }),
  );
}

function recognised(t: CheckTools, got: unknown, candidates: Candidate[], prefix?: Localized): boolean {
  const found = recognise(got, candidates);
  if (!found) return false;
  const join = (a: string | undefined, b: string) => (a ? `${a} ${b}` : b);
  t.diagnose({ en: join(prefix?.en, found.diagnosis.en), ru: join(prefix?.ru, found.diagnosis.ru) }, found.hint);
  return true;
}

// ---- One step, forward ----

async function stepForwardRight(cell: StudentModule, k: LstmStepCase): Promise<{ ok: boolean; got: unknown }> {
  const want = ref.lstmStep(k.x, k.hPrev, k.cPrev, k.p);
  const got = await cell.call('lstmStep', stepArgs(k), { keep: ['cache'] });
  return { ok: near(field(got, 'h'), want.h) && near(field(got, 'c'), want.c), got };
}

check(EXERCISE, 'step-forward', async (t) => {
  const cell = t.module('lstm');
  const failed: Labeled<LstmStepCase>[] = [];
  const cases = stepCases(t);
  const gots = await cell.series(
    cases.map((c) => ({ fn: 'lstmStep', args: stepArgs(c.k), keep: ['cache'] })),
    CASE_FAILURES,
  );
  for (const [i, c] of cases.entries()) {
    const want = ref.lstmStep(c.k.x, c.k.hPrev, c.k.cPrev, c.k.p);
    const got = settled(t, 'lstmStep', c.label, gots[i]);
    const hOk = t.matrix('h', field(got, 'h'), want.h);
    const cOk = t.matrix('c', field(got, 'c'), want.c);
    if (!t.case(hOk && cOk))
      failed.push({ ...c, nonFinite: c.extreme === true && hasNonFinite(field(got, 'h'), field(got, 'c')) });
  }
  if (failed.length === 0) return;
  await quietly(async () => {
    const k = makeStepCase(t.seed('diagnose'), DIAGNOSTIC_SHAPE);
    const { ok, got } = await stepForwardRight(cell, k);
    if (ok) {
      onlySome(t, 'lstmStep', failed);
      return;
    }
    const probes: unknown[] = [];
    for (const args of probeArgs(k)) probes.push(await cell.call('lstmStep', args, { keep: ['cache'] }));
    const summary = probeSummary(gateVerdict(k, probes));
    if (!recognised(t, got, stepForwardCandidates(k), summary.text)) t.diagnose(summary.text, summary.hint);
  });
});

// ---- One step, backward ----

check(EXERCISE, 'step-backward', async (t) => {
  const cell = t.module('lstm');
  const failed: Labeled<LstmStepCase>[] = [];
  const cases = stepCases(t);
  const gots = await cell.pairs(
    cases.map((c) => ({ fn: 'lstmStep', args: stepArgs(c.k) })),
    (cache, i) => ({ fn: 'lstmStepBackward', args: [cases[i].k.dh, cases[i].k.dc, cache] }),
    CASE_FAILURES,
  );
  for (const [i, c] of cases.entries()) {
    const { k } = c;
    const want = ref.lstmStepBackward(k.dh, k.dc, ref.lstmStep(k.x, k.hPrev, k.cPrev, k.p).cache);
    const got = settled(t, 'lstmStepBackward', c.label, gots[i]);
    const oks = STEP_GRADS.map((name) => t.matrix(name, field(got, name), want[name]));
    if (!t.case(oks.every(Boolean)))
      failed.push({
        ...c,
        nonFinite: c.extreme === true && hasNonFinite(...STEP_GRADS.map((name) => field(got, name))),
      });
  }
  if (failed.length === 0) return;
  await quietly(async () => {
    const k = makeStepCase(t.seed('diagnose'), DIAGNOSTIC_SHAPE);
    const forward = await stepForwardRight(cell, k);
    if (!forward.ok) {
      t.diagnose(TEXTS.fixStepFirst);
      return;
    }
    const got = await cell.call('lstmStepBackward', [k.dh, k.dc, field(forward.got, 'cache')]);
    const want = ref.lstmStepBackward(k.dh, k.dc, ref.lstmStep(k.x, k.hPrev, k.cPrev, k.p).cache);
    const wrong = STEP_GRADS.filter((name) => !near(field(got, name), want[name]));
    if (wrong.length === 0) onlySome(t, 'lstmStepBackward', failed);
    else if (!recognised(t, got, stepBackwardCandidates(k, ref.lstmStep(k.x, k.hPrev, k.cPrev, k.p).cache))) {
      t.diagnose(wrongGradientsText(wrong, gradientBlocks(got, k)));
    }
  });
});

// ---- Sequences ----

check(EXERCISE, 'sequence-forward', async (t) => {
  const cell = t.module('lstm');
  const failed: Labeled<LstmSequenceCase>[] = [];
  const cases = sequenceCases(t);
  const gots = await cell.series(
    cases.map((c) => ({ fn: 'lstmForward', args: sequenceArgs(c.k), keep: ['cache'] })),
    CASE_FAILURES,
  );
  for (const [i, c] of cases.entries()) {
    const want = ref.lstmForward(c.k.xs, c.k.h0, c.k.c0, c.k.p);
    const got = settled(t, 'lstmForward', c.label, gots[i]);
    const hsOk = matrixList(t, 'hs', field(got, 'hs'), want.hs);
    const cOk = t.matrix('c', field(got, 'c'), want.c);
    if (!t.case(hsOk && cOk)) failed.push(c);
  }
  if (failed.length === 0) return;
  await quietly(async () => {
    if (!(await stepForwardRight(cell, makeStepCase(t.seed('diagnose-step'), DIAGNOSTIC_SHAPE))).ok) {
      t.diagnose(TEXTS.sequenceNeedsStep);
      return;
    }
    const k = makeSequenceCase(t.seed('diagnose'), DIAGNOSTIC_SHAPE, DIAGNOSTIC_LENGTH);
    const got = await cell.call('lstmForward', sequenceArgs(k), { keep: ['cache'] });
    const hs = field(got, 'hs');
    if (!Array.isArray(hs) || hs.length !== k.xs.length) {
      t.diagnose(fill(TEXTS.hsLength, { n: Array.isArray(hs) ? hs.length : 0, T: k.xs.length }), TEXTS.hsLengthHint);
      return;
    }
    if (recognised(t, flatten(got, ['hs'], ['c']), sequenceCandidates(k))) return;
    const want = ref.lstmForward(k.xs, k.h0, k.c0, k.p);
    const first = want.hs.findIndex((w, n) => !near(hs[n], w));
    if (first === 0) t.diagnose(TEXTS.sequenceFirstWrong);
    else if (first > 0) t.diagnose(fill(TEXTS.sequenceDrifts, { t: first - 1, next: first }));
    else if (!near(field(got, 'c'), want.c)) t.diagnose(TEXTS.lastStateWrong);
    else onlySome(t, 'lstmForward', failed);
  });
});

check(EXERCISE, 'bptt', async (t) => {
  const cell = t.module('lstm');
  const failed: Labeled<LstmSequenceCase>[] = [];
  const cases = sequenceCases(t);
  const gots = await cell.pairs(
    cases.map((c) => ({ fn: 'lstmForward', args: sequenceArgs(c.k) })),
    (cache, i) => ({ fn: 'lstmBackward', args: [cases[i].k.dhs, cache] }),
    CASE_FAILURES,
  );
  for (const [i, c] of cases.entries()) {
    const { k } = c;
    const want = ref.lstmBackward(k.dhs, ref.lstmForward(k.xs, k.h0, k.c0, k.p).cache);
    const got = settled(t, 'lstmBackward', c.label, gots[i]);
    const dxsOk = matrixList(t, 'dxs', field(got, 'dxs'), want.dxs);
    const oks = SEQUENCE_GRADS.map((name) => t.matrix(name, field(got, name), want[name]));
    if (!t.case(dxsOk && oks.every(Boolean))) failed.push(c);
  }
  if (failed.length === 0) return;
  await quietly(async () => {
    const k = makeSequenceCase(t.seed('diagnose'), DIAGNOSTIC_SHAPE, DIAGNOSTIC_LENGTH);
    const forward = await cell.call('lstmForward', sequenceArgs(k), { keep: ['cache'] });
    const reference = ref.lstmForward(k.xs, k.h0, k.c0, k.p);
    const hs = field(forward, 'hs');
    const forwardOk =
      Array.isArray(hs) &&
      hs.length === k.xs.length &&
      reference.hs.every((w, n) => near(hs[n], w)) &&
      near(field(forward, 'c'), reference.c);
    if (!forwardOk) {
      t.diagnose(TEXTS.fixSequenceFirst);
      return;
    }
    const ks = makeStepCase(t.seed('diagnose-step'), DIAGNOSTIC_SHAPE);
    const step = await cell.call('lstmStep', stepArgs(ks), { keep: ['cache'] });
    const stepGrads = await cell.call('lstmStepBackward', [ks.dh, ks.dc, field(step, 'cache')]);
    const stepWant = ref.lstmStepBackward(ks.dh, ks.dc, ref.lstmStep(ks.x, ks.hPrev, ks.cPrev, ks.p).cache);
    if (!STEP_GRADS.every((name) => near(field(stepGrads, name), stepWant[name]))) {
      t.diagnose(TEXTS.bpttNeedsStepBackward);
      return;
    }
    const got = await cell.call('lstmBackward', [k.dhs, field(forward, 'cache')]);
    const flat = flatten(got, ['dxs'], [...SEQUENCE_GRADS]);
    if (recognised(t, flat, bpttCandidates(k))) return;
    const want = ref.lstmBackward(k.dhs, reference.cache);
    const wantFlat = flatten(want, ['dxs'], [...SEQUENCE_GRADS]) as Record<string, Matrix>;
    const wrong = Object.keys(wantFlat).filter((name) => !near(flat[name], wantFlat[name]));
    if (wrong.length > 0) t.diagnose(fill(TEXTS.bpttWrong, { names: wrong.join(', ') }));
    else onlySome(t, 'lstmBackward', failed);
  });
});

// ---- Your backward against your own forward ----

/** T matrices of N rows stacked into one (T·N)×D matrix, so xs is compared as one input. */
const stack = (xs: Matrix[]) => Matrix.concatRows(xs);
const dot = (a: unknown, b: Matrix) =>
  a instanceof Matrix && a.rows === b.rows && a.cols === b.cols ? a.mul(b).sum() : NaN;

function agrees(analytic: unknown, numeric: Matrix): boolean {
  return (
    analytic instanceof Matrix &&
    analytic.rows === numeric.rows &&
    analytic.cols === numeric.cols &&
    gradientRelativeError([analytic], [numeric]) <= FD_TOLERANCE
  );
}

const STEP_GRAD_OF = { x: 'dx', hPrev: 'dhPrev', cPrev: 'dcPrev', Wx: 'dWx', Wh: 'dWh', b: 'db' } as const;
const SEQUENCE_GRAD_OF = { xs: 'dxs', h0: 'dh0', c0: 'dc0', Wx: 'dWx', Wh: 'dWh', b: 'db' } as const;

check(EXERCISE, 'gradient-check', async (t) => {
  const cell = t.module('lstm');
  const stepDisagree = new Set<string>();
  // A forward whose outputs have the wrong shape gives no loss to differentiate: that is the forward's problem.
  const malformed = new Set<string>();
  const lossOf = (fn: string, value: number) => {
    if (Number.isNaN(value)) malformed.add(fn);
    return value;
  };
  // Finite differences need smooth, non-saturated points; the small shapes keep the number of calls low.
  for (const [n, shape] of [CASE_SHAPES[0], DIAGNOSTIC_SHAPE].entries()) {
    const k = makeStepCase(t.seed(`fd/${n}`), shape, { scale: 0.5 });
    const want = ref.lstmStep(k.x, k.hPrev, k.cPrev, k.p);
    let forwardRight = false;
    const analytic = await attempt(t, 'lstmStepBackward', label(shape), async () => {
      const forward = await cell.call('lstmStep', stepArgs(k), { keep: ['cache'] });
      forwardRight = rightMatrix(field(forward, 'h'), want.h) && rightMatrix(field(forward, 'c'), want.c);
      return cell.call('lstmStepBackward', [k.dh, k.dc, field(forward, 'cache')]);
    });
    const inputs = { x: k.x, hPrev: k.hPrev, cPrev: k.cPrev, ...k.p };
    const names = Object.keys(STEP_GRAD_OF) as (keyof typeof STEP_GRAD_OF)[];
    const numeric = await studentFiniteDifferences(
      cell,
      'lstmStep',
      [k.x, k.hPrev, k.cPrev, { Wx: k.p.Wx, Wh: k.p.Wh, b: k.p.b }],
      Object.fromEntries(names.map((name) => [name, inputs[name]])),
      ['h', 'c'],
      (outs) =>
        outs.map((out) =>
          out instanceof StudentFailure
            ? NaN
            : lossOf('lstmStep', dot(field(out, 'h'), k.dh) + dot(field(out, 'c'), k.dc)),
        ),
    );
    const wrong = names.filter((name) => !agrees(field(analytic, STEP_GRAD_OF[name]), numeric[name]));
    wrong.forEach((name) => stepDisagree.add(STEP_GRAD_OF[name]));
    t.consistencyCase({ lstmStep: forwardRight }, wrong.length === 0);
  }

  const shape = { N: 2, D: 3, H: 2 };
  const k = makeSequenceCase(t.seed('fd/sequence'), shape, 3, { scale: 0.5 });
  const T = k.xs.length;
  const wantSequence = ref.lstmForward(k.xs, k.h0, k.c0, k.p);
  let sequenceRight = false;
  const analytic = await attempt(t, 'lstmBackward', label(shape, `, T = ${T}`), async () => {
    const forward = await cell.call('lstmForward', sequenceArgs(k), { keep: ['cache'] });
    sequenceRight =
      rightMatrices(field(forward, 'hs'), wantSequence.hs) && rightMatrix(field(forward, 'c'), wantSequence.c);
    return cell.call('lstmBackward', [k.dhs, field(forward, 'cache')]);
  });
  const names = Object.keys(SEQUENCE_GRAD_OF) as (keyof typeof SEQUENCE_GRAD_OF)[];
  // Each step's x is varied in turn, in order: together they are the stacked xs, element for element.
  const xNames = k.xs.map((_, n) => `x${n}`);
  const byStep = await studentFiniteDifferences(
    cell,
    'lstmForward',
    [[...k.xs], k.h0, k.c0, { Wx: k.p.Wx, Wh: k.p.Wh, b: k.p.b }],
    { ...Object.fromEntries(k.xs.map((x, n) => [xNames[n], x])), h0: k.h0, c0: k.c0, Wx: k.p.Wx, Wh: k.p.Wh, b: k.p.b },
    ['hs'],
    (outs) =>
      outs.map((out) => {
        if (out instanceof StudentFailure) return NaN;
        const hs = field(out, 'hs');
        return lossOf(
          'lstmForward',
          Array.isArray(hs) && hs.length === T ? k.dhs.reduce((sum, dh, n) => sum + dot(hs[n], dh), 0) : NaN,
        );
      }),
  );
  const numeric: Record<string, Matrix> = { ...byStep, xs: stack(xNames.map((name) => byStep[name])) };
  const dxs = field(analytic, 'dxs');
  const stackedDxs =
    Array.isArray(dxs) && dxs.length === T && dxs.every((m) => m instanceof Matrix && m.cols === k.xs[0].cols)
      ? stack(dxs as Matrix[])
      : undefined;
  const sequenceDisagree = names.filter(
    (name) => !agrees(name === 'xs' ? stackedDxs : field(analytic, SEQUENCE_GRAD_OF[name]), numeric[name]),
  );
  t.consistencyCase({ lstmForward: sequenceRight }, sequenceDisagree.length === 0);

  for (const fn of malformed) t.diagnose(fill(TEXTS.fdForwardMalformed, { fn }));
  // Disagreeing with a wrong forward says nothing about the backward: the harness then names the forward instead.
  if (t.unprovenFoundations.length > 0) return;
  if (stepDisagree.size > 0) {
    t.diagnose(
      fill(TEXTS.fdDisagrees, {
        backward: 'lstmStepBackward',
        forward: 'lstmStep',
        names: [...stepDisagree].join(', '),
      }),
    );
  }
  if (sequenceDisagree.length > 0) {
    const grads = sequenceDisagree.map((name) => SEQUENCE_GRAD_OF[name]).join(', ');
    t.diagnose(fill(TEXTS.fdDisagrees, { backward: 'lstmBackward', forward: 'lstmForward', names: grads }));
  }
});

// ---- initLstm ----

check(EXERCISE, 'init', async (t) => {
  const cell = t.module('lstm');
  // Enough weights per matrix (≥ 256) that the spread and the mean of a uniform draw are sharp.
  const shapes = [
    { D: 8, H: 16 },
    { D: 20, H: 8 },
    { D: 4, H: 32 },
  ];
  for (const [n, { D, H }] of shapes.entries()) {
    const seed = t.seed(`init/${n}`);
    const first = await cell.call('initLstm', [D, H, seed]);
    const again = await cell.call('initLstm', [D, H, seed]);
    const other = await cell.call('initLstm', [D, H, t.seed(`init/${n}/other`)]);
    const problem = initProblems(D, H, first, again, other);
    if (problem) t.diagnose(problem.diagnosis, problem.hint);
    t.case(problem === null);
  }
});

// ---- Hygiene ----

check(EXERCISE, 'hygiene', async (t) => {
  const cell = t.module('lstm');
  const same = (a: unknown, b: unknown) =>
    a instanceof Matrix &&
    b instanceof Matrix &&
    a.rows === b.rows &&
    a.cols === b.cols &&
    a.data.every((v, n) => Object.is(v, b.data[n]));
  const sameAll = (a: unknown, b: unknown, names: readonly string[]) =>
    names.every((name) => same(field(a, name), field(b, name)));
  const sameList = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((m, n) => same(m, b[n]));
  const intact = (after: unknown, sent: unknown): boolean => {
    if (sent instanceof Matrix) return same(after, sent);
    if (Array.isArray(sent))
      return Array.isArray(after) && after.length === sent.length && sent.every((m, n) => intact(after[n], m));
    return Object.entries(sent as Record<string, unknown>).every(([name, m]) => intact(field(after, name), m));
  };
  /** The arguments as the student's function left them; a cache that cannot travel back is not looked at. */
  const argsAfter = async (
    fn: string,
    args: unknown[],
    keep: string[],
  ): Promise<{ result: unknown; args: unknown[] | null }> => {
    try {
      const out = await cell.call(fn, args, { keep, returnArgs: true });
      const after = field(out, '$args');
      return { result: field(out, '$result'), args: Array.isArray(after) ? after : [] };
    } catch (err) {
      if (err instanceof StudentFailure && err.kind === 'unserializable') return { result: undefined, args: null };
      throw err;
    }
  };
  const problems: Localized[] = [];
  const k = makeStepCase(t.seed('hygiene'), DIAGNOSTIC_SHAPE);
  const s = makeSequenceCase(t.seed('hygiene/sequence'), DIAGNOSTIC_SHAPE, DIAGNOSTIC_LENGTH);

  const step1 = await cell.call('lstmStep', stepArgs(k), { keep: ['cache'] });
  const step2 = await cell.call('lstmStep', stepArgs(k), { keep: ['cache'] });
  const grads1 = await cell.call('lstmStepBackward', [k.dh, k.dc, field(step1, 'cache')]);
  const grads2 = await cell.call('lstmStepBackward', [k.dh, k.dc, field(step1, 'cache')]);
  if (!sameAll(step1, step2, ['h', 'c']) || !sameAll(grads1, grads2, STEP_GRADS))
    problems.push(fill(TEXTS.notDeterministic, { fn: 'lstmStep / lstmStepBackward' }));
  const stepAfter = await argsAfter('lstmStep', stepArgs(k), ['cache']);
  const gradsAfter = await argsAfter('lstmStepBackward', [k.dh, k.dc, field(step1, 'cache')], []);
  if (stepAfter.args && !intact(stepAfter.args, stepArgs(k))) problems.push(fill(TEXTS.mutated, { fn: 'lstmStep' }));
  if (gradsAfter.args && !intact(gradsAfter.args.slice(0, 2), [k.dh, k.dc]))
    problems.push(fill(TEXTS.mutated, { fn: 'lstmStepBackward' }));

  const seq1 = await cell.call('lstmForward', sequenceArgs(s), { keep: ['cache'] });
  const seq2 = await cell.call('lstmForward', sequenceArgs(s), { keep: ['cache'] });
  const bptt1 = await cell.call('lstmBackward', [s.dhs, field(seq1, 'cache')]);
  const bptt2 = await cell.call('lstmBackward', [s.dhs, field(seq1, 'cache')]);
  const seqSame = sameList(field(seq1, 'hs'), field(seq2, 'hs')) && same(field(seq1, 'c'), field(seq2, 'c'));
  if (!seqSame || !sameAll(bptt1, bptt2, SEQUENCE_GRADS) || !sameList(field(bptt1, 'dxs'), field(bptt2, 'dxs'))) {
    problems.push(fill(TEXTS.notDeterministic, { fn: 'lstmForward / lstmBackward' }));
  }
  const seqAfter = await argsAfter('lstmForward', sequenceArgs(s), ['cache']);
  const bpttAfter = await argsAfter('lstmBackward', [s.dhs, field(seq1, 'cache')], []);
  if (seqAfter.args && !intact(seqAfter.args, sequenceArgs(s)))
    problems.push(fill(TEXTS.mutated, { fn: 'lstmForward' }));
  if (bpttAfter.args && !intact(bpttAfter.args.slice(0, 1), [s.dhs]))
    problems.push(fill(TEXTS.mutated, { fn: 'lstmBackward' }));

  // Same results twice and untouched arguments compare the student with themselves, so the point builds on the
  // forward passes being right (constant results are trivially deterministic). As in 02 and 04 it does not build on
  // the backward passes: a backward mistake is already charged in step-backward or bptt and in gradient-check.
  const stepWant = ref.lstmStep(k.x, k.hPrev, k.cPrev, k.p);
  const seqWant = ref.lstmForward(s.xs, s.h0, s.c0, s.p);
  const stepRight = rightMatrix(field(step1, 'h'), stepWant.h) && rightMatrix(field(step1, 'c'), stepWant.c);
  const seqRight = rightMatrices(field(seq1, 'hs'), seqWant.hs) && rightMatrix(field(seq1, 'c'), seqWant.c);
  for (const p of problems) t.diagnose(p);
  t.consistencyCase({ lstmStep: stepRight, lstmForward: seqRight }, problems.length === 0);
});
