/** A seeded random subset of row indices, for plots of large tables. */
import { Random } from '../core/random';

/** `k` distinct row indices of 0..n−1 in ascending order (all rows when n ≤ k), chosen with `seed`. */
export function sampleRows(n: number, k: number, seed = 0): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (n <= k) return all;
  return new Random(seed).shuffle(all).slice(0, k).sort();
}
