/**
 * Initial K-Means centres: greedy k-means++ as in scikit-learn (`_kmeans_plusplus`):
 * each new centre is the best of several candidates drawn with probability ∝ D(x)²,
 * "best" meaning the one that lowers the total squared distance the most.
 * Arthur & Vassilvitskii 2007; the greedy variant is scikit-learn's default.
 */
import type { Random } from '../random';

/** How many candidates greedy k-means++ tries per centre: scikit-learn's 2 + ⌊ln k⌋. */
export function defaultLocalTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/** Reusable buffers for `initKMeansPlusPlus`, so restarts allocate nothing. */
export interface PlusPlusWorkspace {
  /** Squared distance of each row to its nearest chosen centre. */
  closest: Float64Array;
  /** Which chosen centre that is. */
  nearest: Int32Array;
  cumulative: Float64Array;
}

/** Buffers for n rows. */
export function createPlusPlusWorkspace(n: number): PlusPlusWorkspace {
  return { closest: new Float64Array(n), nearest: new Int32Array(n), cumulative: new Float64Array(n) };
}

/**
 * Writes k centres (row-major k×d) into `centers`, chosen by greedy k-means++.
 * Candidate potentials skip rows the triangle inequality already settles: when
 * ‖c − t‖ ≥ 2‖x − c‖ for x's nearest centre c, the candidate t cannot be nearer
 * (Raff 2021, "Exact acceleration of k-means++ and k-means‖"); results are unchanged.
 * @param localTrials candidates per centre (default 2 + ⌊ln k⌋; 1 gives plain k-means++)
 */
export function initKMeansPlusPlus(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  random: Random,
  centers: Float64Array,
  localTrials = defaultLocalTrials(k),
  workspace: PlusPlusWorkspace = createPlusPlusWorkspace(n),
): void {
  const { closest, nearest, cumulative } = workspace;
  const L = localTrials;
  const candidateIds = new Int32Array(L);
  const pots = new Float64Array(L);
  /** Squared distance between candidate t and chosen centre j at [t·k + j]. */
  const gap = new Float64Array(L * k);

  const first = random.int(n);
  copyRow(data, first, centers, 0, d);
  let pot = 0;
  const fo = first * d;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - data[fo + j];
      s += t * t;
    }
    closest[i] = s;
    nearest[i] = 0;
    pot += s;
  }

  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += closest[i];
      cumulative[i] = running;
    }
    for (let t = 0; t < L; t++) {
      candidateIds[t] = searchSorted(cumulative, random.next() * pot);
      for (let j = 0; j < c; j++) gap[t * k + j] = squaredDistance(data, candidateIds[t] * d, centers, j * d, d);
    }
    for (let t = 0; t < L; t++) pots[t] = potentialWith(data, n, d, candidateIds[t] * d, gap, t * k, closest, nearest);
    let best = 0;
    for (let t = 1; t < L; t++) if (pots[t] < pots[best]) best = t;
    pot = pots[best];
    copyRow(data, candidateIds[best], centers, c, d);
    addCenter(data, n, d, candidateIds[best] * d, gap, best * k, closest, nearest, c);
  }
}

/** Σ min(closest, ‖x − t‖²) over rows, computing only the distances the bound cannot settle. */
function potentialWith(
  data: Float64Array,
  n: number,
  d: number,
  to: number,
  gap: Float64Array,
  gapOffset: number,
  closest: Float64Array,
  nearest: Int32Array,
): number {
  let pot = 0;
  for (let i = 0; i < n; i++) {
    const ci = closest[i];
    if (gap[gapOffset + nearest[i]] >= 4 * ci) {
      pot += ci;
      continue;
    }
    const o = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const diff = data[o + j] - data[to + j];
      s += diff * diff;
    }
    pot += s < ci ? s : ci;
  }
  return pot;
}

/** Makes row offset `to` centre number `c`: updates each row's nearest centre and distance. */
function addCenter(
  data: Float64Array,
  n: number,
  d: number,
  to: number,
  gap: Float64Array,
  gapOffset: number,
  closest: Float64Array,
  nearest: Int32Array,
  c: number,
): void {
  for (let i = 0; i < n; i++) {
    const ci = closest[i];
    if (gap[gapOffset + nearest[i]] >= 4 * ci) continue;
    const o = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const diff = data[o + j] - data[to + j];
      s += diff * diff;
    }
    if (s < ci) {
      closest[i] = s;
      nearest[i] = c;
    }
  }
}

function squaredDistance(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[ao + j] - b[bo + j];
    s += t * t;
  }
  return s;
}

/** Writes k distinct random rows as centres (the "random" init). */
export function initRandom(data: Float64Array, n: number, d: number, k: number, random: Random, centers: Float64Array): void {
  const picked = new Set<number>();
  for (let c = 0; c < k; c++) {
    let r = random.int(n);
    while (picked.has(r)) r = random.int(n);
    picked.add(r);
    copyRow(data, r, centers, c, d);
  }
}

/** First index whose cumulative value is ≥ x (numpy `searchsorted`, side left), clipped to n−1. */
function searchSorted(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function copyRow(from: Float64Array, row: number, to: Float64Array, toRow: number, d: number): void {
  for (let j = 0; j < d; j++) to[toRow * d + j] = from[row * d + j];
}
