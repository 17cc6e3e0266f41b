/**
 * Public checks for exercise 01. Run them with `npx gatelab check 01-vanishing-gradient`.
 * They compare your functions with the published examples in fixtures.json; when your work is
 * graded, the same checks run on new examples of the same kinds, plus hidden checks (the edges of
 * float64, long chains, saturation, firstUnrepresentable and the experiment).
 *
 * Открытые проверки упражнения 01. Запуск: `npx gatelab check 01-vanishing-gradient`.
 */
import { check, field, fill, publicCases, recognise, type Candidate, type CheckTools } from '../../grader/harness';
import type { Localized } from '../../grader/shared/results';
import { Matrix } from '../lib/matrix';

interface Examples {
  /** Each example also lists what typical mistakes give on it: a failure that matches one is named. */
  unroll: { name: string; w: number; y0: number; steps: number; y: number[]; mistakes: Candidate[] }[];
  chains: { name: string; localGrads: number[]; g: number[]; mistakes: Candidate[] }[];
  tanh: {
    name: string;
    p: { w: number; u: number; b: number };
    xs: number[];
    h0: number;
    g: number[];
    mistakes: Candidate[];
  }[];
  cell: { name: string; forget: number[]; g: number[]; mistakes: Candidate[] }[];
  firstUnrepresentable: { w: number; n: number }[];
  /** A sample of runExperiment's result: every series' id and family, and the first points and horizon of two. */
  experiment: {
    series: { id: string; family: string }[];
    samples: { id: string; firstPoints: [number, number][]; horizon: number }[];
  };
}

const EXERCISE = '01-vanishing-gradient';

const FUNCTION_HINTS: Record<string, Localized> = {
  unroll: {
    en: 'unroll: [y0, w·y0, …] with steps + 1 values, each the previous one times w.',
    ru: 'unroll: [y0, w·y0, …] — steps + 1 значение, каждое равно предыдущему, умноженному на w.',
  },
  chainGradient: {
    en: "chainGradient: g[0] = 1 and g[k] = g[k − 1]·localGrads[T − k], so the last step's derivative comes first.",
    ru: 'chainGradient: g[0] = 1 и g[k] = g[k − 1]·localGrads[T − k], поэтому производная последнего шага идёт первой.',
  },
  tanhRnnGradients: {
    en: 'tanhRnnGradients: run h_t = tanh(w·h_{t−1} + u·x_t + b) forward, keep each local derivative w·(1 − h_t²) with the new h_t, then multiply them backwards.',
    ru: 'tanhRnnGradients: прогоните h_t = tanh(w·h_{t−1} + u·x_t + b) вперёд, сохраните каждую локальную производную w·(1 − h_t²) с новым h_t и перемножьте их в обратном порядке.',
  },
  cellStateGradients: {
    en: 'cellStateGradients: the local derivatives are the forget gates themselves, multiplied from the last one back.',
    ru: 'cellStateGradients: локальные производные — это сами вентили забывания, перемножаемые от последнего к первому.',
  },
};
const examples = publicCases<Examples>(__dirname);

/**
 * Your array against the expected one, compared as 1×n rows: in the report, column k of a difference is index k
 * of the array. An answer that is not an array of numbers is named as such. Example #i is the i-th of its
 * function in fixtures.json.
 */
function sameArray(
  t: CheckTools,
  fn: string,
  quantity: string,
  actual: unknown,
  expected: number[],
  mistakes: Candidate[] = [],
): boolean {
  const got = actual instanceof Float64Array ? Array.from(actual) : actual;
  if (!Array.isArray(got) || !got.every((v) => typeof v === 'number')) {
    t.diagnose(
      fill(
        {
          en: '{fn} should return an array of numbers (number[]).',
          ru: '{fn} должна возвращать массив чисел (number[]).',
        },
        { fn },
      ),
    );
    return false;
  }
  const row = (values: number[]) => new Matrix(1, values.length, Float64Array.from(values));
  const ok = t.matrix(quantity, row(got), row(expected));
  const found = ok ? null : recognise({ value: row(got) }, mistakes);
  if (found) t.diagnose(found.diagnosis, found.hint);
  // The first hint is about the first function that fails, never about one that passes.
  if (!ok && FUNCTION_HINTS[fn]) t.hint(FUNCTION_HINTS[fn]);
  return ok;
}

