/**
 * Pearson and Spearman correlation of a feature with the target over the rows where both are present,
 * for the leakage check (a feature that tracks the target almost exactly, linearly or monotonically).
 */

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
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0, k = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    a[k] = x[i];
    b[k++] = y[i];
  }
  if (n < 3) return { pearson: NaN, spearman: NaN, n };
  return { pearson: pearsonOf(a, b), spearman: pearsonOf(averageRanks(a), averageRanks(b)), n };
}

function pearsonOf(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Ranks 1..n, ties sharing their average rank. */
function averageRanks(v: Float64Array): Float64Array {
  const order = Uint32Array.from({ length: v.length }, (_, i) => i).sort((p, q) => v[p] - v[q]);
  const ranks = new Float64Array(v.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && v[order[end]] === v[order[start]]) end++;
    const rank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}
