/**
 * Realistic wrong implementations of exercise 01, for diagnosis. Trusted side only: never shipped to students.
 *
 * Each mistake is the reference with one idea changed. When a student's result matches a mistake's on the same
 * input (DIAGNOSTIC in cases.ts, where every mistake shows) and not the reference's, the grader can say what is wrong
 * instead of "mismatch". The texts never contain expected numbers: they name the step, the index or the formula.
 */
import { MAX_STEPS, MIN_NORMAL, type TanhRnnParams } from './vanishing';

/** A student-facing text in both course languages (the same shape as the grader's `Localized`). */
export interface Localized {
  en: string;
  ru: string;
}

export interface Mistake<F> {
  id: string;
  /** The wrong implementation, run in the trusted process on the diagnostic input. */
  apply: F;
  /** What is wrong, naming the step, the index or the formula. */
  diagnosis: Localized;
  /** How to put it right. */
  hint: Localized;
}

type Unroll = (w: number, y0: number, steps: number) => number[];
type Chain = (localGrads: number[]) => number[];
type TanhGrads = (p: TanhRnnParams, xs: number[], h0: number) => number[];
type FirstUnrepresentable = (w: number) => number;

/** The reference's backward product with one replaceable part: which factor step k multiplies in, and how many. */
function chainWith(factor: (localGrads: number[], k: number) => number, length: (T: number) => number = (T) => T): Chain {
  return (localGrads) => {
    const g = [1];
    for (let k = 1; k <= length(localGrads.length); k++) g.push(g[k - 1] * factor(localGrads, k));
    return g;
  };
}

const backward = (lg: number[], k: number): number => lg[lg.length - k];
const forward = (lg: number[], k: number): number => lg[k - 1];

export const UNROLL_MISTAKES: readonly Mistake<Unroll>[] = [
  {
    id: 'unroll-math-pow',
    apply: (w, y0, steps) => Array.from({ length: steps + 1 }, (_, k) => y0 * Math.pow(w, k)),
    diagnosis: {
      en: 'unroll computes y0·wᵏ with Math.pow (or **) instead of repeating y_k = w·y_{k−1}. In exact arithmetic the two agree, in float64 they do not: wᵏ alone can overflow to Infinity or underflow to 0 where the product with y0 would not, and near the edges of float64 one rounding differs from k roundings.',
      ru: 'unroll вычисляет y0·wᵏ через Math.pow (или **), а не повторяет y_k = w·y_{k−1}. В точной арифметике это одно и то же, во float64 — нет: само wᵏ может переполниться до Infinity или обнулиться там, где произведение с y0 ещё представимо, а у границ float64 одно округление отличается от k округлений.',
    },
    hint: {
      en: 'Keep the previous value and multiply it by w at every step: y.push(y[k − 1] * w). The exercise is about what the recurrence itself does in float64.',
      ru: 'Храните предыдущее значение и на каждом шаге умножайте его на w: y.push(y[k − 1] * w). Упражнение как раз о том, что делает во float64 сама рекуррентность.',
    },
  },
  {
    id: 'unroll-one-short',
    apply: (w, y0, steps) => {
      const y = [y0];
      for (let k = 1; k < steps; k++) y.push(y[k - 1] * w);
      return y;
    },
    diagnosis: {
      en: 'unroll stops one step early: it must return y_0 … y_steps, that is steps + 1 values; yours ends at y_{steps−1}.',
      ru: 'unroll останавливается на шаг раньше: нужно вернуть y_0 … y_steps, то есть steps + 1 значение, а ваш результат заканчивается на y_{steps−1}.',
    },
    hint: {
      en: 'Loop with k from 1 up to and including steps (k <= steps).',
      ru: 'Ведите цикл по k от 1 до steps включительно (k <= steps).',
    },
  },
  {
    id: 'unroll-skips-y0',
    apply: (w, y0, steps) => {
      const y = [y0 * w];
      for (let k = 1; k <= steps; k++) y.push(y[k - 1] * w);
      return y;
    },
    diagnosis: {
      en: 'unroll leaves out the starting value: the result must begin with y_0 = y0 itself, then w·y0, and so on; yours begins with w·y0.',
      ru: 'unroll пропускает начальное значение: результат должен начинаться с самого y_0 = y0, затем w·y0 и так далее, а ваш начинается с w·y0.',
    },
    hint: {
      en: 'Put y0 into the array before the first multiplication: y[0] = y0, so that y[k] is the state after k steps.',
      ru: 'Положите y0 в массив до первого умножения: y[0] = y0, тогда y[k] — состояние после k шагов.',
    },
  },
];

