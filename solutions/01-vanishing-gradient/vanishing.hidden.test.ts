/**
 * Hidden suite of exercise 01 (teacher-only). Random cases are drawn from the student's seed; the edge cases are the
 * float64 facts the statement teaches (2^1000 fits and 2^1024 does not, 0.5^1075 is 0, 0.9's product sticks among
 * the subnormals), where only the recurrence computed step by step gives the right bits. The reference computes the
 * expected values here, in the trusted process; the student's code runs in the sandbox.
 */
import { Matrix } from '../lib/matrix';
import { check, closeNumber, field, fill, StudentFailure, type CheckTools, type Plot, type StudentModule } from '../../grader/harness';
import * as ref from './vanishing';
import { DIAGNOSTIC, makeChain, makeForgetGates, makeTanhCase, makeUnrollCase, type TanhCase, type UnrollCase } from './cases';
import {
  CELL_MISTAKES,
  CHAIN_MISTAKES,
  FIRST_UNREPRESENTABLE_MISTAKES,
  FIRST_UNREPRESENTABLE_NAN,
  SERIES_MISTAKES,
  TANH_MISTAKES,
  UNROLL_MISTAKES,
  type Localized,
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

const NOT_AN_ARRAY: Localized = {
  en: '{fn} should return an array of numbers (number[]); it returned something else.',
  ru: '{fn} должна возвращать массив чисел (number[]), а вернула что-то другое.',
};

/**
 * Compares an untrusted array with the expected one as 1×n rows (the diff's column is the index k). With `exact`,
 * log₂|·| is compared too, so results that differ only among the subnormals or by underflow still differ.
 */
function sameArray(t: CheckTools, fn: string, quantity: string, actual: unknown, expected: number[], exact = false): boolean {
  const got = numbers(actual);
  if (!got) {
    t.diagnose(fill(NOT_AN_ARRAY, { fn }));
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
async function leavesInputAlone(t: CheckTools, mod: StudentModule, fn: string, input: number[], reference: (input: number[]) => number[]): Promise<boolean> {
  const out = await mod.call(fn, [input], { returnArgs: true });
  const want = reference([...input]);
  const got = numbers(field(out, '$result'));
  const right = got !== null && got.length === want.length && got.every((v, i) => closeNumber(v, want[i]) && closeNumber(Math.log2(Math.abs(v)), Math.log2(Math.abs(want[i]))));
  const after = numbers(field(field(out, '$args'), '0'));
  const intact = after !== null && after.length === input.length && after.every((v, i) => Object.is(v, input[i]));
  if (!intact) {
    t.diagnose(
      fill(
        {
          en: '{fn} changed the array it was given (reversed or overwrote it). The caller still needs it: read it, build a new array for the result.',
          ru: '{fn} изменила переданный ей массив (развернула или перезаписала). Он ещё нужен вызывающему коду: читайте его, а результат собирайте в новый массив.',
        },
        { fn },
      ),
    );
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
  t.diagnose(
    fill(
      {
        en: '{fn} is wrong, and so is your chainGradient. If {fn} multiplies its chain with chainGradient (as it should), fix chainGradient first (see its check); this check may then pass by itself.',
        ru: '{fn} неверна, и ваша chainGradient тоже. Если {fn} перемножает цепочку через chainGradient (как и следует), сначала исправьте chainGradient (см. её проверку); возможно, после этого и эта проверка пройдёт.',
      },
      { fn },
    ),
  );
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
  for (const { name, c } of all) {
    const got = await mod.call('unroll', [c.w, c.y0, c.steps]);
    t.case(sameArray(t, 'unroll', name, got, ref.unroll(c.w, c.y0, c.steps), true));
  }
  if (t.anyFailed) {
    const { w, y0, steps } = DIAGNOSTIC.unroll;
    const found = recogniseArray(await mod.call('unroll', [w, y0, steps]), UNROLL_MISTAKES, (f) => f(w, y0, steps));
    if (found) t.diagnose(found.diagnosis, found.hint);
    t.hint({
      en: 'Start the array with y0 and push the previous value times w, steps times. Do not shortcut with Math.pow: the check compares every bit, down to the subnormals.',
      ru: 'Начните массив с y0 и steps раз добавляйте предыдущее значение, умноженное на w. Не сокращайте путь через Math.pow: проверка сравнивает все биты, вплоть до субнормальных чисел.',
    });
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
  for (const { name, lg } of chains) {
    const got = await mod.call('chainGradient', [lg]);
    t.case(sameArray(t, 'chainGradient', name, got, ref.chainGradient(lg), true));
  }
  await leavesInputAlone(t, mod, 'chainGradient', makeChain(t.seed('hygiene'), 12), ref.chainGradient);
  if (t.anyFailed) {
    const lg = DIAGNOSTIC.chain;
    const found = recogniseArray(await mod.call('chainGradient', [lg]), CHAIN_MISTAKES, (f) => f(lg));
    if (found) t.diagnose(found.diagnosis, found.hint);
    t.hint({
      en: 'g[0] = 1; then for k = 1..T: g[k] = g[k − 1]·localGrads[T − k]. The result has T + 1 values.',
      ru: 'g[0] = 1; затем для k = 1..T: g[k] = g[k − 1]·localGrads[T − k]. В результате T + 1 значение.',
    });
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
  for (const { name, c } of cases) {
    const got = await mod.call('tanhRnnGradients', [c.p, c.xs, c.h0]);
    t.case(sameArray(t, 'tanhRnnGradients', name, got, ref.tanhRnnGradients(c.p, c.xs, c.h0)));
  }
  if (t.anyFailed) {
    const { p, xs, h0 } = DIAGNOSTIC.tanh;
    const found = recogniseArray(await mod.call('tanhRnnGradients', [p, xs, h0]), TANH_MISTAKES, (f) => f(p, xs, h0));
    if (found) t.diagnose(found.diagnosis, found.hint);
    await blameChainIfWrong(t, mod, 'tanhRnnGradients');
    t.hint({
      en: 'Run the neuron forward, keeping every local derivative w·(1 − h_t²) with the new h_t, then multiply them backwards with chainGradient.',
      ru: 'Прогоните нейрон вперёд, сохраняя каждую локальную производную w·(1 − h_t²) с новым h_t, а затем перемножьте их в обратном порядке через chainGradient.',
    });
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
    { name: 'g (forget[6] = 0)', f: [...makeForgetGates(t.seed('zero/a'), 6), 0, ...makeForgetGates(t.seed('zero/b'), 6)] },
    { name: 'g (f = 0.9 × 8000)', f: new Array<number>(8000).fill(0.9) },
  ];
  for (const { name, f } of gates) {
    const got = await mod.call('cellStateGradients', [f]);
    t.case(sameArray(t, 'cellStateGradients', name, got, ref.cellStateGradients(f), true));
  }
  await leavesInputAlone(t, mod, 'cellStateGradients', makeForgetGates(t.seed('hygiene'), 12), ref.cellStateGradients);
  if (t.anyFailed) {
    const f = DIAGNOSTIC.cell;
    const found = recogniseArray(await mod.call('cellStateGradients', [f]), CELL_MISTAKES, (m) => m(f));
    if (found) t.diagnose(found.diagnosis, found.hint);
    await blameChainIfWrong(t, mod, 'cellStateGradients');
    t.hint({
      en: 'Along the cell state the local derivative of step t is the forget gate f_t itself: this is chainGradient of the gates.',
      ru: 'Вдоль состояния ячейки локальная производная шага t — сам вентиль забывания f_t: это chainGradient от вентилей.',
    });
  }
});

// ---- firstUnrepresentable ----

/** What to say when firstUnrepresentable never returns, by the kind of input it loops on. */
const ENDLESS: Record<'subnormal' | 'unit' | 'nan' | 'nearOne', Localized> = {
  subnormal: {
    en: 'firstUnrepresentable did not finish for a w between 0.5 and 1 in size (such as 0.9): the product never reaches 0, it sticks among the subnormals (a few multiples of 2^−1074, where multiplying by w rounds back to the same value). Stop at the first value below 2^−1022, not at 0.',
    ru: 'firstUnrepresentable не завершилась для w, по модулю между 0.5 и 1 (например, 0.9): произведение никогда не доходит до 0, оно застревает среди субнормальных чисел (несколько единиц 2^−1074, где умножение на w округляется обратно к тому же значению). Останавливайтесь на первом значении меньше 2^−1022, а не на 0.',
  },
  unit: {
    en: 'firstUnrepresentable did not finish for |w| = 1: 1·w·w·… stays ±1 forever. Decide |w| = 1 before the loop (the answer is Infinity), and bound the loop by MAX_STEPS.',
    ru: 'firstUnrepresentable не завершилась при |w| = 1: 1·w·w·… навсегда остаётся ±1. Решите случай |w| = 1 до цикла (ответ — Infinity) и ограничьте цикл числом MAX_STEPS.',
  },
  nan: {
    en: 'firstUnrepresentable did not finish for w = NaN: every comparison with NaN is false, so a loop "while not (too large or too small)" never ends. Test "is it normal", |v| ≥ 2^−1022 and |v| ≤ Number.MAX_VALUE, which NaN fails.',
    ru: 'firstUnrepresentable не завершилась при w = NaN: любое сравнение с NaN ложно, поэтому цикл «пока не (слишком большое или слишком маленькое)» не заканчивается. Проверяйте «число нормальное»: |v| ≥ 2^−1022 и |v| ≤ Number.MAX_VALUE — NaN этого не проходит.',
  },
  nearOne: {
    en: 'firstUnrepresentable did not finish for a w very close to 1, where the exact count runs into the billions and beyond. Stop after MAX_STEPS multiplications and return Infinity, as the statement says.',
    ru: 'firstUnrepresentable не завершилась для w, очень близкого к 1, где точный счёт уходит за миллиарды. Остановитесь после MAX_STEPS умножений и верните Infinity, как сказано в условии.',
  },
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
  for (const w of ending) {
    const got = await mod.call('firstUnrepresentable', [w]);
    t.case(typeof got === 'number' && closeNumber(got, ref.firstUnrepresentable(w), 0, 0));
  }
  // Last, and one at a time: a wrong stopping rule loops forever on these. After the first timeout the rest count as
  // failed, so one endless loop costs one time limit, not eight.
  const risky: { w: number; text: Localized }[] = [
    { w: 0.9, text: ENDLESS.subnormal },
    { w: -0.9, text: ENDLESS.subnormal },
    ...random.slice(4).map((r) => ({ w: 0.55 + 0.44 * r, text: ENDLESS.subnormal })),
    { w: NaN, text: ENDLESS.nan },
    { w: 1, text: ENDLESS.unit },
    { w: -1, text: ENDLESS.unit },
    { w: 1 - 3e-5, text: ENDLESS.nearOne },
    { w: 1 + 2 ** -52, text: ENDLESS.nearOne },
  ];
  let endless: Localized | null = null;
  for (const { w, text } of risky) {
    if (endless) {
      t.case(false);
      continue;
    }
    try {
      const got = await mod.call('firstUnrepresentable', [w]);
      t.case(typeof got === 'number' && closeNumber(got, ref.firstUnrepresentable(w), 0, 0));
    } catch (err) {
      if (!(err instanceof StudentFailure) || err.kind !== 'timeout') throw err;
      endless = text;
      t.case(false);
    }
  }
  // After a time-out the harness fails every later call of the function at once, so recognition is skipped then.
  if (endless) t.diagnose(endless);
  else if (t.anyFailed) {
    const ws = DIAGNOSTIC.firstUnrepresentable;
    const got: unknown[] = [];
    for (const w of ws) got.push(await mod.call('firstUnrepresentable', [w]));
    const found = FIRST_UNREPRESENTABLE_MISTAKES.find((m) => ws.every((w, i) => got[i] === m.apply(w)));
    if (found) t.diagnose(found.diagnosis, found.hint);
    else if ((await mod.call('firstUnrepresentable', [NaN])) !== ref.firstUnrepresentable(NaN)) t.diagnose(FIRST_UNREPRESENTABLE_NAN);
  }
  if (t.anyFailed) {
    t.hint({
      en: 'Multiply v = 1 by w again and again, counting; stop at the first n where v is no longer normal: v = 0, |v| < 2^−1022 (MIN_NORMAL), |v| > Number.MAX_VALUE, or NaN. |w| = 1 is Infinity at once, and after MAX_STEPS steps the answer is Infinity too.',
      ru: 'Умножайте v = 1 на w снова и снова, считая шаги; остановитесь на первом n, при котором v уже не нормальное: v = 0, |v| < 2^−1022 (MIN_NORMAL), |v| > Number.MAX_VALUE или NaN. При |w| = 1 сразу Infinity, и после MAX_STEPS шагов ответ тоже Infinity.',
    });
  }
});

// ---- runExperiment ----

const FAMILIES: Plot['families'] = [
  { id: 'linear', title: { en: 'Linear: yₜ = w·yₜ₋₁', ru: 'Линейный: yₜ = w·yₜ₋₁' } },
  { id: 'tanh', title: { en: 'tanh: hₜ = tanh(w·hₜ₋₁ + u·xₜ + b)', ru: 'tanh: hₜ = tanh(w·hₜ₋₁ + u·xₜ + b)' } },
  { id: 'cell', title: { en: 'Cell state: Cₜ = f·Cₜ₋₁ + …', ru: 'Состояние ячейки: Cₜ = f·Cₜ₋₁ + …' } },
];

/** The untrusted points of a student's series, if they are [number, number] pairs. */
function pointsOf(value: unknown): [number, number][] | null {
  if (!Array.isArray(value) || value.length > MAX_LENGTH) return null;
  const ok = value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number');
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
    title: { en: 'How far back the gradient reaches (s is y, h or C)', ru: 'Как далеко назад доходит градиент (s — это y, h или C)' },
    xTitle: { en: 'distance k (steps back)', ru: 'расстояние k (шагов назад)' },
    yTitle: { en: 'log₁₀ |∂sₜ / ∂sₜ₋ₖ|', ru: 'log₁₀ |∂sₜ / ∂sₜ₋ₖ|' },
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
    if (points) plot.series.push({ label: expected.label, family: expected.family, source: 'student', points: points.slice(0, 201) });
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
      fill(
        {
          en: 'runExperiment has no series with the ids {ids}. Make one series per entry of EXPERIMENT_SERIES and copy its id, family and label.',
          ru: 'В результате runExperiment нет серий с id {ids}. Сделайте по одной серии на каждый элемент EXPERIMENT_SERIES и скопируйте его id, family и label.',
        },
        { ids: missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '') },
      ),
    );
  }
  const families = new Set(wrong.map((w) => w.spec.family));
  if (families.size === 1 && families.has('tanh')) {
    t.diagnose({
      en: 'Your linear and cell-state curves are right; the tanh ones are not. Only in the tanh neuron do the local derivatives w·(1 − h_t²) change from step to step, so look at tanhRnnGradients and at the order in which chainGradient multiplies (see those checks and the plot).',
      ru: 'Ваши кривые для линейного нейрона и состояния ячейки верны, а для tanh — нет. Только у tanh-нейрона локальные производные w·(1 − h_t²) меняются от шага к шагу, поэтому проверьте tanhRnnGradients и порядок умножения в chainGradient (см. эти проверки и график).',
    });
  }
  await blameChainIfWrong(t, mod, 'runExperiment');
  t.diagnose({
    en: 'Some curves of runExperiment differ from the reference (see the plot and the table). Each series plots log10|g[k]| for k = 0, 1, … while g[k] is a normal float64, and its horizon is the largest k with |g[k]| ≥ 10⁻³.',
    ru: 'Некоторые кривые runExperiment отличаются от эталона (см. график и таблицу). Каждая серия — это log10|g[k]| для k = 0, 1, …, пока g[k] — нормальное число float64, а её горизонт — наибольшее k, при котором |g[k]| ≥ 10⁻³.',
  });
});
