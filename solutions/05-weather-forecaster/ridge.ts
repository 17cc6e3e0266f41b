/**
 * The ridge-regression baseline of exercise 05 (teacher-only: the grader and the report use it; students never
 * see it). A linear model of the whole standardised window predicts tomorrow's temp_max:
 *
 *     x = the window flattened to one row of T·6 = 42 values (day k's feature j at column 6k + j)
 *     ŷ = x·w + b,    minimising (1/N)·Σ_n (ŷ_n − y_n)² + λ·‖w‖²    (the intercept b is not penalised)
 *
 * The features are standardised with the training statistics (fitStandardizer); the target stays in °C. λ is chosen
 * on the validation MAE from RIDGE_LAMBDAS, and the model is fitted on the training windows only (it is not refitted
 * on training + validation). On the task this picks λ = 0.03 and scores ≈ 2.166 °C on the 2015 test.
 */
import { Matrix } from '../lib/matrix';
import { mae, standardize, type Standardizer, type Windows } from './forecaster';

/** The λ grid: 1 and 3 per decade, 1e-4 … 3. */
export const RIDGE_LAMBDAS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3];

export interface RidgeModel {
  w: Matrix; // K×1
  b: number;
  lambda: number;
}

/** The windows as one row each: N × (T·D), day k's feature j at column D·k + j. */
export function flattenWindows(w: Windows): Matrix {
  return Matrix.concatCols(w.xs);
}

/**
 * The minimiser of (1/N)·Σ (x·w + b − y)² + λ‖w‖². With the columns centred (X̄, ȳ their means) the intercept
 * separates: w = (XcᵀXc + N·λ·I)⁻¹·Xcᵀ·yc and b = ȳ − X̄·w.
 */
export function fitRidge(X: Matrix, y: Matrix, lambda: number): RidgeModel {
  const N = X.rows;
  const xMean = X.sumRows().scale(1 / N); // 1×K
  const yMean = y.sum() / N;
  const Xc = X.sub(xMean); //                N×K
  const yc = y.map((v) => v - yMean); //     N×1
  const A = Xc.transpose()
    .matmul(Xc)
    .map((v, r, c) => (r === c ? v + N * lambda : v)); // K×K, symmetric positive definite
  const w = solveSpd(A, Xc.transpose().matmul(yc)); //                                    K×1
  return { w, b: yMean - xMean.matmul(w).get(0, 0), lambda };
}

export function ridgePredict(model: RidgeModel, X: Matrix): Matrix {
  return X.matmul(model.w).map((v) => v + model.b);
}

export interface RidgeBaseline {
  model: RidgeModel;
  /** Validation MAE (°C) of every λ tried, in the order of the grid. */
  validation: { lambda: number; mae: number }[];
  /** Forecasts (°C) for the windows passed as `test`, N×1. */
  pred: Matrix;
}

/** Standardises with `s`, picks λ on the validation MAE (the first of equal ones), forecasts `test` in °C. */
export function ridgeBaseline(
  train: Windows,
  val: Windows,
  test: Windows,
  s: Standardizer,
  lambdas = RIDGE_LAMBDAS,
): RidgeBaseline {
  const X = (w: Windows): Matrix => flattenWindows(standardize(w, s));
  const Xtrain = X(train);
  const Xval = X(val);
  const validation = lambdas.map((lambda) => ({
    lambda,
    mae: mae(ridgePredict(fitRidge(Xtrain, train.y, lambda), Xval), val.y),
  }));
  const best = validation.reduce((a, b) => (b.mae < a.mae ? b : a));
  const model = fitRidge(Xtrain, train.y, best.lambda);
  return { model, validation, pred: ridgePredict(model, X(test)) };
}

/** Solves A·x = b for a symmetric positive definite A (K×K) and b (K×1) by Cholesky, A = L·Lᵀ. */
function solveSpd(A: Matrix, b: Matrix): Matrix {
  const K = A.rows;
  const L = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A.get(i, j);
      for (let k = 0; k < j; k++) sum -= L[i * K + k] * L[j * K + k];
      if (i === j) {
        if (!(sum > 0)) throw new Error('fitRidge: the system is not positive definite (use λ > 0)');
        L[i * K + i] = Math.sqrt(sum);
      } else L[i * K + j] = sum / L[j * K + j];
    }
  }
  const z = new Float64Array(K); // L·z = b
  for (let i = 0; i < K; i++) {
    let sum = b.get(i, 0);
    for (let k = 0; k < i; k++) sum -= L[i * K + k] * z[k];
    z[i] = sum / L[i * K + i];
  }
  const x = new Float64Array(K); // Lᵀ·x = z
  for (let i = K - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < K; k++) sum -= L[k * K + i] * x[k];
    x[i] = sum / L[i * K + i];
  }
  return new Matrix(K, 1, x);
}
