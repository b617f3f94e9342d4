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

/**
 * The median of `values` (no NaN; 0 when empty), the same number sorting would give: the middle
 * value, or the mean of the two middle ones. Reorders `values` (a quickselect: linear time, where a
 * sort of a 160,000-row fold's column took about 10× longer).
 */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  const upper = selectInPlace(values, mid);
  if (n % 2) return upper;
  // Everything before `mid` is ≤ values[mid] now: the lower middle value is their largest.
  let lower = values[0];
  for (let i = 1; i < mid; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** Puts the k-th smallest of `a` (no NaN) at a[k], smaller-or-equal values before it and larger-or-equal after; returns it (Hoare's selection, median-of-three pivots). */
function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const m = (lo + hi) >> 1;
    // Median of three at a[m]; a[lo] ≤ a[m] ≤ a[hi] after these swaps.
    if (a[m] < a[lo]) swap(a, m, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[m]) swap(a, hi, m);
    const pivot = a[m];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and a[j+1..i-1] equal the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
