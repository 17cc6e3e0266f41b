/**
 * Hidden suite of exercise 01 (teacher-only). Random cases are drawn from the student's seed; the edge cases are the
 * float64 facts the statement teaches (2^1000 fits and 2^1024 does not, 0.5^1075 is 0, 0.9's product sticks among
 * the subnormals), where only the recurrence computed step by step gives the right bits. The reference computes the
 * expected values here, in the trusted process; the student's code runs in the sandbox.
 */
import { Matrix } from '../lib/matrix';
import {
  check,
  closeNumber,
  field,
  StudentFailure,
  text,
  valueOf,
  type CheckTools,
  type Plot,
  type StudentModule,
} from '../../grader/harness';
import type { Localized } from '../../grader/shared/results';
import * as ref from './vanishing';
import {
  DIAGNOSTIC,
  makeChain,
  makeForgetGates,
  makeTanhCase,
  makeUnrollCase,
  referenceSteps,
  type TanhCase,
  type UnrollCase,
} from './cases';
import {
  CELL_MISTAKES,
  CHAIN_MISTAKES,
  FIRST_UNREPRESENTABLE_MISTAKES,
  FIRST_UNREPRESENTABLE_NAN,
  SERIES_MISTAKES,
  TANH_MISTAKES,
  UNROLL_MISTAKES,
  type Mistake,
} from './mistakes';

const EXERCISE = '01-vanishing-gradient';
const MODULE = 'vanishing';
/** Longer results than any case asks for are not read. */
const MAX_LENGTH = 100_000;

// ---- Untrusted arrays of numbers ----

/** The student's result as numbers, if it is an array (or Float64Array) of numbers of a sane length. */
function numbers(value: unknown): number[] | null {
  if (value instanceof Float64Array) return value.length <= MAX_LENGTH ? Array.from(value) : null;
  if (!Array.isArray(value) || value.length > MAX_LENGTH) return null;
  return value.every((v) => typeof v === 'number') ? (value as number[]) : null;
}

const row = (values: number[]): Matrix => new Matrix(1, values.length, Float64Array.from(values));
/** Where a value sits on the float64 scale: log₂|v| tells 2^−1074 from 0 and 10^−200 from 0, which atol cannot. */
const exponents = (values: number[]): number[] => values.map((v) => Math.log2(Math.abs(v)));

/**
 * Compares an untrusted array with the expected one as 1×n rows (the diff's column is the index k). With `exact`,
 * log₂|·| is compared too, so results that differ only among the subnormals or by underflow still differ.
 */
function sameArray(
  t: CheckTools,
  fn: string,
  quantity: string,
  actual: unknown,
  expected: number[],
  exact = false,
): boolean {
  const got = numbers(actual);
  if (!got) {
    t.diagnose(text('hidden.01.suite.notAnArray', { fn }));
    return false;
  }
  const valuesOk = t.vector(quantity, got, expected);
  return valuesOk && (!exact || t.vector(`log₂|${quantity}|`, exponents(got), exponents(expected)));
}

/** Whether an untrusted result equals a candidate's, by the recognition tolerance (log₂ included). */
function matches(actual: unknown, expected: number[]): boolean {
  const got = numbers(actual);
  if (!got || got.length !== expected.length) return false;
  const close = (a: number[], b: number[]) => a.every((v, i) => closeNumber(v, b[i], 1e-6, 1e-9));
  return close(got, expected) && close(exponents(got), exponents(expected));
}

/** The first mistake whose output on the diagnostic input the student's result reproduces. */
function recogniseArray<F>(got: unknown, mistakes: readonly Mistake<F>[], run: (f: F) => number[]): Mistake<F> | null {
  return mistakes.find((m) => matches(got, run(m.apply))) ?? null;
}

/**
 * Inputs unchanged after the call: a chain passed by the caller belongs to the caller. The case compares the student's
 * arguments with themselves, so by the harness's rule it counts only where the result of the same call is right
 * (`reference` computes it): an empty array leaves its input alone too.
 */
