/**
 * Initial K-Means centres: greedy k-means++ as in scikit-learn (`_kmeans_plusplus`):
 * each new centre is the best of several candidates drawn with probability ∝ D(x)²,
 * "best" meaning the one that lowers the total squared distance the most.
 * Arthur & Vassilvitskii 2007; the greedy variant is scikit-learn's default.
 * Written as a generator of row passes (`BlockOp`s) so rows can be spread over threads.
 */
import type { Random } from '../random';
import { blockRows, createBlockState, runOpLocally, sumBlockValues, type BlockOp, type BlockState } from './row-blocks';

/** How many candidates greedy k-means++ tries per centre: scikit-learn's 2 + ⌊ln k⌋. */
export function defaultLocalTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/**
 * Greedy k-means++ into `s.centers`, yielding each pass over the rows for the caller to run.
 * Uses `s.trials` candidates per centre (1 gives plain k-means++).
 */
export function* plusPlusSteps(data: Float64Array, s: BlockState, random: Random): Generator<BlockOp, void, void> {
  const { n, d, k, trials, centers, candidates, gap, minGap } = s;
  const first = random.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  yield { kind: 'seed', row: first };
  let pot = sumBlockValues(s);
  const pots = new Float64Array(trials);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      const row = sampleRow(s, random.next() * pot);
      candidates[t] = row;
      for (let j = 0; j < c; j++) gap[t * k + j] = squaredDistance(data, row * d, centers, j * d, d);
    }
    for (let j = 0; j < c; j++) {
      let m = Infinity;
      for (let t = 0; t < trials; t++) m = Math.min(m, gap[t * k + j]);
      minGap[j] = m;
    }
    yield { kind: 'potentials' };
    for (let t = 0; t < trials; t++) pots[t] = sumBlockValues(s, t);
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t] < pots[best]) best = t;
    pot = pots[best];
    centers.set(data.subarray(candidates[best] * d, candidates[best] * d + d), c * d);
    yield { kind: 'addCenter', trial: best, center: c, cumulate: c < k - 1 };
  }
}

/**
 * The row where the running sum of D(x)² first reaches x (numpy `searchsorted`, side left,
 * over the concatenated per-block running sums), clipped to the last row.
 */
function sampleRow(s: BlockState, x: number): number {
  const stride = s.blockValues.length / s.blocks;
  let before = 0;
  for (let b = 0; b < s.blocks; b++) {
    const total = s.blockValues[b * stride];
    if (before + total >= x || b === s.blocks - 1) {
      let lo = b * blockRows;
      let hi = Math.min(s.n, lo + blockRows) - 1;
      const local = x - before;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (s.cumulative[mid] < local) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
    before += total;
  }
  return s.n - 1;
}

/**
 * Writes k centres (row-major k×d) into `centers`, chosen by greedy k-means++ on this thread.
 * @param localTrials candidates per centre (default 2 + ⌊ln k⌋; 1 gives plain k-means++)
 */
export function initKMeansPlusPlus(data: Float64Array, n: number, d: number, k: number, random: Random, centers: Float64Array, localTrials = defaultLocalTrials(k)): void {
  const s = createBlockState(n, d, k, localTrials, true);
  const queue = new Int32Array(blockRows);
  for (const op of plusPlusSteps(data, s, random)) runOpLocally(data, s, op, queue);
  centers.set(s.centers);
}

function squaredDistance(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let q = 0;
  for (let j = 0; j < d; j++) {
    const t = a[ao + j] - b[bo + j];
    q += t * t;
  }
  return q;
}

/** Writes k distinct random rows as centres (the "random" init). */
export function initRandom(data: Float64Array, n: number, d: number, k: number, random: Random, centers: Float64Array): void {
  const picked = new Set<number>();
  for (let c = 0; c < k; c++) {
    let r = random.int(n);
    while (picked.has(r)) r = random.int(n);
    picked.add(r);
    centers.set(data.subarray(r * d, r * d + d), c * d);
  }
}
