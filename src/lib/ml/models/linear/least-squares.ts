/** Ordinary least squares and ridge regression through the centred normal equations. */
import type { ProgressCallback, TrainingData } from '../../core/model';
import { centeredGram } from './gram';
import { makeLinearModel, type LinearRegressionModel } from './linear-model';
import { solvePseudoInverse, solveSymmetric } from './solve';

/** Options of ordinary least squares (none yet; kept for the registry's uniform shape). */
export type LinearRegressionOptions = Record<string, never>;

/** Defaults of ordinary least squares. */
export const defaultLinearRegressionOptions: LinearRegressionOptions = {};

/** Options of ridge regression. */
export interface RidgeOptions {
  /** L2 penalty α on Σ w² (intercept unpenalised), sklearn's Ridge(alpha); default 1. */
  alpha: number;
}

/** Defaults of ridge regression (sklearn's). */
export const defaultRidgeOptions: RidgeOptions = { alpha: 1 };

function assertRegression(data: TrainingData, name: string): void {
  if (data.task !== 'regression') throw new Error(`${name} is a regression model; use logistic regression for classification`);
}

/**
 * Fits ordinary least squares with an intercept. Cholesky on XᵀX, and the minimum-norm
 * solution (like numpy's lstsq) when X is rank deficient, e.g. one-hot columns that sum to the intercept.
 */
export function fitLinearRegression(
  data: TrainingData,
  _options: Partial<LinearRegressionOptions> = {},
  onProgress?: ProgressCallback,
): LinearRegressionModel {
  assertRegression(data, 'Linear regression');
  const p = data.X.cols;
  const g = centeredGram(data.X, data.y, data.sampleWeight);
  const w = p === 0 ? new Float64Array(0) : solveSymmetric(g.A, g.b, p);
  onProgress?.(1, 1);
  return makeLinearModel('linear', w, interceptOf(g.yMean, g.xMean, w), data.featureNames);
}

/** Fits ridge regression: minimises Σ wᵢ(yᵢ − ŷᵢ)² + α‖w‖² with an unpenalised intercept. */
export function fitRidge(data: TrainingData, options: Partial<RidgeOptions> = {}, onProgress?: ProgressCallback): LinearRegressionModel {
  assertRegression(data, 'Ridge');
  const { alpha } = { ...defaultRidgeOptions, ...options };
  if (!(alpha >= 0)) throw new Error(`Ridge alpha must be ≥ 0, got ${alpha}`);
  const p = data.X.cols;
  const g = centeredGram(data.X, data.y, data.sampleWeight);
  for (let j = 0; j < p; j++) g.A[j * p + j] += alpha;
  const w = p === 0 ? new Float64Array(0) : alpha > 0 ? solveSymmetric(g.A, g.b, p) : solvePseudoInverse(g.A, g.b, p);
  onProgress?.(1, 1);
  return makeLinearModel('ridge', w, interceptOf(g.yMean, g.xMean, w), data.featureNames);
}

/** The intercept that makes the fit pass through the (weighted) means. */
export function interceptOf(yMean: number, xMean: Float64Array, w: Float64Array): number {
  let s = yMean;
  for (let j = 0; j < w.length; j++) s -= xMean[j] * w[j];
  return s;
}