async function leavesInputAlone(
  t: CheckTools,
  mod: StudentModule,
  fn: string,
  input: number[],
  reference: (input: number[]) => number[],
): Promise<boolean> {
  const out = await mod.call(fn, [input], { returnArgs: true });
  const want = reference([...input]);
  const got = numbers(field(out, '$result'));
  const right =
    got !== null &&
    got.length === want.length &&
    got.every((v, i) => closeNumber(v, want[i]) && closeNumber(Math.log2(Math.abs(v)), Math.log2(Math.abs(want[i]))));
  const after = numbers(field(field(out, '$args'), '0'));
  const intact = after !== null && after.length === input.length && after.every((v, i) => Object.is(v, input[i]));
  if (!intact) {
    t.diagnose(text('hidden.01.suite.inputChanged', { fn }));
  }
  return t.consistencyCase({ [fn]: right }, intact);
}

/**
 * The later functions are products of a chain, usually through the student's own chainGradient: when that is wrong,
 * say so rather than leave them with a bare mismatch.
 */
async function blameChainIfWrong(t: CheckTools, mod: StudentModule, fn: string): Promise<void> {
  const lg = DIAGNOSTIC.chain;
  if (matches(await mod.call('chainGradient', [lg]), ref.chainGradient(lg))) return;
  t.diagnose(text('hidden.01.suite.chainGradientWrong', { fn }));
}

// ---- unroll ----

check(EXERCISE, 'unroll', async (t) => {
  const mod = t.module(MODULE);
  const random: UnrollCase[] = (['shrinking', 'growing', 'negative'] as const).flatMap((kind) => [
    makeUnrollCase(t.seed(`${kind}/short`), kind, 1 + (t.seed(kind) % 30)),
    makeUnrollCase(t.seed(`${kind}/long`), kind, 300),
  ]);
  const edges: { name: string; c: UnrollCase }[] = [
    { name: 'y (steps = 0)', c: { w: 0.7, y0: 1.5, steps: 0 } },
    { name: 'y (w = 2)', c: { w: 2, y0: 1, steps: 1030 } },
    { name: 'y (w = −2)', c: { w: -2, y0: 1, steps: 1030 } },
    { name: 'y (w = 0.5)', c: { w: 0.5, y0: 1, steps: 1080 } },
    { name: 'y (w = 0.9)', c: { w: 0.9, y0: 1, steps: 7500 } },
    { name: 'y (w = 0)', c: { w: 0, y0: -3, steps: 3 } },
    { name: 'y (w = −1)', c: { w: -1, y0: 0.7, steps: 6 } },
    { name: 'y (w = 1e200, y0 = 1e−200)', c: DIAGNOSTIC.unroll },
    { name: 'y (w = 1e−200, y0 = 1e200)', c: { w: 1e-200, y0: 1e200, steps: 4 } },
    { name: 'y (w = NaN)', c: { w: NaN, y0: 1, steps: 3 } },
    { name: 'y (y0 = ∞)', c: { w: 0.5, y0: Infinity, steps: 3 } },
    { name: 'y (y0 = ∞, w = 0)', c: { w: 0, y0: Infinity, steps: 2 } },
  ];
  const all = [...random.map((c) => ({ name: 'y', c })), ...edges];
  const gots = await mod.series(all.map(({ c }) => ({ fn: 'unroll', args: [c.w, c.y0, c.steps] })));
  for (const [i, { name, c }] of all.entries())
    t.case(sameArray(t, 'unroll', name, valueOf(gots[i]), ref.unroll(c.w, c.y0, c.steps), true));
  if (t.anyFailed) {
    const { w, y0, steps } = DIAGNOSTIC.unroll;
    const found = recogniseArray(await mod.call('unroll', [w, y0, steps]), UNROLL_MISTAKES, (f) => f(w, y0, steps));
    if (found) t.diagnose(found.diagnosis, found.hint);
    t.hint(text('hidden.01.suite.unroll.hint'));
  }
});

// ---- chainGradient ----

check(EXERCISE, 'chain-gradient', async (t) => {
  const mod = t.module(MODULE);
  const chains: { name: string; lg: number[] }[] = [
    ...[1, 2, 7, 30, 200].map((T) => ({ name: 'g', lg: makeChain(t.seed(`T=${T}`), T) })),
    { name: 'g (T = 0)', lg: [] },
    { name: 'g (T = 3000)', lg: makeChain(t.seed('long'), 3000, 0.2, 1.8) },
    { name: 'g (localGrads[5] = 0)', lg: [...makeChain(t.seed('zero/a'), 5), 0, ...makeChain(t.seed('zero/b'), 5)] },
    { name: 'g (NaN, ∞)', lg: [0.5, Infinity, 2, NaN, -1.5] },
    { name: 'g (0.5 × 1100)', lg: new Array<number>(1100).fill(0.5) },
  ];
  const gots = await mod.series(chains.map(({ lg }) => ({ fn: 'chainGradient', args: [lg] })));
  for (const [i, { name, lg }] of chains.entries())
    t.case(sameArray(t, 'chainGradient', name, valueOf(gots[i]), ref.chainGradient(lg), true));
  await leavesInputAlone(t, mod, 'chainGradient', makeChain(t.seed('hygiene'), 12), ref.chainGradient);
  if (t.anyFailed) {
    const lg = DIAGNOSTIC.chain;
    const found = recogniseArray(await mod.call('chainGradient', [lg]), CHAIN_MISTAKES, (f) => f(lg));
    if (found) t.diagnose(found.diagnosis, found.hint);
    t.hint(text('hidden.01.suite.chainGradient.hint'));
  }
});

