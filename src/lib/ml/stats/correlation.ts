/**
 * Pearson and Spearman correlations, pairwise-complete on missing values (each pair
 * uses the rows where both are present, as pandas `DataFrame.corr`).
 */
import { averageRanks } from './rank';

/** Correlation method. */
export type CorrelationMethod = 'pearson' | 'spearman';

/** A symmetric correlation matrix: `values[i * names.length + j]`. */
export interface CorrelationMatrix {
  method: CorrelationMethod;
  names: string[];
  values: Float64Array;
}

/** One pair of a correlation matrix. */
export interface CorrelationPair {
  a: string;
  b: string;
  r: number;
}

function hasMissing(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) return true;
  return false;
}

/** Pearson r over the rows where both are present; NaN with fewer than 2 such rows or a constant side. */
export function pearson(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) throw new Error(`Correlation needs equal lengths, got ${x.length} and ${y.length}`);
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 2) return NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const dx = a - mx;
    const dy = b - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function completePairs(x: Float64Array, y: Float64Array): [Float64Array, Float64Array] {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) n++;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    a[k] = x[i];
    b[k++] = y[i];
  }
  return [a, b];
}

/** Spearman ρ: Pearson r of the average ranks, ranked within the rows where both are present. */
export function spearman(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) throw new Error(`Correlation needs equal lengths, got ${x.length} and ${y.length}`);
  const [a, b] = hasMissing(x) || hasMissing(y) ? completePairs(x, y) : [x, y];
  return pearson(averageRanks(a), averageRanks(b));
}

/** Deviations from the mean and their norm, for a column with no missing values. */
function centre(x: Float64Array): { d: Float64Array; norm: number } {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  const mean = sum / x.length;
  const d = new Float64Array(x.length);
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    d[i] = x[i] - mean;
    ss += d[i] * d[i];
  }
  return { d, norm: Math.sqrt(ss) };
}

/**
 * The correlation matrix of named numeric columns (NaN = missing). Columns with no
 * missing values are centred (and for Spearman ranked) once, so each pair is one dot
 * product; pairs with missing values use their complete rows.
 */
export function correlationMatrix(
  columns: readonly { name: string; values: Float64Array }[],
  method: CorrelationMethod = 'pearson',
): CorrelationMatrix {
  const k = columns.length;
  const values = new Float64Array(k * k);
  const complete = columns.map((c) => !hasMissing(c.values));
  const centred = columns.map((c, i) => (complete[i] && c.values.length >= 2 ? centre(method === 'spearman' ? averageRanks(c.values) : c.values) : null));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const a = centred[i];
      const b = centred[j];
      let r: number;
      if (a && b) {
        if (a.norm === 0 || b.norm === 0) r = NaN;
        else if (i === j) r = 1;
        else {
          let dot = 0;
          for (let t = 0; t < a.d.length; t++) dot += a.d[t] * b.d[t];
          r = Math.max(-1, Math.min(1, dot / (a.norm * b.norm)));
        }
      } else if (i === j) r = Number.isNaN(pearson(columns[i].values, columns[i].values)) ? NaN : 1;
      else r = method === 'pearson' ? pearson(columns[i].values, columns[j].values) : spearman(columns[i].values, columns[j].values);
      values[i * k + j] = r;
      values[j * k + i] = r;
    }
  }
  return { method, names: columns.map((c) => c.name), values };
}

/** The off-diagonal pairs of a correlation matrix, strongest |r| first (NaN pairs left out). */
export function strongestPairs(matrix: CorrelationMatrix, limit = Infinity): CorrelationPair[] {
  const k = matrix.names.length;
  const pairs: CorrelationPair[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const r = matrix.values[i * k + j];
      if (!Number.isNaN(r)) pairs.push({ a: matrix.names[i], b: matrix.names[j], r });
    }
  }
  pairs.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
  return pairs.slice(0, limit);
}
