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
  closest: Float64Array;
  cumulative: Float64Array;
  /** Candidate t's potential per row at [t·n + i]: one flat array keeps the hot loop monomorphic. */
  trials: Float64Array;
}

/** Buffers for n rows and `trials` candidates. */
export function createPlusPlusWorkspace(n: number, trials: number): PlusPlusWorkspace {
  return {
    closest: new Float64Array(n),
    cumulative: new Float64Array(n),
    trials: new Float64Array(trials * n),
  };
}

/**
 * Writes k centres (row-major k×d) into `centers`, chosen by greedy k-means++.
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
  workspace: PlusPlusWorkspace = createPlusPlusWorkspace(n, localTrials),
): void {
  const { cumulative, closest, trials } = workspace;
  const L = localTrials;
  const candidateIds = new Int32Array(L);
  const pots = new Float64Array(L);
  const candidates = new Float64Array(L * d);

  const first = random.int(n);
  copyRow(data, first, centers, 0, d);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const fo = first * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - data[fo + j];
      s += t * t;
    }
    closest[i] = s;
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
    }
    for (let t = 0; t < L; t++) copyRow(data, candidateIds[t], candidates, t, d);
    potentials(data, n, d, candidates, L, closest, trials, pots);
    let best = 0;
    for (let t = 1; t < L; t++) if (pots[t] < pots[best]) best = t;
    pot = pots[best];
    closest.set(trials.subarray(best * n, best * n + n));
    copyRow(data, candidateIds[best], centers, c, d);
  }
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

/**
 * For each of the L candidate rows, writes min(closest, distance²) per row into `out`
 * (L×n) and its sum into `pots`. All candidates share one pass, so the data is read once.
 */
function potentials(
  data: Float64Array,
  n: number,
  d: number,
  candidates: Float64Array,
  L: number,
  closest: Float64Array,
  out: Float64Array,
  pots: Float64Array,
): void {
  pots.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const ci = closest[i];
    for (let t = 0; t < L; t++) {
      const co = t * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const diff = data[o + j] - candidates[co + j];
        s += diff * diff;
      }
      const m = s < ci ? s : ci;
      out[t * n + i] = m;
      pots[t] += m;
    }
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
