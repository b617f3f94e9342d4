/**
 * Lasso and elastic net by cyclic coordinate descent on the centred Gram matrix
 * (sklearn's enet_coordinate_descent_gram): each sweep costs O(p²), independent of n.
 * Objective (sklearn's): 1/(2n)‖y − Xw‖² + α·l1Ratio‖w‖₁ + α(1 − l1Ratio)/2‖w‖², intercept unpenalised.
 */
import type { ProgressCallback, TrainingData } from '../../core/model';
import { centeredGram } from './gram';
import { interceptOf } from './least-squares';
import { makeLinearModel, type LinearRegressionModel } from './linear-model';

/** Options of the elastic net. */
export interface ElasticNetOptions {
  /** Overall penalty strength α (sklearn alpha); default 1. */
  alpha: number;
  /** Share of L1 in the penalty, 0..1 (sklearn l1_ratio); default 0.5. */
  l1Ratio: number;
  /** Maximum number of full sweeps; default 1000 (sklearn max_iter). */
  maxIter: number;
  /** Duality-gap tolerance relative to ‖y − ȳ‖² (sklearn tol); default 1e-4. */
  tol: number;
}

/** Defaults of the elastic net (sklearn's ElasticNet). */
export const defaultElasticNetOptions: ElasticNetOptions = { alpha: 1, l1Ratio: 0.5, maxIter: 1000, tol: 1e-4 };

/** Options of the lasso: the elastic net with l1Ratio fixed at 1. */
export type LassoOptions = Omit<ElasticNetOptions, 'l1Ratio'>;

/** Defaults of the lasso (sklearn's Lasso). */
export const defaultLassoOptions: LassoOptions = { alpha: 1, maxIter: 1000, tol: 1e-4 };

/** Fits the lasso (L1-penalised least squares). */
export function fitLasso(data: TrainingData, options: Partial<LassoOptions> = {}, onProgress?: ProgressCallback): LinearRegressionModel {
  const model = fitElasticNetKind(data, { ...defaultLassoOptions, ...options, l1Ratio: 1 }, onProgress);
  return makeLinearModel('lasso', model.coefficients, model.intercept, data.featureNames);
}

/** Fits the elastic net (L1 + L2 penalised least squares). */
export function fitElasticNet(
  data: TrainingData,
  options: Partial<ElasticNetOptions> = {},
  onProgress?: ProgressCallback,
): LinearRegressionModel {
  return fitElasticNetKind(data, { ...defaultElasticNetOptions, ...options }, onProgress);
}

function fitElasticNetKind(data: TrainingData, o: ElasticNetOptions, onProgress?: ProgressCallback): LinearRegressionModel {
  if (data.task !== 'regression') throw new Error('Lasso and elastic net are regression models; use logistic regression for classification');
  if (!(o.alpha >= 0)) throw new Error(`alpha must be ≥ 0, got ${o.alpha}`);
  if (!(o.l1Ratio >= 0 && o.l1Ratio <= 1)) throw new Error(`l1Ratio must be within 0..1, got ${o.l1Ratio}`);
  const p = data.X.cols;
  const g = centeredGram(data.X, data.y, data.sampleWeight);
  const n = g.weightSum;
  const l1 = o.alpha * o.l1Ratio * n;
  const l2 = o.alpha * (1 - o.l1Ratio) * n;
  const { A, b } = g;
  const w = new Float64Array(p);
  // grad = b − A w, kept current as coordinates move.
  const grad = Float64Array.from(b);
  const tolScaled = o.tol * g.yy;
  for (let iter = 0; iter < o.maxIter; iter++) {
    let maxChange = 0;
    let maxW = 0;
    for (let j = 0; j < p; j++) {
      const ajj = A[j * p + j];
      if (ajj === 0) continue;
      const old = w[j];
      const rho = grad[j] + ajj * old;
      const next = Math.abs(rho) > l1 ? (rho - Math.sign(rho) * l1) / (ajj + l2) : 0;
      const delta = next - old;
      if (delta !== 0) {
        w[j] = next;
        const row = j * p;
        for (let k = 0; k < p; k++) grad[k] -= A[row + k] * delta;
      }
      maxChange = Math.max(maxChange, Math.abs(delta));
      maxW = Math.max(maxW, Math.abs(next));
    }
    onProgress?.(iter + 1, o.maxIter);
    if (maxW === 0 || maxChange / maxW < o.tol || iter === o.maxIter - 1) {
      if (dualityGap(b, g.yy, w, grad, l1, l2) < tolScaled) break;
    }
  }
  return makeLinearModel('elasticnet', w, interceptOf(g.yMean, g.xMean, w), data.featureNames);
}

/** The duality gap of the (unnormalised) elastic-net problem, as sklearn computes it for the Gram solver. */
function dualityGap(b: Float64Array, yy: number, w: Float64Array, grad: Float64Array, l1: number, l2: number): number {
  const p = w.length;
  let wb = 0;
  let wAw = 0;
  let norm1 = 0;
  let norm2 = 0;
  let dualNorm = 0;
  for (let j = 0; j < p; j++) {
    wb += w[j] * b[j];
    wAw += w[j] * (b[j] - grad[j]); // wᵀAw, since grad = b − Aw
    norm1 += Math.abs(w[j]);
    norm2 += w[j] * w[j];
    dualNorm = Math.max(dualNorm, Math.abs(grad[j] - l2 * w[j]));
  }
  const rNorm2 = Math.max(yy - 2 * wb + wAw, 0);
  let scale = 1;
  let gap = rNorm2;
  if (dualNorm > l1) {
    scale = l1 / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * scale * scale);
  }
  return gap + l1 * norm1 - scale * yy + scale * wb + 0.5 * l2 * (1 + scale * scale) * norm2;
}
