/**
 * Initial K-Means centres: greedy k-means++ as in scikit-learn (`_kmeans_plusplus`):
 * each new centre is the best of several candidates drawn with probability ∝ D(x)²,
 * "best" meaning the one that lowers the total squared distance the most.
 * Arthur & Vassilvitskii 2007; the greedy variant is scikit-learn's default.
 * The passes over the rows run in the WebAssembly kernels (kmeans-kernels.ts).
 */
import type { Random } from '../core/random';
import { blockRows, KMeansData, sumBlockValues, type BlockState } from './kmeans-kernels';

/** How many candidates greedy k-means++ tries per centre: scikit-learn's 2 + ⌊ln k⌋. */
export function defaultLocalTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/**
 * Greedy k-means++ into `s.centers` (a state of `data`). Uses `s.trials` candidates per
 * centre (1 gives plain k-means++). Leaves each row's nearest centre and squared distance
 * in `s.nearest` and `s.closest`, which seed Lloyd's bounds.
 */
export function plusPlus(data: KMeansData, s: BlockState, random: Random): void {
  const { n, d, k, trials, centers, candidates, gap, minGap } = s;
  const first = random.int(n);
  data.copyRow(first, centers, 0);
  data.run({ kind: 'seed', row: first });
  let pot = sumBlockValues(s);
  const pots = new Float64Array(trials);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      const row = sampleRow(s, random.next() * pot);
      candidates[t] = row;
      for (let j = 0; j < c; j++) gap[t * k + j] = data.distanceToPoint(row, centers, j * d);
    }
    for (let j = 0; j < c; j++) {
      let m = Infinity;
      for (let t = 0; t < trials; t++) m = Math.min(m, gap[t * k + j]);
      minGap[j] = m;
    }
    data.run({ kind: 'potentials' });
    for (let t = 0; t < trials; t++) pots[t] = sumBlockValues(s, t);
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t] < pots[best]) best = t;
    pot = pots[best];
    data.copyRow(candidates[best], centers, c * d);
    data.run({ kind: 'addCenter', trial: best, center: c });
  }
}

/**
 * The row where the running sum of D(x)² first reaches x (numpy \`searchsorted\`, side left,
 * over the concatenated per-block running sums), clipped to the last row. The block comes from
 * the block totals; within it, \`closest\` is summed in row order, as the kernels sum it.
 */
function sampleRow(s: BlockState, x: number): number {
  const { closest, blockValues, blocks, n } = s;
  const stride = blockValues.length / blocks;
  let before = 0;
  for (let b = 0; b < blocks; b++) {
    const total = blockValues[b * stride];
    if (before + total >= x || b === blocks - 1) {
      const local = x - before;
      const last = Math.min(n, (b + 1) * blockRows) - 1;
      let running = 0;
      for (let i = b * blockRows; i < last; i++) {
        running += closest[i];
        if (running >= local) return i;
      }
      return last;
    }
    before += total;
  }
  return n - 1;
}

/**
 * Writes k centres (row-major k×d) into `centers`, chosen by greedy k-means++ among the rows
 * of row-major `rows` (n×d).
 * @param localTrials candidates per centre (default 2 + ⌊ln k⌋; 1 gives plain k-means++)
 */
export function initKMeansPlusPlus(rows: Float64Array, n: number, d: number, k: number, random: Random, centers: Float64Array, localTrials = defaultLocalTrials(k)): void {
  const data = new KMeansData(rows, n, d);
  try {
    const s = data.prepare(k, localTrials);
    plusPlus(data, s, random);
    centers.set(s.centers);
  } finally {
    data.release();
  }
}

/** Writes k distinct random rows of `data` as centres (the "random" init). */
export function initRandom(data: KMeansData, k: number, random: Random, centers: Float64Array): void {
  const picked = new Set<number>();
  for (let c = 0; c < k; c++) {
    let r = random.int(data.n);
    while (picked.has(r)) r = random.int(data.n);
    picked.add(r);
    data.copyRow(r, centers, c * data.d);
  }
}
