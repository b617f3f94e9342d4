/**
 * Principal components for the 2-D/3-D segment scatter: eigen-decomposition of the
 * covariance matrix (d is small) by cyclic Jacobi rotations, then projection.
 */
import { symmetricEigen } from '../models/linear/eigen';
import { assertMatrix } from './validate';

/** A fitted projection: plain data. */
export interface PcaResult {
  /** Number of components kept. */
  m: number;
  d: number;
  /** Column means subtracted before projecting. */
  mean: Float64Array;
  /** Components, row-major m×d, each unit length with its largest entry positive. */
  components: Float64Array;
  /** Variance along each component. */
  explainedVariance: Float64Array;
  /** Share of the total variance along each component. */
  explainedVarianceRatio: Float64Array;
  /** The data in component coordinates, row-major n×m. */
  projection: Float64Array;
}

/** Projects row-major `data` (n×d) onto its first `m` principal components (default 2). */
export function pca(data: Float64Array, n: number, d: number, m = 2): PcaResult {
  assertMatrix(data, n, d);
  if (!Number.isInteger(m) || m < 1 || m > d) throw new RangeError(`components must be between 1 and d = ${d}, got ${m}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b] += row[a] * row[b];
  }
  const denom = n > 1 ? n - 1 : 1;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= denom;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  const { values, vectors } = symmetricEigen(cov, d);
  const order = Array.from({ length: d }, (_, i) => i).sort((a, b) => values[b] - values[a]);
  let total = 0;
  for (let j = 0; j < d; j++) total += Math.max(0, values[j]);
  const components = new Float64Array(m * d);
  const explainedVariance = new Float64Array(m);
  const explainedVarianceRatio = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    const e = order[c];
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(vectors[j * d + e]) > Math.abs(big)) big = vectors[j * d + e];
    const sign = big < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * vectors[j * d + e];
    explainedVariance[c] = Math.max(0, values[e]);
    explainedVarianceRatio[c] = total > 0 ? explainedVariance[c] / total : 0;
  }
  const projection = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[i * d + j] - mean[j]) * components[c * d + j];
      projection[i * m + c] = s;
    }
  }
  return { m, d, mean, components, explainedVariance, explainedVarianceRatio, projection };
}
