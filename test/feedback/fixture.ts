/**
 * A realistic results.json for one student: exercise 01 fully passed, exercise 03 with a partial
 * forward check and a failed hidden backward check (diagnosis, hint, diffs), a tampered-file note,
 * one day late with a penalty, and a free-text answer that tries to inject a script.
 *
 * Points (milli): 01 = 3000 + 4000 + 8000 = 15000 of 15000; 03 = 8333 (2 of 3 cases of 12500) + 0
 * of 25000; raw 23333 of 40000; penalty 2333; final 21000.
 *
 * makeResultsWithPlot() adds exercise 01's plot (makePlot) for the plot tests; makeResults() has none, so the
 * other report tests see exactly the two report files.
 */
import type { CheckResult, Plot, PlotSeries, Results, TestEntry } from '../../grader/shared/results';

export const DIAGNOSIS = {
  en: 'The forget gate is correct; the output gate is not: you apply tanh to c after multiplying by o, expected h = o ⊙ tanh(c).',
  ru: 'Вентиль забывания верен, а выходной — нет: вы применяете tanh к c после умножения на o, ожидалось h = o ⊙ tanh(c).',
};

export const HINT = {
  en: 'Compute tanh(c) first, then multiply elementwise by o.',
  ru: 'Сначала вычислите tanh(c), затем поэлементно умножьте на o.',
};

export const HOSTILE_ANSWER =
  'The forget gate keeps f close to 1 <script>alert(1)</script> & so the gradient survives.';

function entry(number: string, check: CheckResult): TestEntry {
  return {
    score: check.score_milli / 1000,
    max_score: check.max_milli / 1000,
    status: check.outcome === 'passed' ? 'passed' : 'failed',
    name: `${check.exercise} › ${check.title.en}`,
    number,
    output: '',
    tags: [check.exercise, check.hidden ? 'hidden' : 'public'],
    visibility: 'visible',
    extra_data: { gradescope_note: 'anything goes here', nested: { ok: true } },
    gatelab: check,
  };
}

export function makeResults(): Results {
  const checks: CheckResult[] = [
    {
      id: 'unroll',
      exercise: '01-vanishing-gradient',
      hidden: false,
      score_milli: 3000,
      max_milli: 3000,
      outcome: 'passed',
      title: { en: 'unroll repeats the multiplication', ru: 'unroll повторяет умножение' },
      diffs: [],
      duration_ms: 12,
    },
    {
      id: 'chain-gradient',
      exercise: '01-vanishing-gradient',
      hidden: true,
      score_milli: 4000,
      max_milli: 4000,
      outcome: 'passed',
      title: { en: 'chainGradient multiplies local gradients', ru: 'chainGradient перемножает локальные градиенты' },
      diffs: [],
      duration_ms: 8,
    },
    {
      id: 'first-unrepresentable',
      exercise: '01-vanishing-gradient',
      hidden: false,
      score_milli: 8000,
      max_milli: 8000,
      outcome: 'passed',
      title: {
        en: 'firstUnrepresentable finds overflow and underflow',
        ru: 'firstUnrepresentable находит переполнение и исчезновение',
      },
      diffs: [],
      duration_ms: 3,
    },
    {
      id: 'forward-values',
      exercise: '03-lstm-cell',
      hidden: false,
      score_milli: 8333,
      max_milli: 12500,
      outcome: 'partial',
      title: { en: 'lstmStep forward values', ru: 'Значения прямого прохода lstmStep' },
      diagnosis: {
        en: 'Correct for N = 1 but not for a batch of 4: check the bias broadcast over rows.',
        ru: 'Верно при N = 1, но не для пакета из 4 примеров: проверьте, как смещение распространяется по строкам.',
      },
      cases: { passed: 2, total: 3 },
      diffs: [
        {
          quantity: 'h',
          expectedShape: [4, 3],
          actualShape: [4, 3],
          maxAbsError: 1.2345e-5,
          maxRelError: 0.000456,
          worstIndex: [2, 1],
          mismatches: 3,
          total: 12,
          nanCount: 0,
          infCount: 0,
        },
      ],
      duration_ms: 40,
    },
    {
      id: 'backward-gradients',
      exercise: '03-lstm-cell',
      hidden: true,
      score_milli: 0,
      max_milli: 12500,
      outcome: 'failed',
      title: {
        en: 'lstmStepBackward gradients match the reference',
        ru: 'Градиенты lstmStepBackward совпадают с эталоном',
      },
      diagnosis: DIAGNOSIS,
      hint: HINT,
      cases: { passed: 0, total: 5 },
      diffs: [
        {
          quantity: 'dWh',
          expectedShape: [3, 12],
          actualShape: [3, 12],
          maxAbsError: 0.0123456,
          maxRelError: 0.87654,
          worstIndex: [1, 5],
          mismatches: 6,
          total: 36,
          nanCount: 2,
          infCount: 1,
        },
        {
          quantity: 'dhPrev (finite differences)',
          expectedShape: [4, 3],
          actualShape: [3, 4],
          maxAbsError: null,
          maxRelError: null,
          worstIndex: null,
          mismatches: 12,
          total: 12,
          nanCount: 0,
          infCount: 0,
        },
      ],
      duration_ms: 230,
    },
  ];
  return {
    score: 21,
    execution_time: 4.2,
    output: 'Graded 5 checks.',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: checks.map((check, i) => entry(String(i + 1), check)),
    leaderboard: [],
    schema_version: 1,
    student: 'ivan-petrov',
    lang: 'ru',
    submission: {
      commit: '3f2a9c1d0b7e4a5f6c8d9e0f1a2b3c4d5e6f7a8b',
      time: '2025-05-21T10:15:00Z',
      late_days: 1,
      penalty_milli: 2333,
    },
    kit_version: '0.1.0',
    seed: 'a1b2c3d4',
    graded_at: '2025-05-22T08:00:00.000Z',
    raw_milli: 23333,
    final_milli: 21000,
    max_milli: 40000,
    exercises: [
      {
        id: '01-vanishing-gradient',
        title: { en: '01 · Vanishing and exploding gradients', ru: '01 · Затухающие и взрывающиеся градиенты' },
        score_milli: 15000,
        max_milli: 15000,
        answers: [
          {
            question: {
              en: 'Why does the gated path keep the gradient?',
              ru: 'Почему путь через вентиль сохраняет градиент?',
            },
            text: HOSTILE_ANSWER,
          },
        ],
      },
      {
        id: '03-lstm-cell',
        title: { en: '03 · The LSTM cell', ru: '03 · Ячейка LSTM' },
        score_milli: 8333,
        max_milli: 25000,
      },
    ],
    integrity: [
      {
        kind: 'tampered',
        file: 'exercises/lib/matrix.ts',
        line: 42,
        message: {
          en: 'This file differs from the kit; the original was restored for grading.',
          ru: 'Этот файл отличается от комплекта; для проверки восстановлен исходный.',
        },
      },
    ],
    timings: { restore: 3, compile: 420, run: 3100, score: 2 },
  };
}

