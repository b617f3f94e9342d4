/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labelings, as scikit-learn's
 * `adjusted_rand_score`: 1 for identical partitions (up to renaming), about 0 for chance.
 */

/** ARI of two labelings of the same rows (labels are non-negative integers). */
export function adjustedRandIndex(a: Int32Array | readonly number[], b: Int32Array | readonly number[]): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`labelings differ in length: ${n} and ${b.length}`);
  let ka = 0;
  let kb = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] < 0 || b[i] < 0) throw new RangeError(`labels must be non-negative, row ${i} has ${a[i]}, ${b[i]}`);
    if (a[i] + 1 > ka) ka = a[i] + 1;
    if (b[i] + 1 > kb) kb = b[i] + 1;
  }
  const table = new Float64Array(ka * kb);
  const rowSums = new Float64Array(ka);
  const colSums = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    table[a[i] * kb + b[i]]++;
    rowSums[a[i]]++;
    colSums[b[i]]++;
  }
  const pairs = (x: number): number => (x * (x - 1)) / 2;
  let index = 0;
  for (let i = 0; i < table.length; i++) index += pairs(table[i]);
  let sumA = 0;
  for (let i = 0; i < ka; i++) sumA += pairs(rowSums[i]);
  let sumB = 0;
  for (let j = 0; j < kb; j++) sumB += pairs(colSums[j]);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  // Both labelings put everything in one cluster (or all singletons): identical, as scikit-learn.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
