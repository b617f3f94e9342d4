/**
 * The k sweep behind the elbow and silhouette charts: one K-Means fit per k, scored by
 * inertia, silhouette and (optionally) stability across seeds. `evaluateK` is one task,
 * so a worker pool can run one k per worker; `sweepK` runs them in turn.
 */
import type { ProgressCallback } from '../model';
import { defaultKMeansOptions, kmeans, type KMeansOptions } from './kmeans';
import { adjustedRandIndex } from './rand-index';
import { defaultSilhouetteOptions, silhouetteScore, type SilhouetteOptions } from './silhouette';

/** Options of `evaluateK` and `sweepK`. */
export interface SweepOptions {
  kMin: number;
  kMax: number;
  kmeans: Partial<KMeansOptions>;
  silhouette: Partial<SilhouetteOptions>;
  /** Extra fits with seeds seed+1…seed+runs for the stability score; 0 skips it. */
  stabilityRuns: number;
  onProgress?: ProgressCallback;
}

/** k from 2 to 10, scikit-learn's K-Means defaults, exact silhouette up to 10k rows, no stability. */
export const defaultSweepOptions: SweepOptions = {
  kMin: 2,
  kMax: 10,
  kmeans: defaultKMeansOptions,
  silhouette: defaultSilhouetteOptions,
  stabilityRuns: 0,
};

/** The scores of one k, with the fitted labels and centres (plain data). */
export interface KEvaluation {
  k: number;
  inertia: number;
  silhouette: number;
  /** Whether the silhouette came from a sample of the rows. */
  silhouetteSampled: boolean;
  sizes: number[];
  iterations: number;
  /** Mean adjusted Rand index between fits with different seeds (1 = always the same partition). */
  stability?: number;
  labels: Int32Array;
  centroids: Float64Array;
}

/** Fits K-Means with k clusters and scores the result. */
export function evaluateK(data: Float64Array, n: number, d: number, k: number, options: Partial<SweepOptions> = {}): KEvaluation {
  const opts = { ...defaultSweepOptions, ...options };
  const kmOpts = { ...defaultKMeansOptions, ...opts.kmeans };
  const fit = kmeans(data, n, d, k, kmOpts);
  const sil =
    k >= 2 && k < n
      ? silhouetteScore(data, n, d, fit.labels, k, opts.silhouette)
      : { value: Number.NaN, sampled: false, n };
  const result: KEvaluation = {
    k,
    inertia: fit.inertia,
    silhouette: sil.value,
    silhouetteSampled: sil.sampled,
    sizes: fit.sizes,
    iterations: fit.iterations,
    labels: fit.labels,
    centroids: fit.centroids,
  };
  if (opts.stabilityRuns > 1) {
    const runs: Int32Array[] = [];
    for (let r = 1; r <= opts.stabilityRuns; r++) {
      runs.push(kmeans(data, n, d, k, { ...kmOpts, seed: kmOpts.seed + r, onProgress: undefined }).labels);
    }
    result.stability = meanPairwiseAri(runs);
  }
  return result;
}

/** Evaluates every k from `kMin` to `kMax`, reporting progress per k. */
export function sweepK(data: Float64Array, n: number, d: number, options: Partial<SweepOptions> = {}): KEvaluation[] {
  const opts = { ...defaultSweepOptions, ...options };
  if (!Number.isInteger(opts.kMin) || !Number.isInteger(opts.kMax) || opts.kMin < 1 || opts.kMax < opts.kMin) {
    throw new RangeError(`k range must be integers with 1 ≤ kMin ≤ kMax, got ${opts.kMin}..${opts.kMax}`);
  }
  if (opts.kMax > n) throw new RangeError(`kMax (${opts.kMax}) must not exceed the number of rows (${n})`);
  const results: KEvaluation[] = [];
  const total = opts.kMax - opts.kMin + 1;
  for (let k = opts.kMin; k <= opts.kMax; k++) {
    results.push(evaluateK(data, n, d, k, { ...opts, onProgress: undefined }));
    opts.onProgress?.(k - opts.kMin + 1, total, `k = ${k}`);
  }
  return results;
}

/** The k with the highest silhouette (the smaller k on ties); undefined when none is finite. */
export function bestKBySilhouette(results: readonly Pick<KEvaluation, 'k' | 'silhouette'>[]): number | undefined {
  let best: number | undefined;
  let bestValue = -Infinity;
  for (const r of results) {
    if (Number.isFinite(r.silhouette) && r.silhouette > bestValue) {
      bestValue = r.silhouette;
      best = r.k;
    }
  }
  return best;
}

/** Mean adjusted Rand index over all pairs of labelings. */
export function meanPairwiseAri(labelings: readonly Int32Array[]): number {
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < labelings.length; i++) {
    for (let j = i + 1; j < labelings.length; j++) {
      total += adjustedRandIndex(labelings[i], labelings[j]);
      pairs++;
    }
  }
  return pairs ? total / pairs : 1;
}