export const CHAIN_MISTAKES: readonly Mistake<Chain>[] = [
  {
    id: 'chain-forward-order',
    apply: chainWith(forward),
    diagnosis: {
      en: 'chainGradient multiplies the local derivatives from the first step onwards: g[k] must be ∂y_T/∂y_{T−k}, the product of the last k of them, g[k] = g[k−1]·localGrads[T−k]; yours is the product of the first k. With a constant chain the two agree; as soon as the derivatives change along the chain they do not.',
      ru: 'chainGradient перемножает локальные производные с первого шага: g[k] должно быть ∂y_T/∂y_{T−k}, произведением последних k из них, g[k] = g[k−1]·localGrads[T−k], а у вас — произведение первых k. Для постоянной цепочки это одно и то же, но как только производные меняются вдоль цепочки — нет.',
    },
    hint: {
      en: 'Backpropagation starts at the output y_T and walks back: the first factor is the last step\'s derivative, localGrads[T − 1], then localGrads[T − 2], and so on.',
      ru: 'Обратное распространение начинается с выхода y_T и идёт назад: первый множитель — производная последнего шага, localGrads[T − 1], затем localGrads[T − 2] и так далее.',
    },
  },
  {
    id: 'chain-off-by-one',
    apply: chainWith((lg, k) => lg[lg.length - k - 1]),
    diagnosis: {
      en: 'chainGradient takes each factor one place too early: g[k] = g[k−1]·localGrads[T−k]; yours matches localGrads[T−k−1], so the last step\'s derivative is skipped and the last entry reads past the start of the array (undefined gives NaN).',
      ru: 'chainGradient берёт каждый множитель на одну позицию раньше: g[k] = g[k−1]·localGrads[T−k], а ваш результат совпадает с localGrads[T−k−1] — производная последнего шага пропущена, а последний элемент читает за началом массива (undefined даёт NaN).',
    },
    hint: {
      en: 'Check the first factor: g[1] = ∂y_T/∂y_{T−1} is the derivative of step T, stored at localGrads[T − 1] (arrays count from 0).',
      ru: 'Проверьте первый множитель: g[1] = ∂y_T/∂y_{T−1} — производная шага T, она лежит в localGrads[T − 1] (массивы нумеруются с 0).',
    },
  },
  {
    id: 'chain-length-T',
    apply: chainWith(backward, (T) => T - 1),
    diagnosis: {
      en: 'chainGradient stops one step early: g runs over k = 0..T, that is T + 1 values, the last one being the product of the whole chain; yours ends at k = T − 1.',
      ru: 'chainGradient останавливается на шаг раньше: g идёт по k = 0..T, то есть T + 1 значение, последнее — произведение всей цепочки, а ваш заканчивается на k = T − 1.',
    },
    hint: {
      en: 'Loop with k from 1 up to and including T (k <= T): a chain of T steps has T + 1 states to look back from.',
      ru: 'Ведите цикл по k от 1 до T включительно (k <= T): у цепочки из T шагов T + 1 состояние, от которых можно смотреть назад.',
    },
  },
  {
    id: 'chain-no-leading-one',
    apply: (lg) => chainWith(backward)(lg).slice(1),
    diagnosis: {
      en: 'chainGradient leaves out g[0] = ∂y_T/∂y_T = 1: the result starts at distance k = 0, where nothing has been multiplied yet; yours starts at k = 1.',
      ru: 'chainGradient пропускает g[0] = ∂y_T/∂y_T = 1: результат начинается с расстояния k = 0, где ещё ничего не перемножено, а ваш — с k = 1.',
    },
    hint: {
      en: 'Start the array with 1 and multiply from there, so that g[k] is the gradient k steps back.',
      ru: 'Начните массив с 1 и умножайте дальше, тогда g[k] — градиент на k шагов назад.',
    },
  },
];

