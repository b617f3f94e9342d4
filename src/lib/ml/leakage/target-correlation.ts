/**
 * Pearson and Spearman correlation of a feature with the target over the rows where both are present,
 * for the leakage check (a feature that tracks the target almost exactly, linearly or monotonically).
 */
import { pearson, spearman } from '../stats/correlation';

/** Both correlations; NaN when fewer than 3 complete rows or a constant side. */
export interface TargetCorrelation {
  pearson: number;
  spearman: number;
  /** Rows where both values are present. */
  n: number;
}

/** Pearson and Spearman (average ranks for ties) correlation of x and y, pairwise complete. */
export function targetCorrelation(x: Float64Array, y: Float64Array): TargetCorrelation {
  if (x.length !== y.length) throw new Error(`targetCorrelation: ${x.length} feature values but ${y.length} target values`);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) n++;
  if (n < 3) return { pearson: NaN, spearman: NaN, n };
  return { pearson: pearson(x, y), spearman: spearman(x, y), n };
}
