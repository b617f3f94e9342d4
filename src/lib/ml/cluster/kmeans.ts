/**
 * K-Means (Lloyd's algorithm) accelerated with Hamerly's bounds: each row keeps an upper
 * bound on the distance to its centre and a lower bound on the distance to any other
 * centre, so most rows skip the distance computations once centres settle
 * (Hamerly 2010, "Making k-means even faster"). Results equal plain Lloyd's.
 * Convergence follows scikit-learn: stop when labels no longer change, or when the
 * summed squared centre shift is ≤ tolerance × the mean per-feature variance.
 */
import { Random } from '../random';
import type { ProgressCallback } from '../model';
import { createPlusPlusWorkspace, defaultLocalTrials, initKMeansPlusPlus, initRandom, type PlusPlusWorkspace } from './initialization';
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

/** Buffers of one Lloyd run, reused across restarts. */
interface Workspace {
  labels: Int32Array;
  centers: Float64Array;
  oldCenters: Float64Array;
  sums: Float64Array;
  counts: Float64Array;
  /**
   * Bounds stored relative to running totals, so a row whose label is still proven
   * costs reads only: upper bound = upper[i] + drift[label], lower bound = lower[i] − slack.
   */
  upper: Float64Array;
  lower: Float64Array;
  /** Total distance each centre has moved since the bounds were last rebuilt. */
  drift: Float64Array;
  /** Total of the largest centre move per iteration since then. */
  slack: number;
  shift: Float64Array;
  halfGap: Float64Array;
  plusPlus: PlusPlusWorkspace | undefined;
}

/**
 * Clusters row-major `data` (n×d) into k groups.
 * @param options see `KMeansOptions`; defaults `defaultKMeansOptions`
 */
export function kmeans(data: Float64Array, n: number, d: number, k: number, options: Partial<KMeansOptions> = {}): KMeansResult {
  const opts = { ...defaultKMeansOptions, ...options };
  assertMatrix(data, n, d);
  assertK(k, n);
  if (!Number.isInteger(opts.nInit) || opts.nInit < 1) throw new RangeError(`nInit must be a positive integer, got ${opts.nInit}`);
  if (!Number.isInteger(opts.maxIterations) || opts.maxIterations < 1) {
    throw new RangeError(`maxIterations must be a positive integer, got ${opts.maxIterations}`);
  }
  if (!(opts.tolerance >= 0)) throw new RangeError(`tolerance must be ≥ 0, got ${opts.tolerance}`);
  const localTrials = opts.localTrials ?? defaultLocalTrials(k);
  const tol = opts.tolerance * meanVariance(data, n, d);
  const random = new Random(opts.seed);
  const ws: Workspace = {
    labels: new Int32Array(n),
    centers: new Float64Array(k * d),
    oldCenters: new Float64Array(k * d),
    sums: new Float64Array(k * d),
    counts: new Float64Array(k),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    drift: new Float64Array(k),
    slack: 0,
    shift: new Float64Array(k),
    halfGap: new Float64Array(k),
    plusPlus: opts.init === 'kmeans++' ? createPlusPlusWorkspace(n) : undefined,
  };
  let best: KMeansResult | undefined;
  for (let run = 0; run < opts.nInit; run++) {
    // Each restart draws from its own generator, as scikit-learn seeds each init separately,
    // so restart r does not depend on how many numbers earlier restarts consumed.
    const runRandom = random.fork();
    if (ws.plusPlus) initKMeansPlusPlus(data, n, d, k, runRandom, ws.centers, localTrials, ws.plusPlus);
    else initRandom(data, n, d, k, runRandom, ws.centers);
    const iterations = lloyd(data, n, d, k, tol, opts.maxIterations, ws);
    const inertia = computeInertia(data, n, d, ws.centers, ws.labels);
    if (!best || inertia < best.inertia) {
      best = { labels: ws.labels.slice(), centroids: ws.centers.slice(), inertia, iterations, sizes: [], k, d };
    }
    opts.onProgress?.(run + 1, opts.nInit);
  }
  return orderBySize(best as KMeansResult);
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

/** Mean of the per-feature population variances (scikit-learn's `_tolerance` base). */
function meanVariance(data: Float64Array, n: number, d: number): number {
  const sum = new Float64Array(d);
  const sumSq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) sum[j] += data[o + j];
  }
  for (let j = 0; j < d; j++) sum[j] /= n;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - sum[j];
      sumSq[j] += t * t;
    }
  }
  let total = 0;
  for (let j = 0; j < d; j++) total += sumSq[j] / n;
  return total / d;
}

/** Runs Lloyd iterations from `ws.centers`; leaves final centres and labels in `ws`. Returns iterations. */
function lloyd(data: Float64Array, n: number, d: number, k: number, tol: number, maxIterations: number, ws: Workspace): number {
  assignAll(data, n, d, k, ws);
  let iteration = 1;
  let changed = n;
  for (;;) {
    const shiftTotal = updateCenters(data, n, d, k, ws);
    if (changed === 0) return iteration;
    if (shiftTotal <= tol || iteration >= maxIterations) break;
    changed = assignBounded(data, n, d, k, ws);
    iteration++;
  }
  // As scikit-learn: one last assignment so labels match the final centres.
  assignBounded(data, n, d, k, ws);
  return iteration;
}