/** The reference tanh neuron with a replaceable forward (pre-activation) and local derivative. */
function tanhWith(
  local: (p: TanhRnnParams, a: number, h: number, hPrev: number) => number,
  chain: Chain = chainWith(backward),
  preActivation: (p: TanhRnnParams, hPrev: number, x: number) => number = (p, hPrev, x) => p.w * hPrev + p.u * x + p.b,
): TanhGrads {
  return (p, xs, h0) => {
    const lg: number[] = [];
    let h = h0;
    for (const x of xs) {
      const a = preActivation(p, h, x);
      const hPrev = h;
      h = Math.tanh(a);
      lg.push(local(p, a, h, hPrev));
    }
    return chain(lg);
  };
}

export const TANH_MISTAKES: readonly Mistake<TanhGrads>[] = [
  {
    id: 'tanh-derivative-of-preactivation',
    apply: tanhWith((p, a) => p.w * (1 - a * a)),
    diagnosis: {
      en: "tanh's derivative is taken of the wrong quantity: the local derivative is w·(1 − h_t²) with h_t = tanh(a_t); yours matches w·(1 − a_t²), with the pre-activation a_t = w·h_{t−1} + u·x_t + b where tanh's output belongs.",
      ru: 'Производная tanh взята не от той величины: локальная производная равна w·(1 − h_t²), где h_t = tanh(a_t), а ваша совпадает с w·(1 − a_t²) — вместо выхода tanh стоит предактивация a_t = w·h_{t−1} + u·x_t + b.',
    },
    hint: {
      en: "tanh'(a) = 1 − tanh(a)², written with tanh's output: square the new h, not the argument you passed to Math.tanh.",
      ru: "tanh'(a) = 1 − tanh(a)² выражается через выход tanh: возводите в квадрат новое h, а не аргумент, переданный в Math.tanh.",
    },
  },
  {
    id: 'tanh-derivative-one-minus-h',
    apply: tanhWith((p, _a, h) => p.w * (1 - h)),
    diagnosis: {
      en: "tanhRnnGradients writes tanh' as 1 − x: tanh'(a) = 1 − tanh(a)², so the local derivative is ∂h_t/∂h_{t−1} = w·(1 − h_t²); yours matches w·(1 − h_t), without the square.",
      ru: "В tanhRnnGradients tanh' записана как 1 − x: tanh'(a) = 1 − tanh(a)², поэтому локальная производная ∂h_t/∂h_{t−1} = w·(1 − h_t²), а ваша совпадает с w·(1 − h_t) — без квадрата.",
    },
    hint: {
      en: 'Square the new h: push w·(1 − h·h).',
      ru: 'Возведите новое h в квадрат: добавляйте w·(1 − h·h).',
    },
  },
  {
    id: 'tanh-local-without-w',
    apply: tanhWith((_p, _a, h) => 1 - h * h),
    diagnosis: {
      en: 'The local derivative has lost the recurrent weight: h_t = tanh(w·h_{t−1} + …), so ∂h_t/∂h_{t−1} = w·(1 − h_t²); yours matches 1 − h_t², the derivative with respect to the pre-activation only.',
      ru: 'В локальной производной потерян рекуррентный вес: h_t = tanh(w·h_{t−1} + …), поэтому ∂h_t/∂h_{t−1} = w·(1 − h_t²), а ваша совпадает с 1 − h_t² — это производная только по предактивации.',
    },
    hint: {
      en: 'Chain rule: the derivative of tanh, times the derivative of its argument w·h_{t−1} + u·x_t + b with respect to h_{t−1}, which is w.',
      ru: 'Правило цепочки: производная tanh, умноженная на производную её аргумента w·h_{t−1} + u·x_t + b по h_{t−1}, то есть на w.',
    },
  },
  {
    id: 'tanh-local-uses-previous-h',
    apply: tanhWith((p, _a, _h, hPrev) => p.w * (1 - hPrev * hPrev)),
    diagnosis: {
      en: "The local derivative of step t uses the state before the step: ∂h_t/∂h_{t−1} = w·(1 − h_t²), with the tanh output of this step; yours matches w·(1 − h_{t−1}²).",
      ru: 'Локальная производная шага t использует состояние до шага: ∂h_t/∂h_{t−1} = w·(1 − h_t²), с выходом tanh на этом шаге, а ваша совпадает с w·(1 − h_{t−1}²).',
    },
    hint: {
      en: 'Compute the new h first, then push w·(1 − h·h) with that new h.',
      ru: 'Сначала вычислите новое h, затем добавьте w·(1 − h·h) с этим новым h.',
    },
  },
  {
    id: 'tanh-derivative-missing',
    apply: tanhWith((p) => p.w),
    diagnosis: {
      en: "The gradient skips tanh: as if the neuron were linear, every local derivative is just w; it must be w·(1 − h_t²), and tanh's factor 1 − h_t² is exactly what makes a saturated neuron forget.",
      ru: 'Градиент не проходит через tanh: будто нейрон линейный, каждая локальная производная у вас просто w, а должна быть w·(1 − h_t²); именно множитель 1 − h_t² заставляет насыщенный нейрон забывать.',
    },
    hint: {
      en: "Every nonlinearity of the forward pass contributes its derivative: tanh'(a) = 1 − h².",
      ru: "Каждая нелинейность прямого прохода вносит свою производную: tanh'(a) = 1 − h².",
    },
  },
  {
    id: 'tanh-forward-order',
    apply: tanhWith((p, _a, h) => p.w * (1 - h * h), chainWith(forward)),
    diagnosis: {
      en: 'Your local derivatives w·(1 − h_t²) are right, but they are multiplied from the first step onwards: ∂h_T/∂h_{T−k} is the product over the last k steps. In the tanh neuron the derivatives change from step to step, so the order matters (see the chainGradient check).',
      ru: 'Локальные производные w·(1 − h_t²) у вас верны, но перемножаются с первого шага: ∂h_T/∂h_{T−k} — произведение по последним k шагам. У tanh-нейрона производные меняются от шага к шагу, поэтому порядок важен (см. проверку chainGradient).',
    },
    hint: {
      en: 'Collect the local derivatives in a forward loop, then hand them to your chainGradient, which walks back from the end.',
      ru: 'Соберите локальные производные в прямом цикле, а затем передайте их в chainGradient, которая идёт назад от конца.',
    },
  },
  {
    id: 'tanh-bias-dropped',
    apply: tanhWith((p, _a, h) => p.w * (1 - h * h), chainWith(backward), (p, hPrev, x) => p.w * hPrev + p.u * x),
    diagnosis: {
      en: 'The neuron runs without its bias: h_t = tanh(w·h_{t−1} + u·x_t + b); your gradients match the same neuron without b, so every h_t and with it every local derivative is off.',
      ru: 'Нейрон работает без смещения: h_t = tanh(w·h_{t−1} + u·x_t + b), а ваши градиенты совпадают с тем же нейроном без b, поэтому неверны все h_t, а с ними и все локальные производные.',
    },
    hint: {
      en: 'Add p.b inside Math.tanh(…).',
      ru: 'Прибавьте p.b внутри Math.tanh(…).',
    },
  },
];

