/**
 * Population stability index: Σ (c − r)·ln(c / r) over bins, where r and c are the shares of the
 * reference and current rows in each bin. Numeric columns are cut at the reference's deciles
 * (10 quantile bins, fewer when values repeat), categorical ones by level. A share of zero is
 * floored at `epsilon` so an empty bin counts as a large shift, not an infinity.
 * The usual reading: below 0.1 stable, 0.1 to 0.25 moderate, above 0.25 major.
 */
import { quantileSorted, sortedFinite } from '../stats/quantile';

/** Floor for a bin's share, so ln(c / r) stays finite (the value most drift tools use). */
export const psiEpsilon = 1e-4;

/** The PSI reading of a value: 'stable' below 0.1, 'moderate' to 0.25, 'major' above. */
export function psiReading(psi: number): 'stable' | 'moderate' | 'major' {
  return psi < 0.1 ? 'stable' : psi <= 0.25 ? 'moderate' : 'major';
}

/** PSI of two share vectors of equal length (each summing to 1). */
export function psiOfShares(reference: ArrayLike<number>, current: ArrayLike<number>, epsilon = psiEpsilon): number {
  if (reference.length !== current.length) throw new Error(`PSI needs equal bins, got ${reference.length} and ${current.length}`);
  let total = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max(reference[i], epsilon);
    const c = Math.max(current[i], epsilon);
    total += (c - r) * Math.log(c / r);
  }
  return total;
}

/**
 * The inner cut points of `bins` quantile bins of the sorted reference values, without repeats:
 * a value v falls in bin j when edges[j − 1] < v ≤ edges[j] (the last bin is open above).
 */
export function quantileEdges(sortedReference: Float64Array, bins = 10): Float64Array {
  const edges: number[] = [];
  for (let j = 1; j < bins; j++) {
    const q = quantileSorted(sortedReference, j / bins);
    if (edges.length === 0 || q > edges[edges.length - 1]) edges.push(q);
  }
  // The top edge equal to the maximum would leave an empty last bin: drop it.
  while (edges.length && edges[edges.length - 1] >= sortedReference[sortedReference.length - 1]) edges.pop();
  return Float64Array.from(edges);
}

/** Shares of the non-missing `values` in the bins cut at `edges` (edges.length + 1 bins). */
export function binShares(values: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v <= edges[mid]) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]++;
    n++;
  }
  if (n > 0) for (let j = 0; j < counts.length; j++) counts[j] /= n;
  return counts;
}

/** PSI of a numeric column: 10 (or `bins`) quantile bins of the reference; missing values ignored; NaN when either side is empty. */
export function psiNumeric(reference: Float64Array, current: Float64Array, bins = 10): number {
  const sorted = sortedFinite(reference);
  if (sorted.length === 0 || sortedFinite(current).length === 0) return NaN;
  const edges = quantileEdges(sorted, bins);
  return psiOfShares(binShares(sorted, edges), binShares(current, edges));
}

/**
 * PSI of a categorical column given as level codes: `reference[i]` and `current[i]` index into
 * the same list of `levels` levels (a level seen only in the current file gets its own code);
 * a negative code is missing and ignored.
 */
export function psiCategorical(reference: ArrayLike<number>, current: ArrayLike<number>, levels: number): number {
  const shares = (codes: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(levels);
    let n = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c < 0) continue;
      out[c]++;
      n++;
    }
    if (n > 0) for (let j = 0; j < levels; j++) out[j] /= n;
    return out;
  };
  return psiOfShares(shares(reference), shares(current));
}