/** Exact assignment of every row; resets the bounds and the per-cluster sums. */
function assignAll(data: Float64Array, n: number, d: number, k: number, ws: Workspace): void {
  const { labels, centers, sums, counts, upper, lower } = ws;
  sums.fill(0);
  counts.fill(0);
  ws.drift.fill(0);
  ws.slack = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let d1 = Infinity;
    let d2 = Infinity;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const co = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[o + j] - centers[co + j];
        s += t * t;
      }
      if (s < d1) {
        d2 = d1;
        d1 = s;
        best = c;
      } else if (s < d2) {
        d2 = s;
      }
    }
    labels[i] = best;
    upper[i] = Math.sqrt(d1);
    lower[i] = Math.sqrt(d2);
    counts[best]++;
    const so = best * d;
    for (let j = 0; j < d; j++) sums[so + j] += data[o + j];
  }
}

/**
 * Hamerly's assignment step: loosens the bounds by how far centres moved (through the
 * running totals, without touching rows), then recomputes distances only for rows whose
 * bounds no longer prove their label. Returns how many rows changed cluster.
 */
function assignBounded(data: Float64Array, n: number, d: number, k: number, ws: Workspace): number {
  const { labels, centers, sums, counts, upper, lower, shift, halfGap, drift } = ws;
  let maxShift = 0;
  for (let c = 0; c < k; c++) {
    drift[c] += shift[c];
    if (shift[c] > maxShift) maxShift = shift[c];
  }
  const slack = (ws.slack += maxShift);
  for (let c = 0; c < k; c++) {
    let m = Infinity;
    const co = c * d;
    for (let c2 = 0; c2 < k; c2++) {
      if (c2 === c) continue;
      const co2 = c2 * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = centers[co + j] - centers[co2 + j];
        s += t * t;
      }
      if (s < m) m = s;
    }
    halfGap[c] = 0.5 * Math.sqrt(m);
  }
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    const l = lower[i] - slack;
    const gap = halfGap[a];
    const bound = gap > l ? gap : l;
    if (upper[i] + drift[a] <= bound) continue;
    const o = i * d;
    const ao = a * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - centers[ao + j];
      s += t * t;
    }
    const u = Math.sqrt(s);
    if (u <= bound) {
      upper[i] = u - drift[a];
      continue;
    }
    let d1 = Infinity;
    let d2 = Infinity;
    let best = a;
    for (let c = 0; c < k; c++) {
      const co = c * d;
      let q = 0;
      for (let j = 0; j < d; j++) {
        const t = data[o + j] - centers[co + j];
        q += t * t;
      }
      if (q < d1) {
        d2 = d1;
        d1 = q;
        best = c;
      } else if (q < d2) {
        d2 = q;
      }
    }
    upper[i] = Math.sqrt(d1) - drift[best];
    lower[i] = Math.sqrt(d2) + slack;
    if (best !== a) {
      labels[i] = best;
      counts[a]--;
      counts[best]++;
      const bo = best * d;
      for (let j = 0; j < d; j++) {
        const v = data[o + j];
        sums[ao + j] -= v;
        sums[bo + j] += v;
      }
      changed++;
    }
  }
  return changed;
}

/**
 * New centres from the running sums; an empty cluster takes the row farthest from its
 * centre (scikit-learn's relocation), after which all bounds are rebuilt exactly.
 * Records each centre's shift and returns the summed squared shift.
 */
function updateCenters(data: Float64Array, n: number, d: number, k: number, ws: Workspace): number {
  const { centers, oldCenters, sums, counts, shift } = ws;
  oldCenters.set(centers);
  let hasEmpty = false;
  for (let c = 0; c < k; c++) if (counts[c] === 0) hasEmpty = true;
  if (hasEmpty) relocateEmpty(data, n, d, k, ws);
  let total = 0;
  for (let c = 0; c < k; c++) {
    const co = c * d;
    let s = 0;
    // A cluster still empty (fewer distinct rows than k) keeps its centre rather than NaN.
    if (counts[c] === 0) {
      shift[c] = 0;
      continue;
    }
    for (let j = 0; j < d; j++) {
      const v = sums[co + j] / counts[c];
      const t = v - oldCenters[co + j];
      s += t * t;
      centers[co + j] = v;
    }
    shift[c] = Math.sqrt(s);
    total += s;
  }
  if (hasEmpty) {
    // Relocation moved rows between clusters without touching the bounds: rebuild them.
    assignAll(data, n, d, k, ws);
    shift.fill(0);
  }
  return total;
}

/** Gives each empty cluster the row currently farthest from its own centre. */
function relocateEmpty(data: Float64Array, n: number, d: number, k: number, ws: Workspace): void {
  const { labels, centers, sums, counts } = ws;
  const taken = new Uint8Array(n);
  for (let c = 0; c < k; c++) {
    if (counts[c] !== 0) continue;
    let far = -1;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      if (taken[i] || counts[labels[i]] <= 1) continue;
      const o = i * d;
      const ao = labels[i] * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[o + j] - centers[ao + j];
        s += t * t;
      }
      if (s > farD) {
        farD = s;
        far = i;
      }
    }
    if (far < 0) continue;
    taken[far] = 1;
    const a = labels[far];
    const o = far * d;
    for (let j = 0; j < d; j++) {
      sums[a * d + j] -= data[o + j];
      sums[c * d + j] = data[o + j];
    }
    counts[a]--;
    counts[c] = 1;
    labels[far] = c;
  }
}