export const CELL_MISTAKES: readonly Mistake<Chain>[] = [
  {
    id: 'cell-forward-order',
    apply: chainWith(forward),
    diagnosis: {
      en: 'cellStateGradients multiplies the forget gates from the first step onwards: ∂C_T/∂C_{T−k} = f_T·f_{T−1}·…·f_{T−k+1}, the last k gates; yours is the product of the first k.',
      ru: 'cellStateGradients перемножает вентили забывания с первого шага: ∂C_T/∂C_{T−k} = f_T·f_{T−1}·…·f_{T−k+1} — последние k вентилей, а у вас произведение первых k.',
    },
    hint: {
      en: 'It is the same backward product as chainGradient, with the gates as the local derivatives.',
      ru: 'Это то же обратное произведение, что и в chainGradient, где локальные производные — вентили.',
    },
  },
  {
    id: 'cell-complement',
    apply: (forget) => chainWith(backward)(forget.map((f) => 1 - f)),
    diagnosis: {
      en: 'cellStateGradients multiplies 1 − f: in C_t = f_t·C_{t−1} + …, ∂C_t/∂C_{t−1} = f_t, the share of the state that is kept; yours matches the product of 1 − f_t.',
      ru: 'cellStateGradients перемножает 1 − f: в C_t = f_t·C_{t−1} + … производная ∂C_t/∂C_{t−1} = f_t — доля сохраняемого состояния, а ваш результат совпадает с произведением 1 − f_t.',
    },
    hint: {
      en: 'Despite its name, f is what is kept: f near 1 means "remember", and the gradient passes through unchanged.',
      ru: 'Несмотря на название, f — то, что сохраняется: f около 1 означает «помнить», и градиент проходит почти без изменений.',
    },
  },
  {
    id: 'cell-length-T',
    apply: chainWith(backward, (T) => T - 1),
    diagnosis: {
      en: 'cellStateGradients stops one step early: it returns k = 0..T, that is T + 1 values; yours ends at k = T − 1.',
      ru: 'cellStateGradients останавливается на шаг раньше: нужно вернуть k = 0..T, то есть T + 1 значение, а ваш заканчивается на k = T − 1.',
    },
    hint: {
      en: 'Loop up to and including T, or reuse your chainGradient.',
      ru: 'Ведите цикл до T включительно или используйте вашу chainGradient.',
    },
  },
];

