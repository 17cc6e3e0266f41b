/**
 * 01 · Vanishing and exploding gradients.
 *
 * A plain recurrent neuron y_t = w·y_{t−1} gives y_T = w^k·y_{T−k}, and backpropagation multiplies the same way:
 * ∂y_T/∂y_{T−k} is a product of k local derivatives. With |w| > 1 the product explodes, with |w| < 1 it vanishes;
 * float64 then turns it into Infinity or 0. Here you compute such products exactly as a computer does, step by step,
 * for a linear neuron, a tanh neuron and an LSTM's cell state, and gather the curves for the report's plot.
 *
 * Every function takes and returns plain numbers and arrays (number[]), never changes its arguments, and does no
 * shortcut: repeated multiplication, not Math.pow, because the point is what float64 does at every step.
 */

/** The smallest positive normal float64, 2^−1022. Below it come the subnormals, whose precision shrinks to 0. */
export const MIN_NORMAL = 2 ** -1022;

/**
 * firstUnrepresentable stops after this many multiplications and answers Infinity. Only |w| within about 4·10⁻⁵ of 1
 * get that far; their exact count could take up to ~3·10^18 multiplications, and for any sequence you will ever train
 * on, "more than 16.7 million steps" means "never".
 */
export const MAX_STEPS = 2 ** 24;

/** A gradient at least this large still carries a usable signal: it defines a series' memory horizon. */
export const HORIZON_THRESHOLD = 1e-3;

/** The distances k = 0..EXPERIMENT_STEPS the experiment looks back over. */
export const EXPERIMENT_STEPS = 200;

/** A scalar tanh RNN: h_t = tanh(w·h_{t−1} + u·x_t + b). */
export interface TanhRnnParams {
  w: number; // recurrent weight
  u: number; // input weight
  b: number; // bias
}

export type Family = 'linear' | 'tanh' | 'cell';

/** One curve of the experiment, as it is described before it is computed. */
export type SeriesSpec =
  | { id: string; family: 'linear'; label: string; w: number }
  | { id: string; family: 'tanh'; label: string; p: TanhRnnParams }
  | { id: string; family: 'cell'; label: string; f: number };

/**
 * The experiment's curves, fixed: the grader compares yours with the reference's by `id`. A linear neuron with
 * weight w; a tanh neuron driven by experimentInputs(); a cell state whose forget gate is f at every step.
 */
export const EXPERIMENT_SERIES: readonly SeriesSpec[] = [
  ...[0.5, 0.9, 1.0, 1.1, 2.0].map((w): SeriesSpec => ({
    id: `linear-${w.toFixed(1)}`,
    family: 'linear',
    label: `w = ${w.toFixed(1)}`,
    w,
  })),
  ...[
    { w: 0.9, u: 0.5, b: 0 },
    { w: 1.5, u: 0.5, b: 0 },
    { w: 2, u: 1, b: 0 },
  ].map((p, i): SeriesSpec => ({
    id: `tanh-${i + 1}`,
    family: 'tanh',
    label: `w = ${p.w}, u = ${p.u}, b = ${p.b}`,
    p,
  })),
  ...[0.5, 0.9, 0.99, 0.999].map((f): SeriesSpec => ({ id: `cell-${f}`, family: 'cell', label: `f = ${f}`, f })),
];

/**
 * The tanh neuron's input in the experiment: a wave that grows louder, x_t = (t/T)·sin(t/5) for t = 1..T. Early
 * steps are quiet and late ones saturate tanh, so the local derivatives change along the sequence.
 */
export function experimentInputs(steps: number = EXPERIMENT_STEPS): number[] {
  return Array.from({ length: steps }, (_, i) => ((i + 1) / steps) * Math.sin((i + 1) / 5));
}

/** One curve of the result: log10|g[k]| against k, and its memory horizon. */
export interface ExperimentSeries {
  id: string;
  family: Family;
  label: string;
  /** [k, log10|g[k]|] for k = 0, 1, … while g[k] is a normal float64 (the curve stops at the first that is not). */
  points: [number, number][];
  /** The largest k ≤ EXPERIMENT_STEPS with |g[k]| ≥ HORIZON_THRESHOLD. */
  horizon: number;
}

