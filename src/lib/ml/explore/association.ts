/**
 * Associations that involve a categorical column, on the rows where both sides are present:
 * Cramér's V between two categoricals and the correlation ratio η of a number on a categorical.
 * Both run from 0 (no association) to 1 (one determines the other). For a two-valued side they
 * agree with Pearson's r on 0/1 values: V = |φ| for two booleans, η = |r| (point-biserial) for a
 * number against a boolean, and η of a 0/1 column on a categorical equals their V.
 */

/**
 * Cramér's V, the standard bias-uncorrected definition (Cramér 1946; scipy
 * `contingency.association(method='cramer')`): V = √(χ² / (n · min(r − 1, c − 1))), with χ² the
 * Pearson statistic of the contingency table and r, c the levels that occur in the complete rows.
 * NaN when either side has fewer than two such levels.
 * @param a codes of the first column (−1 = missing), each below `aLevels`
 * @param b codes of the second column (−1 = missing), each below `bLevels`
 */
export function cramersV(a: Int32Array, aLevels: number, b: Int32Array, bLevels: number): number {
  if (a.length !== b.length) throw new Error(`Cramér's V needs equal lengths, got ${a.length} and ${b.length}`);
  const cells = new Float64Array(aLevels * bLevels);
  const rowSums = new Float64Array(aLevels);
  const colSums = new Float64Array(bLevels);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x < 0 || y < 0) continue;
    cells[x * bLevels + y]++;
    rowSums[x]++;
    colSums[y]++;
    n++;
  }
  let r = 0;
  let c = 0;
  for (let x = 0; x < aLevels; x++) if (rowSums[x] > 0) r++;
  for (let y = 0; y < bLevels; y++) if (colSums[y] > 0) c++;
  const df = Math.min(r - 1, c - 1);
  if (n === 0 || df < 1) return NaN;
  // χ² = n · (Σ O² / (Rᵢ·Cⱼ) − 1), summed over the cells that occur.
  let sum = 0;
  for (let x = 0; x < aLevels; x++) {
    if (rowSums[x] === 0) continue;
    for (let y = 0; y < bLevels; y++) {
      const o = cells[x * bLevels + y];
      if (o > 0) sum += (o * o) / (rowSums[x] * colSums[y]);
    }
  }
  const chi2 = n * (sum - 1);
  return Math.min(1, Math.sqrt(Math.max(0, chi2) / (n * df)));
}

/**
 * The correlation ratio η of `values` on the categories `codes` (Pearson 1903): √(SS between
 * groups / SS total), over rows where both are present (NaN values and −1 codes left out). NaN
 * with no such rows or when the values there are all equal.
 * @param codes categories (−1 = missing), each below `levels`
 * @param values numbers (NaN = missing)
 */
export function correlationRatio(codes: Int32Array, levels: number, values: Float64Array): number {
  if (codes.length !== values.length) throw new Error(`The correlation ratio needs equal lengths, got ${codes.length} and ${values.length}`);
  const { means, counts } = meansByGroup(codes, levels, values);
  let n = 0;
  let total = 0;
  for (let g = 0; g < levels; g++) {
    if (counts[g] === 0) continue;
    n += counts[g];
    total += counts[g] * means[g];
  }
  if (n === 0) return NaN;
  const mean = total / n;
  let ssTotal = 0;
  for (let i = 0; i < codes.length; i++) {
    const g = codes[i];
    const v = values[i];
    if (g < 0 || Number.isNaN(v)) continue;
    ssTotal += (v - mean) * (v - mean);
  }
  if (!(ssTotal > 0) || !Number.isFinite(ssTotal)) return NaN;
  let ssBetween = 0;
  for (let g = 0; g < levels; g++) {
    if (counts[g] === 0) continue;
    const d = means[g] - mean;
    ssBetween += counts[g] * d * d;
  }
  return Math.min(1, Math.sqrt(ssBetween / ssTotal));
}

/** The mean of `values` in each category of `codes` (NaN for a category with no present value). */
export function meansByGroup(codes: Int32Array, levels: number, values: Float64Array): { means: Float64Array; counts: Int32Array } {
  const counts = new Int32Array(levels);
  const sums = new Float64Array(levels);
  for (let i = 0; i < codes.length; i++) {
    const g = codes[i];
    const v = values[i];
    if (g < 0 || Number.isNaN(v)) continue;
    counts[g]++;
    sums[g] += v;
  }
  const means = new Float64Array(levels);
  for (let g = 0; g < levels; g++) means[g] = counts[g] ? sums[g] / counts[g] : NaN;
  return { means, counts };
}