check(
  EXERCISE,
  'public-chains',
  async (t) => {
    const mod = t.module('vanishing');
    for (const [i, e] of examples.unroll.entries()) {
      t.case(
        sameArray(t, 'unroll', `unroll #${i + 1}`, await mod.call('unroll', [e.w, e.y0, e.steps]), e.y, e.mistakes),
      );
    }
    for (const [i, e] of examples.chains.entries()) {
      t.case(
        sameArray(
          t,
          'chainGradient',
          `chainGradient #${i + 1}`,
          await mod.call('chainGradient', [e.localGrads]),
          e.g,
          e.mistakes,
        ),
      );
    }
  },
  {
    hint: {
      en: "unroll: [y0, w·y0, …] with steps + 1 values, each the previous one times w. chainGradient: g[0] = 1 and g[k] = g[k − 1]·localGrads[T − k], so the last step's derivative comes first.",
      ru: 'unroll: [y0, w·y0, …] — steps + 1 значение, каждое равно предыдущему, умноженному на w. chainGradient: g[0] = 1 и g[k] = g[k − 1]·localGrads[T − k], поэтому производная последнего шага идёт первой.',
    },
  },
);

check(
  EXERCISE,
  'public-rnn',
  async (t) => {
    const mod = t.module('vanishing');
    for (const [i, e] of examples.tanh.entries()) {
      t.case(
        sameArray(
          t,
          'tanhRnnGradients',
          `tanhRnnGradients #${i + 1}`,
          await mod.call('tanhRnnGradients', [e.p, e.xs, e.h0]),
          e.g,
          e.mistakes,
        ),
      );
    }
    for (const [i, e] of examples.cell.entries()) {
      t.case(
        sameArray(
          t,
          'cellStateGradients',
          `cellStateGradients #${i + 1}`,
          await mod.call('cellStateGradients', [e.forget]),
          e.g,
          e.mistakes,
        ),
      );
    }
  },
  {
    hint: {
      en: 'tanhRnnGradients: run h_t = tanh(w·h_{t−1} + u·x_t + b) forward, keep each local derivative w·(1 − h_t²) with the new h_t, then multiply them backwards. cellStateGradients: the local derivatives are the forget gates themselves.',
      ru: 'tanhRnnGradients: прогоните h_t = tanh(w·h_{t−1} + u·x_t + b) вперёд, сохраните каждую локальную производную w·(1 − h_t²) с новым h_t и перемножьте их в обратном порядке. cellStateGradients: локальные производные — это сами вентили забывания.',
    },
  },
);

/** runExperiment's result against the published sample: the series in order, then two series' first points and horizon. */
function experimentMatches(t: CheckTools, got: unknown): boolean {
  const series = field(got, 'series');
  const list = Array.isArray(series) ? series : [];
  const ids = list.map((s) => `${String(field(s, 'id'))}/${String(field(s, 'family'))}`);
  const want = examples.experiment.series.map((s) => `${s.id}/${s.family}`);
  if (ids.join(',') !== want.join(',')) {
    t.diagnose(
      fill(
        {
          en: 'runExperiment should return { series } with these series in this order: {ids}.',
          ru: 'runExperiment должна возвращать { series } с такими рядами в таком порядке: {ids}.',
        },
        { ids: want.join(', ') },
      ),
    );
    return false;
  }
  let ok = true;
  for (const sample of examples.experiment.samples) {
    const mine = list.find((s) => field(s, 'id') === sample.id);
    const points = field(mine, 'points');
    const first = Array.isArray(points)
      ? points.slice(0, sample.firstPoints.length).map((p) => (Array.isArray(p) ? p[1] : NaN))
      : [];
    ok =
      sameArray(
        t,
        'runExperiment',
        `runExperiment ${sample.id} points`,
        first,
        sample.firstPoints.map((p) => p[1]),
      ) && ok;
    ok = t.number(`runExperiment ${sample.id} horizon`, field(mine, 'horizon'), sample.horizon) && ok;
  }
  return ok;
}

check(
  EXERCISE,
  'public-edges',
  async (t) => {
    const mod = t.module('vanishing');
    for (const e of examples.firstUnrepresentable)
      t.case(t.number(`firstUnrepresentable(${e.w})`, await mod.call('firstUnrepresentable', [e.w]), e.n));
    t.case(experimentMatches(t, await mod.call('runExperiment', [])));
  },
  {
    hint: {
      en: 'firstUnrepresentable: multiply 1 by w until the value is 0, subnormal (below 2^−1022) or infinite, and decide |w| = 1 (and |w| > 1 after enough steps) without looping forever. runExperiment: one series per entry of EXPERIMENT_SERIES, each the log10 of |g[k]| while it is a normal number.',
      ru: 'firstUnrepresentable: умножайте 1 на w, пока значение не станет 0, субнормальным (меньше 2^−1022) или бесконечным, а случай |w| = 1 решите без бесконечного цикла. runExperiment: по одному ряду на каждый элемент EXPERIMENT_SERIES, каждый — log10 от |g[k]|, пока это нормальное число.',
    },
  },
);