// ---- tanhRnnGradients ----

check(EXERCISE, 'tanh-rnn', async (t) => {
  const mod = t.module(MODULE);
  const cases: { name: string; c: TanhCase }[] = [
    ...[1, 5, 40].flatMap((T) => [
      { name: 'g', c: makeTanhCase(t.seed(`T=${T}`), T) },
      { name: 'g (h0 = 0)', c: makeTanhCase(t.seed(`T=${T}/zero`), T, { zeroState: true }) },
      { name: 'g (|a| ≈ 30)', c: makeTanhCase(t.seed(`T=${T}/saturated`), T, { scale: 30 }) },
    ]),
    { name: 'g (T = 0)', c: { p: { w: 1.2, u: 0.5, b: 0.1 }, xs: [], h0: 0.3 } },
    { name: 'g (T = 2000)', c: makeTanhCase(t.seed('long'), 2000) },
    // tanh(a) is exactly 1 in float64 once a > 19.1: the local derivative and every gradient behind it are exactly 0.
    { name: 'g (tanh = ±1)', c: { p: { w: 1, u: 1, b: 25 }, xs: [0.5, -0.2, 0.3, 0.1], h0: 0 } },
    { name: 'g (w = 0)', c: { p: { w: 0, u: 1, b: 0 }, xs: [0.5, -0.2, 0.3], h0: 0.5 } },
    { name: 'g (xs[1] = NaN)', c: { p: { w: 0.8, u: 1, b: 0 }, xs: [0.5, NaN, 0.3, 0.2], h0: 0 } },
  ];
  const gots = await mod.series(cases.map(({ c }) => ({ fn: 'tanhRnnGradients', args: [c.p, c.xs, c.h0] })));
  for (const [i, { name, c }] of cases.entries())
    t.case(sameArray(t, 'tanhRnnGradients', name, valueOf(gots[i]), ref.tanhRnnGradients(c.p, c.xs, c.h0)));
  if (t.anyFailed) {
    const { p, xs, h0 } = DIAGNOSTIC.tanh;
    const found = recogniseArray(await mod.call('tanhRnnGradients', [p, xs, h0]), TANH_MISTAKES, (f) => f(p, xs, h0));
    if (found) t.diagnose(found.diagnosis, found.hint);
    await blameChainIfWrong(t, mod, 'tanhRnnGradients');
    t.hint(text('hidden.01.suite.tanhRnn.hint'));
  }
});

// ---- cellStateGradients ----

check(EXERCISE, 'cell-state', async (t) => {
  const mod = t.module(MODULE);
  const gates: { name: string; f: number[] }[] = [
    ...[1, 10, 200].map((T) => ({ name: 'g', f: makeForgetGates(t.seed(`T=${T}`), T) })),
    { name: 'g (T = 0)', f: [] },
    { name: 'g (f ≈ 1, T = 5000)', f: makeForgetGates(t.seed('long'), 5000, 0.999, 1) },
    { name: 'g (f = 1)', f: new Array<number>(2000).fill(1) },
    {
      name: 'g (forget[6] = 0)',
      f: [...makeForgetGates(t.seed('zero/a'), 6), 0, ...makeForgetGates(t.seed('zero/b'), 6)],
    },
    { name: 'g (f = 0.9 × 8000)', f: new Array<number>(8000).fill(0.9) },
  ];
  const gots = await mod.series(gates.map(({ f }) => ({ fn: 'cellStateGradients', args: [f] })));
  for (const [i, { name, f }] of gates.entries())
    t.case(sameArray(t, 'cellStateGradients', name, valueOf(gots[i]), ref.cellStateGradients(f), true));
  await leavesInputAlone(t, mod, 'cellStateGradients', makeForgetGates(t.seed('hygiene'), 12), ref.cellStateGradients);
  if (t.anyFailed) {
    const f = DIAGNOSTIC.cell;
    const found = recogniseArray(await mod.call('cellStateGradients', [f]), CELL_MISTAKES, (m) => m(f));
    if (found) t.diagnose(found.diagnosis, found.hint);
    await blameChainIfWrong(t, mod, 'cellStateGradients');
    t.hint(text('hidden.01.suite.cellState.hint'));
  }
});