/** A label that tries to break out of the SVG's text: it must come out escaped. */
export const HOSTILE_LABEL = 'w = 9 <script>alert(1)</script> http://evil.example';

/**
 * A plot like exercise 01's: three families, the reference's curves and the student's (one of them off), plus a
 * hostile label. Curves are log10|w^k| = k·log10|w| for k = 0..200.
 */
export function makePlot(): Plot {
  const line = (label: string, family: string, source: PlotSeries['source'], slope: number): PlotSeries => ({
    label,
    family,
    source,
    points: Array.from({ length: 201 }, (_, k): [number, number] => [k, k * slope]),
  });
  const curves: [string, string, number][] = [
    ['w = 0.5', 'linear', Math.log10(0.5)],
    ['w = 2.0', 'linear', Math.log10(2)],
    ['w = 1.5, u = 0.5, b = 0', 'tanh', -0.3],
    ['f = 0.99', 'cell', Math.log10(0.99)],
    [HOSTILE_LABEL, 'cell', -0.05],
  ];
  return {
    id: 'experiment',
    title: { en: 'How far back the gradient reaches', ru: 'Как далеко назад доходит градиент' },
    xTitle: { en: 'distance k (steps back)', ru: 'расстояние k (шагов назад)' },
    yTitle: { en: 'log₁₀ |gradient|', ru: 'log₁₀ |градиента|' },
    families: [
      { id: 'linear', title: { en: 'Linear', ru: 'Линейный' } },
      { id: 'tanh', title: { en: 'tanh', ru: 'tanh' } },
      { id: 'cell', title: { en: 'Cell state', ru: 'Состояние ячейки' } },
    ],
    series: [
      ...curves.map(([label, family, slope]) => line(label, family, 'reference', slope)),
      // The student's tanh curve falls more slowly: the plot must show the difference.
      ...curves.map(([label, family, slope]) => line(label, family, 'student', family === 'tanh' ? slope / 2 : slope)),
    ],
    yScale: 'log10',
  };
}

/** makeResults() with makePlot() on exercise 01. */
export function makeResultsWithPlot(): Results {
  const results = makeResults();
  results.exercises[0].plots = [makePlot()];
  return results;
}
