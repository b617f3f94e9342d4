/**
 * Silhouette coefficient (Rousseeuw 1987) with Euclidean distance, as scikit-learn's
 * `silhouette_score`: s = (b − a) / max(a, b), 0 for rows in singleton clusters.
 * Exact in O(n²·d) with one pass over the pairs (each distance added to both rows'
 * per-cluster sums); above `maxExact` rows, computed on a seeded random sample.
 */
import { Random } from '../core/random';
import { assertMatrix } from './validate';

/** Options of `silhouetteScore`. */
export interface SilhouetteOptions {
  /** Largest n computed exactly; above it a sample of `sampleSize` rows is used. */
  maxExact: number;
  sampleSize: number;
  seed: number;
}

/** Exact up to 10,000 rows, else a 10,000-row sample drawn with seed 0. */
export const defaultSilhouetteOptions: SilhouetteOptions = { maxExact: 10_000, sampleSize: 10_000, seed: 0 };

/** A silhouette score and how it was obtained. */
export interface SilhouetteResult {
  value: number;
  /** True when computed on a random sample of the rows. */
  sampled: boolean;
  /** Rows the value was computed on. */
  n: number;
}

/** The silhouette of each row (n values) for `labels` in [0, k). */
export function silhouetteSamples(data: Float64Array, n: number, d: number, labels: Int32Array, k: number): Float64Array {
  assertMatrix(data, n, d);
  if (labels.length !== n) throw new RangeError(`labels has ${labels.length} entries, expected ${n}`);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (!(l >= 0 && l < k)) throw new RangeError(`label ${l} at row ${i} is outside [0, ${k})`);
    sizes[l]++;
  }
  let used = 0;
  for (let c = 0; c < k; c++) if (sizes[c] > 0) used++;
  if (used < 2 || used > n - 1) {
    throw new RangeError(`silhouette needs between 2 and n−1 non-empty clusters, got ${used} for ${n} rows`);
  }
  const sums = pairSums(data, n, d, labels, k, sizes);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const li = labels[i];
    if (sizes[li] <= 1) continue;
    const a = sums[i * k + li] / (sizes[li] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === li || sizes[c] === 0) continue;
      const m = sums[i * k + c] / sizes[c];
      if (m < b) b = m;
    }
    const denom = a > b ? a : b;
    out[i] = denom > 0 ? (b - a) / denom : 0;
  }
  return out;
}

/**
 * For each row i and cluster c, the sum of the distances from row i to the rows of c (row-major
 * n × k). One pass over the pairs i < j, each distance added to both rows' sums. The rows are
 * visited grouped by cluster, so the inner loop runs over one cluster's rows at a time: no branch
 * on the label, and row i's sum for that cluster is kept in a register.
 */
function pairSums(data: Float64Array, n: number, d: number, labels: Int32Array, k: number, sizes: Float64Array): Float64Array {
  // Rows grouped by cluster (in row order within each), and where each cluster's group starts.
  const starts = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) starts[c + 1] = starts[c] + sizes[c];
  const next = starts.slice(0, k);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[labels[i]]++] = i;
  const grouped = new Float64Array(n * d);
  for (let p = 0; p < n; p++) grouped.set(data.subarray(order[p] * d, order[p] * d + d), p * d);
  const groupedSums = new Float64Array(n * k);
  let li = 0;
  for (let i = 0; i < n; i++) {
    while (i >= starts[li + 1]) li++;
    const o = i * d;
    for (let c = li; c < k; c++) {
      const from = c === li ? i + 1 : starts[c];
      const to = starts[c + 1];
      let toCluster = 0;
      for (let j = from; j < to; j++) {
        const p = j * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = grouped[o + t] - grouped[p + t];
          s += diff * diff;
        }
        const dist = Math.sqrt(s);
        toCluster += dist;
        groupedSums[j * k + li] += dist;
      }
      groupedSums[i * k + c] += toCluster;
    }
  }
  // Back to the rows' own order.
  const sums = new Float64Array(n * k);
  for (let p = 0; p < n; p++) sums.set(groupedSums.subarray(p * k, p * k + k), order[p] * k);
  return sums;
}

/** The rows a silhouette score is computed on: all of them, or a seeded sample. */
export interface SilhouetteInput {
  data: Float64Array;
  n: number;
  labels: Int32Array;
  sampled: boolean;
}

/**
 * All rows when n ≤ `maxExact`, else a seeded sample of `sampleSize` rows (distances within
 * the sample only, as scikit-learn's `sample_size`).
 */
export function silhouetteInput(data: Float64Array, n: number, d: number, labels: Int32Array, options: Partial<SilhouetteOptions> = {}): SilhouetteInput {
  const opts = { ...defaultSilhouetteOptions, ...options };
  if (n <= opts.maxExact) return { data, n, labels, sampled: false };
  const m = Math.min(opts.sampleSize, n);
  const rows = sampleRows(n, m, new Random(opts.seed));
  const sub = new Float64Array(m * d);
  const subLabels = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const i = rows[r];
    sub.set(data.subarray(i * d, i * d + d), r * d);
    subLabels[r] = labels[i];
  }
  return { data: sub, n: m, labels: subLabels, sampled: true };
}

/** The mean silhouette of every row of `data` (n×d) for `labels` in [0, k). */
export function meanSilhouette(data: Float64Array, n: number, d: number, labels: Int32Array, k: number): number {
  return mean(silhouetteSamples(data, n, d, labels, k));
}

/** The mean silhouette of `labels` in [0, k); exact up to `maxExact` rows, else on a seeded sample (`silhouetteInput`). */
export function silhouetteScore(
  data: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
  options: Partial<SilhouetteOptions> = {},
): SilhouetteResult {
  const input = silhouetteInput(data, n, d, labels, options);
  return { value: meanSilhouette(input.data, input.n, d, input.labels, k), sampled: input.sampled, n: input.n };
}

/** m distinct row indices out of n (partial Fisher–Yates, O(n) memory). */
function sampleRows(n: number, m: number, random: Random): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + random.int(n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, m);
}

function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}
