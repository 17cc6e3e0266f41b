/**
 * What the hidden `init` check asks of initLstm, as a pure function of what came back (trusted side only). The
 * statement fixes the distribution, not the random stream, so the check tests properties: shapes, the bias exactly,
 * the weights' range, spread and mean (sharp with ≥ 256 weights), the seed's effect, and independent Wx and Wh.
 */
import { Matrix } from '../lib/matrix';
import type { Localized } from './mistakes';

export interface InitProblem {
  diagnosis: Localized;
  hint: Localized;
}

const member = (value: unknown, name: string): unknown =>
  value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;

const isShape = (m: unknown, rows: number, cols: number): m is Matrix =>
  m instanceof Matrix && m.rows === rows && m.cols === cols && m.data.every(Number.isFinite);

const identical = (a: Matrix, b: Matrix) => a.data.every((v, k) => Object.is(v, b.data[k]));

const SEEDED_HINT: Localized = {
  en: 'Draw with Matrix.random(rows, cols, seed, -r, r) or seededRandom(seed), never Math.random, and give Wx and Wh seeds of their own (for example two numbers from one seededRandom(seed)).',
  ru: 'Генерируйте веса через Matrix.random(rows, cols, seed, -r, r) или seededRandom(seed), но не через Math.random, и дайте Wx и Wh собственные зёрна (например, два числа из одного seededRandom(seed)).',
};

const RANGE_HINT: Localized = {
  en: 'r = 1 / Math.sqrt(H), with H the number of units (not D, not D + H), and every weight uniform in [−r, r): Matrix.random(rows, cols, seed, -r, r).',
  ru: 'r = 1 / Math.sqrt(H), где H — размер состояния (не D и не D + H), и каждый вес равномерен на [−r, r): Matrix.random(rows, cols, seed, -r, r).',
};

/** Whether a weight matrix looks like a uniform draw from [−r, r): in range, spread over it, centred, every block used. */
function weightProblem(name: string, W: Matrix, r: number): InitProblem | null {
  const n = W.data.length;
  const mean = W.sum() / n;
  const variance = W.data.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  if (W.data.some((v) => Math.abs(v) > r * (1 + 1e-12))) {
    return {
      diagnosis: {
        en: `Some weights of ${name} lie outside [−1/√H, 1/√H]: the bound is 1/√H, with H the number of units.`,
        ru: `Часть весов ${name} лежит вне [−1/√H, 1/√H]: граница равна 1/√H, где H — размер состояния.`,
      },
      hint: RANGE_HINT,
    };
  }
  // A uniform draw from [−r, r) has variance r²/3; with n ≥ 256 the sample's stays within ±30 % (over five σ), and
  // its mean within ±0.2·r (over five σ).
  const spread = variance / ((r * r) / 3);
  const shape = (en: string, ru: string): InitProblem => ({
    diagnosis: {
      en: `The weights of ${name} are not uniform over [−1/√H, 1/√H): ${en}`,
      ru: `Веса ${name} не равномерны на [−1/√H, 1/√H): ${ru}`,
    },
    hint: RANGE_HINT,
  });
  if (spread < 0.01) return shape('they are (nearly) all equal.', 'они (почти) все одинаковы.');
  if (Math.abs(mean) > 0.2 * r) return shape('they lean to one side (drawn from [0, r) instead of [−r, r)?).', 'они смещены в одну сторону (взяты из [0, r) вместо [−r, r)?).');
  if (spread < 0.7) return shape('they cover only part of the range (is the bound 1/√(D + H), 1/√D or 1/H instead of 1/√H?).', 'они занимают только часть диапазона (граница 1/√(D + H), 1/√D или 1/H вместо 1/√H?).');
  if (spread > 1.3) return shape('they crowd at the ends of the range.', 'они скапливаются у концов диапазона.');
  if (!W.splitCols(4).every((block) => block.data.some((v) => Math.abs(v) > r / 2))) {
    return shape('the block of some gate is left (nearly) empty; every one of the 4H columns needs random weights.', 'блок какого-то вентиля оставлен (почти) пустым; случайные веса нужны во всех 4H столбцах.');
  }
  return null;
}

/**
 * The first problem with `first` = initLstm(D, H, seed), given `again` from the same seed and `other` from another,
 * or null when there is none.
 */