/** The reference's loop with another stopping test; loops the reference would never end stop at MAX_STEPS. */
function countUntil(stops: (v: number) => boolean, offset = 0): FirstUnrepresentable {
  return (w) => {
    let v = 1;
    for (let n = 1; n <= MAX_STEPS; n++) {
      v *= w;
      if (stops(v)) return n + offset;
    }
    return Infinity;
  };
}

const notNormal = (v: number): boolean => !(Math.abs(v) >= MIN_NORMAL && Math.abs(v) <= Number.MAX_VALUE);

export const FIRST_UNREPRESENTABLE_MISTAKES: readonly Mistake<FirstUnrepresentable>[] = [
  {
    id: 'first-unrepresentable-counts-subnormals',
    apply: countUntil((v) => v === 0 || !Number.isFinite(v)),
    diagnosis: {
      en: 'firstUnrepresentable counts the subnormals as normal: below 2^−1022 (Number.MIN_VALUE is the smallest subnormal, not the smallest normal) float64 loses precision bit by bit, and the count must stop at the first such value, not only at 0 or Infinity. For w = 0.9 such a loop never ends: the product sticks a few steps above zero.',
      ru: 'firstUnrepresentable считает субнормальные числа нормальными: ниже 2^−1022 (Number.MIN_VALUE — наименьшее субнормальное, а не наименьшее нормальное число) float64 теряет точность бит за битом, и счёт должен остановиться на первом таком значении, а не только на 0 или Infinity. Для w = 0.9 такой цикл вообще не заканчивается: произведение застревает в нескольких шагах от нуля.',
    },
    hint: {
      en: 'Stop as soon as |v| < 2^−1022 (MIN_NORMAL in the file), or v = 0, or |v| > Number.MAX_VALUE.',
      ru: 'Останавливайтесь, как только |v| < 2^−1022 (MIN_NORMAL в файле), или v = 0, или |v| > Number.MAX_VALUE.',
    },
  },
  {
    id: 'first-unrepresentable-off-by-one',
    apply: countUntil(notNormal, -1),
    diagnosis: {
      en: 'firstUnrepresentable is one too small: it must return the first n whose value is no longer normal; yours returns the last n that still was.',
      ru: 'firstUnrepresentable на единицу меньше: нужно вернуть первое n, при котором значение уже не нормальное, а ваша функция возвращает последнее n, при котором оно ещё было нормальным.',
    },
    hint: {
      en: 'Return n right after the multiplication that leaves the normal range (w = 2: 2^1023 is still finite, 2^1024 is not).',
      ru: 'Возвращайте n сразу после умножения, которое выводит из нормального диапазона (w = 2: 2^1023 ещё конечно, 2^1024 — уже нет).',
    },
  },
  {
    id: 'first-unrepresentable-off-by-one-late',
    apply: countUntil(notNormal, 1),
    diagnosis: {
      en: 'firstUnrepresentable is one too large: it must return the n of the multiplication that leaves the normal range; yours counts one more step.',
      ru: 'firstUnrepresentable на единицу больше: нужно вернуть n того умножения, которое выводит из нормального диапазона, а ваша функция отсчитывает на шаг больше.',
    },
    hint: {
      en: 'Test the value right after multiplying and return that n; count multiplications starting at 1 (v_1 = w).',
      ru: 'Проверяйте значение сразу после умножения и возвращайте это n; умножения считаются с 1 (v_1 = w).',
    },
  },
];

