/**
 * Principal components for the 2-D/3-D segment scatter: eigen-decomposition of the
 * covariance matrix (d is small) by cyclic Jacobi rotations, then projection.
 */
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

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major d×d) of a symmetric
 * matrix by cyclic Jacobi rotations; accurate to machine precision for small d.
 */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = matrix.slice();
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] * a[p * d + q];
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: v };
}
