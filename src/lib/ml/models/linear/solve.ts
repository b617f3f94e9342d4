/**
 * Small dense symmetric solvers for the normal equations of linear models:
 * Cholesky when the matrix is well conditioned, an eigen pseudo-inverse otherwise.
 */
import { symmetricEigen } from './eigen';

/**
 * Solves A x = b for symmetric positive definite A (p × p, row-major) by Cholesky.
 * Returns null when a pivot is not clearly positive (rank deficient or ill conditioned).
 */
export function solveCholesky(A: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * p + i]));
  // Relative pivot floor: below it the factor amplifies rounding noise into huge coefficients.
  const floor = Math.max(maxDiag, 1e-300) * 1e-10;
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j];
    for (let k = 0; k < j; k++) d -= L[j * p + k] * L[j * p + k];
    if (!(d > floor)) return null;
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = s / ljj;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

/**
 * The minimum-norm least-squares solution of A x = b for symmetric positive semi-definite A
 * (what numpy's lstsq gives on the normal equations): eigenvalues below a relative cutoff count as zero.
 */
export function solvePseudoInverse(A: Float64Array, b: Float64Array, p: number, rcond = 1e-10): Float64Array {
  const { values, vectors } = symmetricEigen(A, p);
  let maxValue = 0;
  for (let i = 0; i < p; i++) maxValue = Math.max(maxValue, Math.abs(values[i]));
  const cutoff = maxValue * rcond;
  const x = new Float64Array(p);
  for (let e = 0; e < p; e++) {
    if (!(values[e] > cutoff)) continue;
    let proj = 0;
    for (let i = 0; i < p; i++) proj += vectors[i * p + e] * b[i];
    const scale = proj / values[e];
    for (let i = 0; i < p; i++) x[i] += scale * vectors[i * p + e];
  }
  return x;
}

/** Solves symmetric A x = b: Cholesky, falling back to the pseudo-inverse for rank-deficient A. */
export function solveSymmetric(A: Float64Array, b: Float64Array, p: number): Float64Array {
  return solveCholesky(A, b, p) ?? solvePseudoInverse(A, b, p);
}
