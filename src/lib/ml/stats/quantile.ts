/**
 * Quantiles with numpy's default definition (`np.quantile(x, p)`, method
 * "linear", Hyndman–Fan type 7): position h = (n − 1)·p between the sorted values.
 */

/** The non-missing (non-NaN) values of `values`, sorted ascending, as a new array. */
export function sortedFinite(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.sort();
}

/**
 * The p-quantile of already sorted values (numpy "linear"); NaN when empty.
 * @param sorted ascending, no NaN
 * @param p in [0, 1]
 */
export function quantileSorted(sorted: Float64Array, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`Quantile p must be between 0 and 1, got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The quantiles `ps` (each in [0, 1]) of `values`, ignoring missing values (numpy "linear"). */
export function quantiles(values: Float64Array, ps: readonly number[]): number[] {
  const sorted = sortedFinite(values);
  return ps.map((p) => quantileSorted(sorted, p));
}
