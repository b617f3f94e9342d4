/** Weighted centred normal equations: the sufficient statistics every linear regressor solves from. */
import type { Matrix } from '../../core/matrix';

/** XᵀX and Xᵀy of the weighted, centred data, plus the means used to centre. */
export interface CenteredGram {
  /** p × p row-major Σ wᵢ (xᵢ − x̄)(xᵢ − x̄)ᵀ. */
  A: Float64Array;
  /** Σ wᵢ (xᵢ − x̄)(yᵢ − ȳ). */
  b: Float64Array;
  /** Σ wᵢ (yᵢ − ȳ)². */
  yy: number;
  xMean: Float64Array;
  yMean: number;
  /** Σ wᵢ. */
  weightSum: number;
}

/** Builds the centred Gram matrix of X (n × p) against y with optional row weights (default 1). */
export function centeredGram(X: Matrix, y: Float64Array, weight?: Float64Array): CenteredGram {
  const { rows: n, cols: p, data } = X;
  if (y.length !== n) throw new Error(`y has ${y.length} values but X has ${n} rows`);
  if (n === 0) throw new Error('Cannot fit a linear model on 0 rows');
  const xMean = new Float64Array(p);
  let yMean = 0;
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const w = weight ? weight[i] : 1;
    weightSum += w;
    yMean += w * y[i];
    const o = i * p;
    for (let j = 0; j < p; j++) xMean[j] += w * data[o + j];
  }
  if (!(weightSum > 0)) throw new Error('Sample weights must sum to a positive number');
  yMean /= weightSum;
  for (let j = 0; j < p; j++) xMean[j] /= weightSum;
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const row = new Float64Array(p);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const w = weight ? weight[i] : 1;
    const o = i * p;
    for (let j = 0; j < p; j++) row[j] = data[o + j] - xMean[j];
    const r = y[i] - yMean;
    yy += w * r * r;
    for (let j = 0; j < p; j++) {
      const wj = w * row[j];
      if (wj === 0) continue;
      b[j] += wj * r;
      const base = j * p;
      for (let k = j; k < p; k++) A[base + k] += wj * row[k];
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j];
  return { A, b, yy, xMean, yMean, weightSum };
}