/** What the experiment's series may get wrong beyond the chains: the scale of the curve and its horizon. */
export type SeriesMistake = Mistake<(g: number[]) => { points: [number, number][]; horizon: number }>;

function seriesWith(log: (x: number) => number, horizonShift: number): SeriesMistake['apply'] {
  return (g) => {
    const points: [number, number][] = [];
    for (let k = 0; k < g.length && !notNormal(g[k]); k++) points.push([k, log(Math.abs(g[k]))]);
    let horizon = 0;
    g.forEach((v, k) => {
      if (Math.abs(v) >= 1e-3) horizon = k;
    });
    return { points, horizon: horizon + horizonShift };
  };
}

export const SERIES_MISTAKES: readonly SeriesMistake[] = [
  {
    id: 'experiment-natural-log',
    apply: seriesWith(Math.log, 0),
    diagnosis: {
      en: 'Your curves use the natural logarithm: the plot shows log10|g[k]|, so that −3 means 10⁻³; yours match ln|g[k]|.',
      ru: 'Ваши кривые построены по натуральному логарифму: график показывает log10|g[k]|, чтобы −3 означало 10⁻³, а ваши совпадают с ln|g[k]|.',
    },
    hint: { en: 'Use Math.log10.', ru: 'Используйте Math.log10.' },
  },
  {
    id: 'experiment-horizon-off-by-one',
    apply: seriesWith(Math.log10, 1),
    diagnosis: {
      en: 'Your curves are right, but each memory horizon is one too large: the horizon is the largest k with |g[k]| ≥ 10⁻³; yours is the first k where the gradient has fallen below it.',
      ru: 'Кривые верны, но каждый горизонт памяти на единицу больше: горизонт — наибольшее k, при котором |g[k]| ≥ 10⁻³, а у вас — первое k, где градиент уже опустился ниже.',
    },
    hint: {
      en: 'Keep the last k that still passes the test rather than the first that fails it.',
      ru: 'Запоминайте последнее k, которое ещё проходит проверку, а не первое, которое её уже не проходит.',
    },
  },
];

/** firstUnrepresentable(NaN) is 1 (v_1 = NaN is not normal); a test of the form "too small or too large" misses it. */
export const FIRST_UNREPRESENTABLE_NAN: Localized = {
  en: 'firstUnrepresentable misses NaN: for w = NaN, v_1 = NaN is not a normal number, so the answer is n = 1; yours tests "|v| < 2^−1022 or |v| > Number.MAX_VALUE", and every comparison with NaN is false, so the loop runs on. Test that v is normal instead: !(|v| ≥ 2^−1022 && |v| ≤ Number.MAX_VALUE), which NaN fails.',
  ru: 'firstUnrepresentable пропускает NaN: при w = NaN значение v_1 = NaN не является нормальным числом, поэтому ответ n = 1, а ваша функция проверяет «|v| < 2^−1022 или |v| > Number.MAX_VALUE», и любое сравнение с NaN ложно, так что цикл продолжается. Проверяйте, что v нормальное: !(|v| ≥ 2^−1022 && |v| ≤ Number.MAX_VALUE) — NaN этого не проходит.',
};
