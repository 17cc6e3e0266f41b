/**
 * Comparisons as COURSE.md fixes them: shape and finiteness first, then elementwise
 * |a − r| ≤ atol + rtol·|r|; and, for gradient checks, the norm-based relative error.
 */
import { Matrix } from '../../exercises/lib/matrix';
import type { NumericDiff } from '../shared/results';

export const RTOL = 1e-7;
export const ATOL = 1e-9;
export const FD_TOLERANCE = 1e-6;

/** Same value, counting NaN = NaN and an infinity equal to the same infinity. */
function sameSpecial(a: number, r: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(r)) || (a === r && !Number.isFinite(r));
}

/**
 * `actual` against `expected`: shape first (a result of another shape, or no matrix at all, mismatches everywhere),
 * then every entry by |a − r| ≤ atol + rtol·|r|.
 */
export function compareMatrix(
  quantity: string,
  actual: Matrix | null,
  expected: Matrix,
  rtol = RTOL,
  atol = ATOL,
): NumericDiff & { ok: boolean } {
  const base = {
    quantity,
    expectedShape: [expected.rows, expected.cols] as [number, number],
    total: expected.rows * expected.cols,
  };
  if (!actual || actual.rows !== expected.rows || actual.cols !== expected.cols) return shapeMismatch(base, actual);
  const e = compareEntries(actual.data, expected.data, rtol, atol);
  return {
    ...base,
    ok: e.mismatches === 0,
    actualShape: [actual.rows, actual.cols],
    maxAbsError: e.maxAbs,
    maxRelError: e.maxRel,
    worstIndex: e.worst < 0 ? null : [Math.floor(e.worst / expected.cols), e.worst % expected.cols],
    mismatches: e.mismatches,
    nanCount: e.nanCount,
    infCount: e.infCount,
  };
}

type DiffBase = Pick<NumericDiff, 'quantity' | 'expectedShape' | 'total'>;

/** The diff of a result that is not a matrix of the expected shape: every entry is a mismatch, no error is measured. */
function shapeMismatch(base: DiffBase, actual: Matrix | null): NumericDiff & { ok: boolean } {
  return {
    ...base,
    ok: false,
    actualShape: actual ? [actual.rows, actual.cols] : null,
    maxAbsError: null,
    maxRelError: null,
    worstIndex: null,
    mismatches: base.total,
    nanCount: actual ? countWhere(actual.data, Number.isNaN) : 0,
    infCount: actual ? countWhere(actual.data, (v) => v === Infinity || v === -Infinity) : 0,
  };
}

/** What an entrywise comparison found: the largest errors, the worst entry (by how far past its tolerance) or -1. */
interface EntryStats {
  maxAbs: number;
  maxRel: number;
  worst: number;
  mismatches: number;
  nanCount: number;
  infCount: number;
}

/** Entrywise comparison of two matrices' data of the same shape. */
function compareEntries(a: Float64Array, r: Float64Array, rtol: number, atol: number): EntryStats {
  let maxAbs = 0;
  let maxRel = 0;
  let worst = -1;
  let worstExcess = 0;
  let mismatches = 0;
  let nanCount = 0;
  let infCount = 0;
  for (let k = 0; k < a.length; k++) {
    const av = a[k];
    const rv = r[k];
    if (Number.isNaN(av)) nanCount++;
    else if (!Number.isFinite(av)) infCount++;
    if (sameSpecial(av, rv)) continue;
    // A non-finite value on either side that is not the same special value is always a mismatch.
    const err = Number.isFinite(av) && Number.isFinite(rv) ? Math.abs(av - rv) : NaN;
    const allowed = atol + rtol * Math.abs(rv);
    // NaN errors (one side NaN, or ∞ − ∞) count as the worst possible mismatch.
    const excess = Number.isNaN(err) ? Infinity : err / allowed;
    if (!(err <= allowed)) {
      mismatches++;
      if (excess > worstExcess || worst < 0) {
        worstExcess = excess;
        worst = k;
      }
    }
    if (Number.isNaN(err) || err > maxAbs) maxAbs = Number.isNaN(err) ? Infinity : err;
    const rel = err / Math.max(Math.abs(rv), Number.MIN_VALUE);
    if (Number.isNaN(rel) || rel > maxRel) maxRel = Number.isNaN(rel) ? Infinity : rel;
  }
  return { maxAbs, maxRel, worst, mismatches, nanCount, infCount };
}

/**
 * compareMatrix(…).ok without the diff: the same test of every element, ending at the first mismatch. Diagnosis asks
 * it of many candidate outputs that differ at once (a catalogued mistake against the reference, against each other).
 */
export function matrixClose(actual: Matrix | null, expected: Matrix, rtol = RTOL, atol = ATOL): boolean {
  if (!actual || actual.rows !== expected.rows || actual.cols !== expected.cols) return false;
  const a = actual.data;
  const r = expected.data;
  for (let k = 0; k < a.length; k++) {
    const av = a[k];
    const rv = r[k];
    if (sameSpecial(av, rv)) continue;
    const err = Number.isFinite(av) && Number.isFinite(rv) ? Math.abs(av - rv) : NaN;
    if (!(err <= atol + rtol * Math.abs(rv))) return false;
  }
  return true;
}

/** An untrusted value that is a matrix equal to the expected one by the course's tolerances (a result that is right). */
export function rightMatrix(actual: unknown, expected: Matrix): boolean {
  return actual instanceof Matrix && matrixClose(actual, expected);
}

/** An untrusted list of matrices, each right (see rightMatrix). */
export function rightMatrices(actual: unknown, expected: readonly Matrix[]): boolean {
  return (
    Array.isArray(actual) && actual.length === expected.length && expected.every((m, i) => rightMatrix(actual[i], m))
  );
}

export function closeNumber(actual: number, expected: number, rtol = RTOL, atol = ATOL): boolean {
  if (sameSpecial(actual, expected)) return true;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/** ‖a − n‖ / max(‖a‖, ‖n‖, 1e-12) over several matrices taken as one vector. */
export function gradientRelativeError(analytic: Matrix[], numeric: Matrix[]): number {
  let diff = 0;
  let na = 0;
  let nn = 0;
  analytic.forEach((a, i) => {
    const n = numeric[i];
    for (let k = 0; k < a.data.length; k++) {
      diff += (a.data[k] - n.data[k]) ** 2;
      na += a.data[k] ** 2;
      nn += n.data[k] ** 2;
    }
  });
  const err = Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nn), 1e-12);
  return Number.isNaN(err) ? Infinity : err;
}

function countWhere(data: Float64Array, pred: (v: number) => boolean): number {
  let n = 0;
  for (const v of data) if (pred(v)) n++;
  return n;
}
