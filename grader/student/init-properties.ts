/**
 * What the public checks ask of an init function (initLstm, initGru, initForecaster), from the statement alone:
 * every parameter has its shape and finite entries, the biases are exactly what the statement fixes, the weights lie
 * in [−1/√H, 1/√H] and are not all equal, the same seed gives the same parameters and another seed other weights.
 * The statements fix the distribution, not the random stream, so these are properties, not values; the hidden
 * checks look closer (spread, mean, every gate's block).
 */
import { Matrix } from '../../exercises/lib/matrix';
import { text } from '../shared/messages';
import type { Localized } from '../shared/results';

export interface InitSpec {
  /** The function, e.g. initGru. */
  fn: string;
  D: number;
  H: number;
  /** Weight name → [rows, cols]. */
  weights: Record<string, [number, number]>;
  /** Bias name → its exact value (from the statement). */
  biases: Record<string, Matrix>;
}

const member = (value: unknown, name: string): unknown =>
  value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, name)
    ? (value as Record<string, unknown>)[name]
    : undefined;

const shaped = (m: unknown, rows: number, cols: number): m is Matrix =>
  m instanceof Matrix && m.rows === rows && m.cols === cols && m.data.every(Number.isFinite);

const identical = (a: unknown, b: unknown) =>
  a instanceof Matrix &&
  b instanceof Matrix &&
  a.data.length === b.data.length &&
  a.data.every((v, k) => Object.is(v, b.data[k]));

/** The first problem of `first` = fn(D, H, seed), given `again` from the same seed and `other` from another; null if none. */
export function initProblem(spec: InitSpec, first: unknown, again: unknown, other: unknown): Localized | null {
  const { fn, D, H } = spec;
  const shapes: [string, number, number][] = [
    ...Object.entries(spec.weights).map(([name, [r, c]]): [string, number, number] => [name, r, c]),
    ...Object.entries(spec.biases).map(([name, b]): [string, number, number] => [name, b.rows, b.cols]),
  ];
  for (const [name, rows, cols] of shapes) {
    if (!shaped(member(first, name), rows, cols))
      return text('student.initShape', { fn, D, H, name, shape: `${rows}×${cols}` });
  }
  for (const [name, want] of Object.entries(spec.biases)) {
    if (!identical(member(first, name), want))
      return text('student.initBias', { fn, name, want: want.toArray()[0].join(', ') });
  }
  const r = 1 / Math.sqrt(H);
  for (const name of Object.keys(spec.weights)) {
    const W = member(first, name) as Matrix;
    if (W.data.some((v) => Math.abs(v) > r * (1 + 1e-12))) return text('student.initRange', { fn, name, H });
    if (W.data.length > 1 && W.data.every((v) => v === W.data[0])) return text('student.initConstant', { fn, name });
  }
  if (!shapes.every(([name]) => identical(member(first, name), member(again, name))))
    return text('student.initSameSeed', { fn });
  if (Object.keys(spec.weights).every((name) => identical(member(first, name), member(other, name))))
    return text('student.initOtherSeed', { fn });
  return null;
}
