/**
 * Variance inflation factors: VIF_j = 1 / (1 − R²_j), R²_j of an OLS fit (with intercept)
 * of column j on the other columns. Computed from the correlation matrix of the
 * complete rows: R²_j = r_jᵀ R₋ⱼ⁻¹ r_j, solved by a Cholesky factorisation that skips
 * predictors already explained by the others, so an exact duplicate elsewhere does
 * not make every VIF infinite.
 */
import { correlationMatrix } from './correlation';

/** One column's VIF. */
export interface VifEntry {
  name: string;
  /** R² of this column on the others. */
  r2: number;
  /** 1 / (1 − R²); Infinity when the column is an exact linear combination of the others. */
  vif: number;
}

/** Options of {@link varianceInflation}. */
export interface VifOptions {
  /** A predictor whose unexplained share of variance is below this is treated as redundant. */
  tolerance: number;
}

/** Default VIF options. */
export const defaultVifOptions: VifOptions = { tolerance: 1e-10 };

/** R² of target t on predictors `others` given a correlation matrix `R` (k×k, row-major). */
function explainedShare(R: Float64Array, k: number, t: number, others: number[], tolerance: number): number {
  const m = others.length;
  const L = new Float64Array(m * m);
  const kept: number[] = [];
  const w = new Float64Array(m);
  for (const p of others) {
    const s = kept.length;
    // Solve L w = R[kept, p] by forward substitution.
    for (let a = 0; a < s; a++) {
      let v = R[kept[a] * k + p];
      for (let b = 0; b < a; b++) v -= L[a * m + b] * w[b];
      w[a] = v / L[a * m + a];
    }
    let d = R[p * k + p];
    for (let a = 0; a < s; a++) d -= w[a] * w[a];
    if (d <= tolerance) continue;
    for (let a = 0; a < s; a++) L[s * m + a] = w[a];
    L[s * m + s] = Math.sqrt(d);
    kept.push(p);
  }
  // R² = ‖L⁻¹ R[kept, t]‖² (the diagonal of R is 1).
  let r2 = 0;
  const z = new Float64Array(kept.length);
  for (let a = 0; a < kept.length; a++) {
    let v = R[kept[a] * k + t];
    for (let b = 0; b < a; b++) v -= L[a * m + b] * z[b];
    z[a] = v / L[a * m + a];
    r2 += z[a] * z[a];
  }
  return Math.min(1, r2);
}

/**
 * The VIF of each named numeric column against the others, on rows where all are
 * present. Constant columns get NaN (they explain nothing and cannot be explained).
 */
export function varianceInflation(
  columns: readonly { name: string; values: Float64Array }[],
  options: Partial<VifOptions> = {},
): VifEntry[] {
  const { tolerance } = { ...defaultVifOptions, ...options };
  const k = columns.length;
  if (k < 2) return columns.map((c) => ({ name: c.name, r2: 0, vif: 1 }));
  const n = columns[0].values.length;
  let rows = 0;
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let ok = 1;
    for (const c of columns) if (Number.isNaN(c.values[i])) ok = 0;
    keep[i] = ok;
    rows += ok;
  }
  const complete = columns.map((c) => {
    if (rows === n) return c.values;
    const out = new Float64Array(rows);
    let j = 0;
    for (let i = 0; i < n; i++) if (keep[i]) out[j++] = c.values[i];
    return out;
  });
  const R = correlationMatrix(columns.map((c, i) => ({ name: c.name, values: complete[i] }))).values;
  const constant = new Uint8Array(k);
  for (let i = 0; i < k; i++) {
    constant[i] = Number.isNaN(R[i * k + i]) ? 1 : 0;
    R[i * k + i] = 1;
    for (let j = 0; j < k; j++) if (Number.isNaN(R[i * k + j])) R[i * k + j] = 0;
  }
  return columns.map((c, t) => {
    if (constant[t]) return { name: c.name, r2: NaN, vif: NaN };
    const others: number[] = [];
    for (let j = 0; j < k; j++) if (j !== t && !constant[j]) others.push(j);
    const r2 = explainedShare(R, k, t, others, tolerance);
    const vif = 1 - r2 <= tolerance ? Infinity : 1 / (1 - r2);
    return { name: c.name, r2, vif };
  });
}