// ---- firstUnrepresentable ----

/** What to say when firstUnrepresentable never returns, by the kind of input it loops on. */
const ENDLESS: Record<'subnormal' | 'unit' | 'nan' | 'nearOne', Localized> = {
  subnormal: text('hidden.01.suite.firstUnrepresentable.endless.subnormal'),
  unit: text('hidden.01.suite.firstUnrepresentable.endless.unit'),
  nan: text('hidden.01.suite.firstUnrepresentable.endless.nan'),
  nearOne: text('hidden.01.suite.firstUnrepresentable.endless.nearOne'),
};

check(EXERCISE, 'first-unrepresentable', async (t) => {
  const mod = t.module(MODULE);
  const random = Array.from(Matrix.random(1, 6, t.seed('w')).data, Math.abs);
  // Inputs on which any loop ends, whatever its stopping rule: overflow, or a product that reaches exactly 0.
  const ending = [
    ...DIAGNOSTIC.firstUnrepresentable,
    0,
    -2,
    1.1,
    1e300,
    1e-200,
    1e-310, // itself subnormal: n = 1
    Infinity,
    1 + 5e-5, // about 14 million steps, within MAX_STEPS
    ...random.slice(0, 2).map((r) => 0.05 + 0.45 * r),
    ...random.slice(2, 4).map((r) => 1.05 + 20 * r),
  ];
  const gots = await mod.series(ending.map((w) => ({ fn: 'firstUnrepresentable', args: [w] })));
  for (const [i, w] of ending.entries()) {
    const got = valueOf(gots[i]);
    t.case(typeof got === 'number' && closeNumber(got, referenceSteps(w), 0, 0));
  }
  // Last: a wrong stopping rule loops forever on these. The series stops at the first failure, so after a timeout the
  // rest are not run and count as failed: one endless loop costs one time limit, not eight.
  const risky: { w: number; said: Localized }[] = [
    { w: 0.9, said: ENDLESS.subnormal },
    { w: -0.9, said: ENDLESS.subnormal },
    ...random.slice(4).map((r) => ({ w: 0.55 + 0.44 * r, said: ENDLESS.subnormal })),
    { w: NaN, said: ENDLESS.nan },
    { w: 1, said: ENDLESS.unit },
    { w: -1, said: ENDLESS.unit },
    { w: 1 - 3e-5, said: ENDLESS.nearOne },
    { w: 1 + 2 ** -52, said: ENDLESS.nearOne },
  ];
  let endless: Localized | null = null;
  const riskyGots = await mod.series(risky.map(({ w }) => ({ fn: 'firstUnrepresentable', args: [w] })));
  for (const [i, { w, said }] of risky.entries()) {
    const got = riskyGots[i];
    if (got instanceof StudentFailure && got.kind === 'timeout') endless ??= said;
    t.case(!endless && typeof valueOf(got) === 'number' && closeNumber(got as number, referenceSteps(w), 0, 0));
  }
  // After a time-out the harness fails every later call of the function at once, so recognition is skipped then.
  if (endless) t.diagnose(endless);
  else if (t.anyFailed) {
    const ws = DIAGNOSTIC.firstUnrepresentable;
    const got: unknown[] = [];
    for (const w of ws) got.push(await mod.call('firstUnrepresentable', [w]));
    const found = FIRST_UNREPRESENTABLE_MISTAKES.find((m) => ws.every((w, i) => got[i] === m.apply(w)));
    if (found) t.diagnose(found.diagnosis, found.hint);
    else if ((await mod.call('firstUnrepresentable', [NaN])) !== ref.firstUnrepresentable(NaN))
      t.diagnose(FIRST_UNREPRESENTABLE_NAN);
  }
  if (t.anyFailed) {
    t.hint(text('hidden.01.suite.firstUnrepresentable.hint'));
  }
});

// ---- runExperiment ----

