/**
 * K-Means: greedy k-means++ (initialization.ts) then Lloyd's algorithm with Hamerly's
 * bounds (lloyd.ts), with scikit-learn's options and convergence rule. Every pass over
 * the rows is a block operation (row-blocks.ts), so the same fit runs on one thread or
 * spread over workers with identical results.
 */
import { Random } from '../random';
import type { ProgressCallback } from '../model';
import { defaultLocalTrials, initRandom, plusPlusSteps } from './initialization';
import { createCenterBuffers, lloydSteps } from './lloyd';
import { blockRows, createBlockState, runOpLocally, sumBlockValues, type Allocate, type BlockOp, type BlockState } from './row-blocks';
import { assertK, assertMatrix } from './validate';

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
  /** Cluster of each row, in [0, k). */
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

/**
 * Checks the input and options (throwing a message that names the problem) and merges defaults.
 * @param options see `KMeansOptions`; defaults `defaultKMeansOptions`
 */
export function resolveKMeansOptions(data: Float64Array, n: number, d: number, k: number, options: Partial<KMeansOptions> = {}): KMeansOptions {
  const opts = { ...defaultKMeansOptions, ...options };
  assertMatrix(data, n, d);
  assertK(k, n);
  if (!Number.isInteger(opts.nInit) || opts.nInit < 1) throw new RangeError(`nInit must be a positive integer, got ${opts.nInit}`);
  if (!Number.isInteger(opts.maxIterations) || opts.maxIterations < 1) {
    throw new RangeError(`maxIterations must be a positive integer, got ${opts.maxIterations}`);
  }
  if (!(opts.tolerance >= 0)) throw new RangeError(`tolerance must be ≥ 0, got ${opts.tolerance}`);
  return opts;
}

/** The row-block state a fit of these options needs; `allocate` can place it in shared memory. */
export function createKMeansState(n: number, d: number, k: number, options: KMeansOptions, allocate?: Allocate): BlockState {
  const plusPlus = options.init === 'kmeans++';
  return createBlockState(n, d, k, plusPlus ? (options.localTrials ?? defaultLocalTrials(k)) : 0, plusPlus, allocate);
}

/**
 * The whole fit (every restart) as a generator of row passes: the caller runs each yielded
 * `BlockOp` on every block of `s` (on this thread or spread over workers sharing `s`), and
 * gets the result back. Any spread of blocks gives the same bits.
 */
export function* kmeansSteps(data: Float64Array, s: BlockState, opts: KMeansOptions): Generator<BlockOp, KMeansResult, void> {
  const { n, d, k } = s;
  yield { kind: 'moments' };
  const tol = opts.tolerance * meanVariance(s);
  const random = new Random(opts.seed);
  const buffers = createCenterBuffers(k, d);
  let best: KMeansResult | undefined;
  for (let run = 0; run < opts.nInit; run++) {
    // Each restart draws from its own generator, as scikit-learn seeds each init separately,
    // so restart r does not depend on how many numbers earlier restarts consumed.
    const runRandom = random.fork();
    if (opts.init === 'kmeans++') yield* plusPlusSteps(data, s, runRandom);
    else initRandom(data, n, d, k, runRandom, s.centers);
    const iterations = yield* lloydSteps(data, s, buffers, tol, opts.maxIterations, opts.init === 'kmeans++');
    yield { kind: 'inertia' };
    const inertia = sumBlockValues(s);
    if (!best || inertia < best.inertia) {
      best = { labels: s.labels.slice(), centroids: s.centers.slice(), inertia, iterations, sizes: [], k, d };
    }
    opts.onProgress?.(run + 1, opts.nInit);
  }
  return orderBySize(best as KMeansResult);
}

/**
 * Clusters row-major `data` (n×d) into k groups, on this thread.
 * @param options see `KMeansOptions`; defaults `defaultKMeansOptions`
 */
export function kmeans(data: Float64Array, n: number, d: number, k: number, options: Partial<KMeansOptions> = {}): KMeansResult {
  const opts = resolveKMeansOptions(data, n, d, k, options);
  const s = createKMeansState(n, d, k, opts);
  const queue = new Int32Array(blockRows);
  const steps = kmeansSteps(data, s, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    runOpLocally(data, s, step.value, queue);
  }
}

/**
 * Renames clusters so cluster 0 is the largest (ties: first seen first): labels then do
 * not depend on which restart won, and segment 1 in the UI is always the biggest.
 */
function orderBySize(result: KMeansResult): KMeansResult {
  const { k, d, labels, centroids } = result;
  const sizes = clusterSizes(labels, k);
  const firstSeen = new Array<number>(k).fill(Infinity);
  for (let i = labels.length - 1; i >= 0; i--) firstSeen[labels[i]] = i;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => sizes[b] - sizes[a] || firstSeen[a] - firstSeen[b]);
  const rename = new Int32Array(k);
  order.forEach((old, c) => (rename[old] = c));
  for (let i = 0; i < labels.length; i++) labels[i] = rename[labels[i]];
  const sorted = new Float64Array(k * d);
  order.forEach((old, c) => sorted.set(centroids.subarray(old * d, old * d + d), c * d));
  return { ...result, labels, centroids: sorted, sizes: order.map((old) => sizes[old]) };
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

/** Mean of the per-feature population variances (scikit-learn's `_tolerance` base), from the moments pass. */
function meanVariance(s: BlockState): number {
  const { n, d } = s;
  const stride = s.blockValues.length / s.blocks;
  let total = 0;
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let sumSq = 0;
    for (let b = 0; b < s.blocks; b++) {
      sum += s.blockValues[b * stride + j];
      sumSq += s.blockValues[b * stride + d + j];
    }
    const mean = sum / n;
    total += Math.max(0, sumSq / n - mean * mean);
  }
  return total / d;
}
