/**
 * K-Means: greedy k-means++ (initialization.ts) then Lloyd's algorithm with Hamerly's
 * bounds (lloyd.ts), with scikit-learn's options and convergence rule. The passes over the
 * rows run in WebAssembly SIMD kernels on a column-major copy of the data (kmeans-kernels.ts).
 * Each restart is a task of its own (`fitRestart`), so restarts and values of k can be spread
 * over workers; `finishKMeans` then picks the winner exactly as one thread running them in turn.
 */
import { Random } from '../core/random';
import type { ProgressCallback } from '../core/model';
import { defaultLocalTrials, initRandom, plusPlus } from './initialization';
import { KMeansData, sumBlockValues } from './kmeans-kernels';
import { createCenterBuffers, lloyd } from './lloyd';
import { assertK, assertMatrix, assertShape } from './validate';

/** Options of `kmeans`. */
export interface KMeansOptions {
  /** Restarts from different initial centres; the lowest inertia wins (scikit-learn's n_init). */
  nInit: number;
  /** Most Lloyd iterations per restart. */
  maxIterations: number;
  /** Relative tolerance on the summed squared centre shift (× mean feature variance). */
  tolerance: number;
  seed: number;
  init: 'kmeans++' | 'random';
  /** Candidates per centre in greedy k-means++; undefined = 2 + ⌊ln k⌋ like scikit-learn. */
  localTrials?: number;
  /** Called after each restart with (restarts done, nInit). */
  onProgress?: ProgressCallback;
}

/** scikit-learn's defaults (n_init 10, max_iter 300, tol 1e-4, greedy k-means++), seed 0. */
export const defaultKMeansOptions: KMeansOptions = {
  nInit: 10,
  maxIterations: 300,
  tolerance: 1e-4,
  seed: 0,
  init: 'kmeans++',
};

/** A fitted clustering: plain data, safe to clone or transfer. */
export interface KMeansResult {
  /** Cluster of each row, in [0, k): its nearest final centre (the first on ties). */
  labels: Int32Array;
  /** Centres, row-major k×d. */
  centroids: Float64Array;
  /** Sum of squared distances of rows to their centres. */
  inertia: number;
  /** Lloyd iterations of the winning restart. */
  iterations: number;
  /** Rows per cluster. */
  sizes: number[];
  k: number;
  d: number;
}

/** One restart's outcome: plain data, small enough to send back from a worker. */
export interface RestartFit {
  restart: number;
  inertia: number;
  /** Centres, row-major k×d. */
  centroids: Float64Array;
  iterations: number;
}

/**
 * Checks k and the options (throwing a message that names the problem) and merges defaults.
 * @param options see `KMeansOptions`; defaults `defaultKMeansOptions`
 */
export function resolveKMeansOptions(n: number, k: number, options: Partial<KMeansOptions> = {}): KMeansOptions {
  const opts = { ...defaultKMeansOptions, ...options };
  assertK(k, n);
  if (!Number.isInteger(opts.nInit) || opts.nInit < 1) throw new RangeError(`nInit must be a positive integer, got ${opts.nInit}`);
  if (!Number.isInteger(opts.maxIterations) || opts.maxIterations < 1) {
    throw new RangeError(`maxIterations must be a positive integer, got ${opts.maxIterations}`);
  }
  if (!(opts.tolerance >= 0)) throw new RangeError(`tolerance must be ≥ 0, got ${opts.tolerance}`);
  return opts;
}

/**
 * Clusters row-major `data` (n×d) into k groups, on this thread.
 * @param options see `KMeansOptions`; defaults `defaultKMeansOptions`
 */
export function kmeans(data: Float64Array, n: number, d: number, k: number, options: Partial<KMeansOptions> = {}): KMeansResult {
  assertShape(data, n, d);
  resolveKMeansOptions(n, k, options);
  const loaded = new KMeansData(data, n, d);
  try {
    return kmeansOn(loaded, k, options);
  } finally {
    loaded.release();
  }
}

/** `kmeans` on data already copied into WebAssembly memory (reused across k and restarts). */
export function kmeansOn(data: KMeansData, k: number, options: Partial<KMeansOptions> = {}): KMeansResult {
  const opts = resolveKMeansOptions(data.n, k, options);
  const fits: RestartFit[] = [];
  for (let r = 0; r < opts.nInit; r++) {
    fits.push(fitRestart(data, k, opts, r));
    opts.onProgress?.(r + 1, opts.nInit);
  }
  return finishKMeans(data, k, fits);
}

/**
 * Restart number `restart` of a fit with these options: its own generator (the restart-th
 * fork of the seed's, as scikit-learn seeds each init separately), its init, Lloyd to
 * convergence, and its inertia. Does not depend on which other restarts ran, or where.
 */