/** Plain data, so it can leave the sandbox and be drawn in your report. */
export interface ExperimentResult {
  series: ExperimentSeries[];
}

/** [y0, w·y0, w·(w·y0), …]: steps + 1 values, each the previous one times w, exactly as float64 computes it. */
export function unroll(w: number, y0: number, steps: number): number[] {
  // TODO: write unroll (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 01-vanishing-gradient: unroll is not implemented yet. Remove this line and write it (see README.md). / Упражнение 01-vanishing-gradient: unroll ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Backpropagation along a chain y_0 → y_1 → … → y_T whose step t has the local derivative localGrads[t − 1] =
 * ∂y_t/∂y_{t−1}. Returns g with g[k] = ∂y_T/∂y_{T−k} for k = 0..T: g[0] = 1, g[k] = g[k−1]·localGrads[T−k].
 */
export function chainGradient(localGrads: number[]): number[] {
  // TODO: write chainGradient (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 01-vanishing-gradient: chainGradient is not implemented yet. Remove this line and write it (see README.md). / Упражнение 01-vanishing-gradient: chainGradient ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * The tanh neuron h_t = tanh(w·h_{t−1} + u·x_t + b) run over xs = [x_1, …, x_T] from h0. Returns ∂h_T/∂h_{T−k} for
 * k = 0..T; the local derivative of step t is ∂h_t/∂h_{t−1} = w·(1 − h_t²).
 */
export function tanhRnnGradients(p: TanhRnnParams, xs: number[], h0: number): number[] {
  // TODO: write tanhRnnGradients (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 01-vanishing-gradient: tanhRnnGradients is not implemented yet. Remove this line and write it (see README.md). / Упражнение 01-vanishing-gradient: tanhRnnGradients ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * Along an LSTM's cell state C_t = f_t·C_{t−1} + …, the only local derivative is the forget gate: ∂C_t/∂C_{t−1} = f_t.
 * forget = [f_1, …, f_T]; returns ∂C_T/∂C_{T−k} for k = 0..T, the product of the last k gates.
 */
export function cellStateGradients(forget: number[]): number[] {
  // TODO: write cellStateGradients (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 01-vanishing-gradient: cellStateGradients is not implemented yet. Remove this line and write it (see README.md). / Упражнение 01-vanishing-gradient: cellStateGradients ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * The smallest n ≥ 1 at which v_n = 1·w·w·…·w (n multiplications, rounded at each step) is no longer a normal float64:
 * Infinity, NaN, zero, or a subnormal (0 < |v| < 2^−1022). w = 2 gives 1024, w = 0.5 gives 1023, w = 0 gives 1.
 * If v is still normal after MAX_STEPS multiplications the answer is Infinity; |w| = 1 is decided at once.
 */
export function firstUnrepresentable(w: number): number {
  // TODO: write firstUnrepresentable (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 01-vanishing-gradient: firstUnrepresentable is not implemented yet. Remove this line and write it (see README.md). / Упражнение 01-vanishing-gradient: firstUnrepresentable ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}

/**
 * The data of the report's plot: for each entry of EXPERIMENT_SERIES, g[k] = ∂(state at T)/∂(state at T − k) for
 * k = 0..EXPERIMENT_STEPS (T = EXPERIMENT_STEPS), drawn as log10|g[k]| until g[k] is no longer normal, and its horizon.
 * The linear neuron's and the cell's local derivatives are w and f at every step; the tanh neuron starts from h0 = 0
 * and reads experimentInputs().
 */
export function runExperiment(): ExperimentResult {
  // TODO: write runExperiment (README.md / README.ru.md explain what it must return).
  throw new Error("Exercise 01-vanishing-gradient: runExperiment is not implemented yet. Remove this line and write it (see README.md). / Упражнение 01-vanishing-gradient: runExperiment ещё не написана. Удалите эту строку и напишите её (см. README.ru.md).");
}
