/**
 * What the hidden `init` check asks of initLstm, as a pure function of what came back (trusted side only). The
 * statement fixes the distribution, not the random stream, so the check tests properties: shapes, the bias exactly,
 * the weights' range, spread and mean (sharp with ≥ 256 weights), the seed's effect, and independent Wx and Wh.
 */
import { Matrix } from '../lib/matrix';
import { text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

export interface InitProblem {
  diagnosis: Localized;
  hint: Localized;
}

const member = (value: unknown, name: string): unknown =>
  value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, name)
    ? (value as Record<string, unknown>)[name]
    : undefined;

const isShape = (m: unknown, rows: number, cols: number): m is Matrix =>
  m instanceof Matrix && m.rows === rows && m.cols === cols && m.data.every(Number.isFinite);

const identical = (a: Matrix, b: Matrix) => a.data.every((v, k) => Object.is(v, b.data[k]));

const SEEDED_HINT: Localized = text('hidden.03.initCheck.seededHint');

const RANGE_HINT: Localized = text('hidden.03.initCheck.rangeHint');

/** Whether a weight matrix looks like a uniform draw from [−r, r): in range, spread over it, centred, every block used. */
function weightProblem(name: string, W: Matrix, r: number): InitProblem | null {
  const n = W.data.length;
  const mean = W.sum() / n;
  const variance = W.data.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  if (W.data.some((v) => Math.abs(v) > r * (1 + 1e-12))) {
    return {
      diagnosis: text('hidden.03.initCheck.outOfRange', { name }),
      hint: RANGE_HINT,
    };
  }
  // A uniform draw from [−r, r) has variance r²/3; with n ≥ 256 the sample's stays within ±30 % (over five σ), and
  // its mean within ±0.2·r (over five σ).
  const spread = variance / ((r * r) / 3);
  const shape = (how: string): InitProblem => ({
    diagnosis: text('hidden.03.initCheck.notUniform', { name, how: text(`hidden.03.initCheck.uniform.${how}`) }),
    hint: RANGE_HINT,
  });
  if (spread < 0.01) return shape('equal');
  if (Math.abs(mean) > 0.2 * r) return shape('oneSided');
  if (spread < 0.7) return shape('narrow');
  if (spread > 1.3) return shape('ends');
  if (!W.splitCols(4).every((block) => block.data.some((v) => Math.abs(v) > r / 2))) return shape('emptyBlock');
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
      diagnosis: text('hidden.03.initCheck.shape'),
      hint: text('hidden.03.initCheck.shapeHint'),
    };
  }
  const blocks = b.splitCols(4);
  const all = (m: Matrix, value: number) => m.data.every((v) => v === value);
  if (!(all(blocks[0], 0) && all(blocks[1], 1) && all(blocks[2], 0) && all(blocks[3], 0))) {
    const misplaced = all(blocks[1], 0) && blocks.some((block) => all(block, 1));
    return {
      diagnosis: misplaced ? text('hidden.03.initCheck.forgetBiasMisplaced') : text('hidden.03.initCheck.biases'),
      hint: text('hidden.03.initCheck.biasesHint'),
    };
  }
  const r = 1 / Math.sqrt(H);
  const weights = weightProblem('Wx', Wx, r) ?? weightProblem('Wh', Wh, r);
  if (weights) return weights;
  const overlap = Math.min(Wx.data.length, Wh.data.length);
  if (Wx.data.subarray(0, overlap).every((v, k) => v === Wh.data[k])) {
    return {
      diagnosis: text('hidden.03.initCheck.sameStream'),
      hint: SEEDED_HINT,
    };
  }
  const [Wx2, Wh2, b2] = ['Wx', 'Wh', 'b'].map((name) => member(again, name));
  if (!(
    isShape(Wx2, D, 4 * H) &&
    isShape(Wh2, H, 4 * H) &&
    isShape(b2, 1, 4 * H) &&
    identical(Wx, Wx2) &&
    identical(Wh, Wh2) &&
    identical(b, b2)
  )) {
    return {
      diagnosis: text('hidden.03.initCheck.sameSeed'),
      hint: SEEDED_HINT,
    };
  }
  const Wx3 = member(other, 'Wx');
  if (Wx3 instanceof Matrix && Wx3.rows === D && Wx3.cols === 4 * H && identical(Wx, Wx3)) {
    return {
      diagnosis: text('hidden.03.initCheck.otherSeed'),
      hint: SEEDED_HINT,
    };
  }
  return null;
}