export function fitRestart(data: KMeansData, k: number, options: Partial<KMeansOptions>, restart: number): RestartFit {
  const opts = resolveKMeansOptions(data.n, k, options);
  const plusPlusInit = opts.init === 'kmeans++';
  const s = data.prepare(k, plusPlusInit ? (opts.localTrials ?? defaultLocalTrials(k)) : 0);
  const random = restartRandom(opts.seed, restart);
  if (plusPlusInit) plusPlus(data, s, random);
  else initRandom(data, k, random, s.centers);
  const tol = opts.tolerance * data.meanVariance;
  const iterations = lloyd(data, s, createCenterBuffers(k, data.d), tol, opts.maxIterations);
  data.markLabelled();
  data.run({ kind: 'inertia' });
  return { restart, inertia: sumBlockValues(s), centroids: s.centers.slice(), iterations };
}

/** The generator of restart `restart`: the (restart + 1)-th fork of `seed`'s generator. */
export function restartRandom(seed: number, restart: number): Random {
  const random = new Random(seed);
  let fork = random.fork();
  for (let r = 0; r < restart; r++) fork = random.fork();
  return fork;
}

/**
 * The fit from its restarts (any order): the lowest inertia wins (the earliest restart on
 * ties), every row is labelled with its nearest winning centre, and clusters are renamed
 * by size.
 */
export function finishKMeans(data: KMeansData, k: number, fits: readonly RestartFit[]): KMeansResult {
  if (fits.length === 0) throw new RangeError('finishKMeans needs at least one restart');
  let best = fits[0];
  for (const fit of fits) if (fit.inertia < best.inertia || (fit.inertia === best.inertia && fit.restart < best.restart)) best = fit;
  // The winner was often the last fit on this data: its labels are then already in place.
  let s = data.labelledFor(k, best.centroids);
  if (!s) {
    s = data.prepare(k);
    s.centers.set(best.centroids);
    data.run({ kind: 'nearest' });
  }
  const sizes = new Array<number>(k).fill(0);
  for (let b = 0; b < s.blocks; b++) for (let c = 0; c < k; c++) sizes[c] += s.blockCounts[b * k + c];
  const order = sizeOrder(s.labels, sizes);
  const rename = new Int32Array(k);
  order.forEach((old, c) => (rename[old] = c));
  const labels = new Int32Array(s.labels.length);
  if (order.every((old, c) => old === c)) labels.set(s.labels);
  else for (let i = 0; i < labels.length; i++) labels[i] = rename[s.labels[i]];
  const d = data.d;
  const centroids = new Float64Array(k * d);
  order.forEach((old, c) => centroids.set(best.centroids.subarray(old * d, old * d + d), c * d));
  return { labels, centroids, inertia: best.inertia, iterations: best.iterations, sizes: order.map((old) => sizes[old]), k, d };
}

/**
 * The clusters largest first, clusters of equal size in the order their first rows come: so
 * cluster 0 is the largest, and labels do not depend on which restart won (segment 1 in the
 * UI is always the biggest). Only clusters that tie on size look for their first row.
 */
function sizeOrder(labels: Int32Array, sizes: readonly number[]): number[] {
  const k = sizes.length;
  const firstSeen = new Array<number>(k).fill(Infinity);
  const tied = sizes.filter((size, c) => sizes.indexOf(size) !== c || sizes.lastIndexOf(size) !== c).length;
  for (let i = 0, found = 0; found < tied && i < labels.length; i++) {
    const c = labels[i];
    if (firstSeen[c] !== Infinity) continue;
    firstSeen[c] = i;
    if (sizes.indexOf(sizes[c]) !== c || sizes.lastIndexOf(sizes[c]) !== c) found++;
  }
  return Array.from({ length: k }, (_, c) => c).sort((a, b) => sizes[b] - sizes[a] || firstSeen[a] - firstSeen[b]);
}

/** The nearest centre of each row of `data` (n×d) among `centroids` (k×d). */
export function predictCluster(centroids: Float64Array, k: number, d: number, data: Float64Array, n: number): Int32Array {
  assertMatrix(data, n, d);
  if (centroids.length !== k * d) throw new RangeError(`centroids has ${centroids.length} values, expected k×d = ${k * d}`);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let bestC = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const co = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[o + j] - centroids[co + j];
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        bestC = c;
      }
    }
    labels[i] = bestC;
  }
  return labels;
}

/** Rows per cluster. */
export function clusterSizes(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]]++;
  return sizes;
}

/** Sum of squared distances of rows to their assigned centres. */
export function computeInertia(data: Float64Array, n: number, d: number, centers: Float64Array, labels: Int32Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const co = labels[i] * d;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - centers[co + j];
      total += t * t;
    }
  }
  return total;
}