const FAMILIES: Plot['families'] = [
  { id: 'linear', title: text('hidden.01.suite.experiment.family.linear') },
  { id: 'tanh', title: text('hidden.01.suite.experiment.family.tanh') },
  { id: 'cell', title: text('hidden.01.suite.experiment.family.cell') },
];

/** The untrusted points of a student's series, if they are [number, number] pairs. */
function pointsOf(value: unknown): [number, number][] | null {
  if (!Array.isArray(value) || value.length > MAX_LENGTH) return null;
  const ok = value.every(
    (p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number',
  );
  return ok ? (value as [number, number][]) : null;
}

/** The gradient a series plots, g[k] for k = 0..EXPERIMENT_STEPS, from the reference's functions. */
function referenceGradients(spec: ref.SeriesSpec): number[] {
  const T = ref.EXPERIMENT_STEPS;
  if (spec.family === 'linear') return ref.chainGradient(new Array<number>(T).fill(spec.w));
  if (spec.family === 'cell') return ref.cellStateGradients(new Array<number>(T).fill(spec.f));
  return ref.tanhRnnGradients(spec.p, ref.experimentInputs(T), 0);
}

function samePoints(a: [number, number][], b: [number, number][]): boolean {
  return a.length === b.length && a.every((p, i) => p[0] === b[i][0] && closeNumber(p[1], b[i][1]));
}

check(EXERCISE, 'experiment', async (t) => {
  const mod = t.module(MODULE);
  const got = await mod.call('runExperiment', []);
  const want = ref.runExperiment();
  const listed = field(got, 'series');
  const theirs = Array.isArray(listed) ? listed.slice(0, 100) : [];
  const plot: Plot = {
    id: 'experiment',
    // Short titles: the SVG is laid out with estimated text widths, and long ones widen and shrink the whole figure.
    title: text('hidden.01.suite.experiment.plot.title'),
    xTitle: text('hidden.01.suite.experiment.plot.x'),
    yTitle: text('hidden.01.suite.experiment.plot.y'),
    families: FAMILIES,
    series: [],
    yScale: 'log10',
  };
  const missing: string[] = [];
  const wrong: { spec: ref.SeriesSpec; points: [number, number][] | null; horizon: unknown }[] = [];
  for (const [i, expected] of want.series.entries()) {
    const spec = ref.EXPERIMENT_SERIES[i];
    const mine = theirs.find((s) => field(s, 'id') === expected.id);
    plot.series.push({ label: expected.label, family: expected.family, source: 'reference', points: expected.points });
    if (mine === undefined) {
      missing.push(expected.id);
      t.case(false);
      continue;
    }
    const points = pointsOf(field(mine, 'points'));
    const horizon = field(mine, 'horizon');
    if (points)
      plot.series.push({
        label: expected.label,
        family: expected.family,
        source: 'student',
        points: points.slice(0, 201),
      });
    const pointsOk = points !== null && samePoints(points, expected.points);
    const horizonOk = typeof horizon === 'number' && horizon === expected.horizon;
    const familyOk = field(mine, 'family') === expected.family;
    if (points && points.length === expected.points.length && points.every((p, k) => p[0] === expected.points[k][0])) {
      t.matrix(`log₁₀|g|, ${expected.id}`, row(points.map((p) => p[1])), row(expected.points.map((p) => p[1])));
    }
    if (!(pointsOk && horizonOk && familyOk)) wrong.push({ spec, points, horizon });
    t.case(pointsOk && horizonOk && familyOk);
  }
  t.plot(plot);
  if (!t.anyFailed) return;
  for (const m of SERIES_MISTAKES) {
    const all = wrong.every((w) => {
      const expected = m.apply(referenceGradients(w.spec));
      return w.points !== null && samePoints(w.points, expected.points) && w.horizon === expected.horizon;
    });
    if (wrong.length > 0 && all) t.diagnose(m.diagnosis, m.hint);
  }
  if (missing.length > 0) {
    t.diagnose(
      text('hidden.01.suite.experiment.missingSeries', {
        ids: missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : ''),
      }),
    );
  }
  const families = new Set(wrong.map((w) => w.spec.family));
  if (families.size === 1 && families.has('tanh')) {
    t.diagnose(text('hidden.01.suite.experiment.onlyTanhWrong'));
  }
  await blameChainIfWrong(t, mod, 'runExperiment');
  t.diagnose(text('hidden.01.suite.experiment.curvesDiffer'));
});
