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
 * centre (1 gives plain k-means++). Uses `s.nearest` and `s.closest` (each row's nearest
 * centre so far and its squared distance) as scratch: the last centre is never added to them.
 *
 * Each centre chosen is added to the rows by the next step's pass (`step` with
 * `pending`), which also sums every candidate's potential. The candidates of that step are
 * drawn before it, from the block totals the previous step summed for the centre it chose;
 * the blocks the draws land in get the pending centre first (`addCenter` on that block;
 * adding a centre twice changes nothing), so the search within a block sees the new distances.
 */
export function plusPlus(data: KMeansData, s: BlockState, random: Random): void {
  const { n, d, k, trials, blocks, centers, candidates, blockValues } = s;
  const stride = blockValues.length / blocks;
  const first = random.int(n);
  data.copyRow(first, centers, 0);
  data.run({ kind: 'seed', row: first });
  const totals = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) totals[b] = blockValues[b * stride];
  let pot = sumBlockValues(s);
  const pots = new Float64Array(trials);
  // Blocks the pending centre was added to ahead of its step's pass.
  const ready = new Uint8Array(blocks);
  for (let c = 1; c < k; c++) {
    const pending = c > 1;
    ready.fill(0);
    const prepareBlock = (b: number) => {
      if (!pending || ready[b]) return;
      data.runBlock({ kind: 'addCenter', trial: trials, center: c - 1 }, b);
      ready[b] = 1;
    };
    for (let t = 0; t < trials; t++) candidates[t] = sampleRow(s, totals, random.next() * pot, prepareBlock);
    data.run({ kind: 'step', pending, center: c - 1 });
    for (let t = 0; t < trials; t++) pots[t] = sumBlockValues(s, t);
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t] < pots[best]) best = t;
    pot = pots[best];
    for (let b = 0; b < blocks; b++) totals[b] = blockValues[b * stride + best];
    data.copyRow(candidates[best], centers, c * d);
    candidates[trials] = candidates[best];
  }
}

/**
 * The row where the running sum of D(x)² first reaches x (numpy \`searchsorted\`, side left,
 * over the concatenated per-block running sums), clipped to the last row. The block comes from
 * the block totals `totals`; within it (after `prepareBlock(b)`), \`closest\` is summed in row
 * order, as the kernels sum it.
 */
function sampleRow(s: BlockState, totals: Float64Array, x: number, prepareBlock: (b: number) => void): number {
  const { closest, blocks, n } = s;
  let before = 0;
  for (let b = 0; b < blocks; b++) {
    const total = totals[b];
    if (before + total >= x || b === blocks - 1) {
      prepareBlock(b);
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