export function initProblems(D: number, H: number, first: unknown, again: unknown, other: unknown): InitProblem | null {
  const [Wx, Wh, b] = ['Wx', 'Wh', 'b'].map((name) => member(first, name));
  if (!isShape(Wx, D, 4 * H) || !isShape(Wh, H, 4 * H) || !isShape(b, 1, 4 * H)) {
    return {
      diagnosis: {
        en: 'initLstm must return { Wx, Wh, b } with Wx D×4H, Wh H×4H and b 1×4H, all finite; yours does not.',
        ru: 'initLstm должна возвращать { Wx, Wh, b }, где Wx размера D×4H, Wh — H×4H, b — 1×4H, все конечные; ваша возвращает не это.',
      },
      hint: {
        en: 'Each matrix holds the four gates side by side, so it has 4H columns.',
        ru: 'В каждой матрице четыре вентиля стоят рядом, поэтому у неё 4H столбцов.',
      },
    };
  }
  const blocks = b.splitCols(4);
  const all = (m: Matrix, value: number) => m.data.every((v) => v === value);
  if (!(all(blocks[0], 0) && all(blocks[1], 1) && all(blocks[2], 0) && all(blocks[3], 0))) {
    const misplaced = all(blocks[1], 0) && blocks.some((block) => all(block, 1));
    return {
      diagnosis: misplaced
        ? {
            en: 'The forget-gate bias 1 is in the wrong block: b\'s blocks are i, f, g, o, so f is the second one, columns H to 2H.',
            ru: 'Смещение 1 вентиля забывания стоит не в том блоке: блоки b идут в порядке i, f, g, o, поэтому f — второй блок, столбцы с H по 2H.',
          }
        : {
            en: 'The biases are not as the statement fixes them: b is 0 everywhere except the forget gate\'s block (the second H columns), which is 1.',
            ru: 'Смещения не такие, как требует условие: b равно 0 везде, кроме блока вентиля забывания (вторые H столбцов), где оно равно 1.',
          },
      hint: {
        en: 'With b_f = 1 a fresh cell keeps σ(1) of its state per step instead of half: compare halfLife(1) with halfLife(0) from exercise 02.',
        ru: 'При b_f = 1 новая ячейка сохраняет за шаг долю σ(1) своего состояния, а не половину: сравните halfLife(1) и halfLife(0) из упражнения 02.',
      },
    };
  }
  const r = 1 / Math.sqrt(H);
  const weights = weightProblem('Wx', Wx, r) ?? weightProblem('Wh', Wh, r);
  if (weights) return weights;
  const overlap = Math.min(Wx.data.length, Wh.data.length);
  if (Wx.data.subarray(0, overlap).every((v, k) => v === Wh.data[k])) {
    return {
      diagnosis: {
        en: 'Wx and Wh start with the same numbers: both were drawn from the same seed, so the input and recurrent weights are copies of each other.',
        ru: 'Wx и Wh начинаются с одних и тех же чисел: обе матрицы получены из одного зерна, так что входные и рекуррентные веса — копии друг друга.',
      },
      hint: SEEDED_HINT,
    };
  }
  const [Wx2, Wh2, b2] = ['Wx', 'Wh', 'b'].map((name) => member(again, name));
  if (!(isShape(Wx2, D, 4 * H) && isShape(Wh2, H, 4 * H) && isShape(b2, 1, 4 * H) && identical(Wx, Wx2) && identical(Wh, Wh2) && identical(b, b2))) {
    return {
      diagnosis: {
        en: 'The same seed gave different parameters on two calls: initLstm must be reproducible, the same seed giving the same weights.',
        ru: 'Одно и то же зерно дало разные параметры при двух вызовах: initLstm должна быть воспроизводимой — одинаковое зерно даёт одинаковые веса.',
      },
      hint: SEEDED_HINT,
    };
  }
  const Wx3 = member(other, 'Wx');
  if (Wx3 instanceof Matrix && Wx3.rows === D && Wx3.cols === 4 * H && identical(Wx, Wx3)) {
    return {
      diagnosis: {
        en: 'Different seeds gave the same weights: initLstm ignores its seed.',
        ru: 'Разные зёрна дали одинаковые веса: initLstm не использует своё зерно.',
      },
      hint: SEEDED_HINT,
    };
  }
  return null;
}
