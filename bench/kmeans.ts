/**
 * `npm run bench -- kmeans`: our K-Means (greedy k-means++ + Hamerly-bounded Lloyd, tol 1e-4,
 * n_init 1, k = 5) on synthetic customers, five numeric columns standardized, against
 * ml-kmeans measured in the same run and scikit-learn's published single-thread anchors.
 */
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeans } from '../src/lib/ml/cluster/kmeans';
import { scaleData } from '../src/lib/ml/cluster/scale';
import { silhouetteScore } from '../src/lib/ml/cluster/silhouette';
import { sweepK } from '../src/lib/ml/cluster/sweep';
import type { BenchRow } from './row';
import { generateCustomers } from './synth';

/**
 * scikit-learn 1.2.1, one thread, KMeans(k=5, n_init=1, lloyd, k-means++, tol 1e-4), medians
 * copied from ../shared/reference/timings.md (the repo must not read ../shared at run time).
 */
const sklearnSeconds = { 100_000: 0.025, 1_000_000: 0.378 } as const;

/**
 * One plain Lloyd assignment pass (n×k distances, sums) at 1M×5, k=5: the "plain Float64Array
 * Lloyd loop" of timings.md took 28 ms an iteration on the reference machine. Timing it here
 * calibrates this machine's load, so our time can be expressed in those units.
 */
const publishedPlainIteration = 0.028;

function plainIteration(data: Float64Array, n: number, d: number, centers: Float64Array, k: number): number {
  const sums = new Float64Array(k * d);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let bestD = Infinity;
    let bestC = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[o + j] - centers[c * d + j];
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        bestC = c;
      }
    }
    inertia += bestD;
    for (let j = 0; j < d; j++) sums[bestC * d + j] += data[o + j];
  }
  return inertia;
}

/** Median of `runs` timings of `job` in seconds, with the value of the last run. */
function time<T>(runs: number, job: (run: number) => T): { seconds: number; value: T } {
  const times: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    value = job(r);
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)], value: value as T };
}

function customersMatrix(n: number): Float64Array {
  const c = generateCustomers(n);
  const cols = [c.age, c.annual_income, c.purchase_amount, c.loyalty_score, c.purchase_frequency];
  const d = cols.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = cols[j][i];
  return scaleData(data, n, d, 'standard');
}

/** The K-Means suite. */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const d = 5;
  const k = 5;
  for (const n of [100_000, 1_000_000] as const) {
    const data = customersMatrix(n);
    const label = n === 100_000 ? '100k' : '1M';
    kmeans(data, n, d, k, { nInit: 1, seed: 99 }); // warm-up: let V8 optimise before timing
    const ours = time(5, (r) => kmeans(data, n, d, k, { nInit: 1, seed: r }));
    const plain = time(5, (r) => kmeans(data, n, d, k, { nInit: 1, seed: r, localTrials: 1 }));
    const points = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
    // ml-kmeans' default tolerance is 1e-6 absolute; give it the same relative 1e-4 × mean variance (≈1) as ours.
    const ml = time(n === 100_000 ? 3 : 1, (r) => mlKmeans(points, k, { initialization: 'kmeans++', seed: r, tolerance: 1e-4 }));
    const note = `${ours.value.iterations} iterations, inertia ${ours.value.inertia.toFixed(0)}`;
    rows.push(
      { suite: 'kmeans', job: `ours k=5, ${label}×5 (greedy k-means++, 3 trials)`, seconds: ours.seconds, baseline: `ml-kmeans ${ml.seconds.toFixed(3)} s (this run)`, ratio: ours.seconds / ml.seconds, note },
      { suite: 'kmeans', job: `ours k=5, ${label}×5 (greedy k-means++, 3 trials)`, seconds: ours.seconds, baseline: `scikit-learn ${sklearnSeconds[n]} s (published)`, ratio: ours.seconds / sklearnSeconds[n] },
      { suite: 'kmeans', job: `ours k=5, ${label}×5 (plain k-means++, 1 trial)`, seconds: plain.seconds, baseline: `scikit-learn ${sklearnSeconds[n]} s (published, greedy)`, ratio: plain.seconds / sklearnSeconds[n], note: `${plain.value.iterations} iterations, inertia ${plain.value.inertia.toFixed(0)}` },
      { suite: 'kmeans', job: `ml-kmeans 7 k=5, ${label}×5 (k-means++)`, seconds: ml.seconds, baseline: `scikit-learn ${sklearnSeconds[n]} s (published)`, ratio: ml.seconds / sklearnSeconds[n], note: `${ml.value.iterations} iterations; excludes converting to number[][]` },
    );
    if (n === 1_000_000) {
      const plainRun = time(7, () => plainIteration(data, n, d, ours.value.centroids, k));
      const inPlain = ours.seconds / plainRun.seconds;
      rows.push({
        suite: 'kmeans',
        job: 'plain Lloyd iteration, 1M×5, k=5 (calibration)',
        seconds: plainRun.seconds,
        baseline: `published ${publishedPlainIteration} s (reference machine)`,
        ratio: plainRun.seconds / publishedPlainIteration,
        note: `ours 1M = ${inPlain.toFixed(1)} plain iterations ≈ ${(inPlain * publishedPlainIteration).toFixed(3)} s on the reference machine vs scikit-learn 0.378 s`,
      });
      const labels = ours.value.labels;
      const sil = time(3, (r) => silhouetteScore(data, n, d, labels, k, { seed: r }));
      rows.push({ suite: 'kmeans', job: 'silhouette, 10k sample of 1M×5, k=5', seconds: sil.seconds, baseline: 'scikit-learn 0.581 s (published, 10k exact)', ratio: sil.seconds / 0.581, note: `silhouette ${sil.value.value.toFixed(4)}` });
      const sweep = time(1, () => sweepK(data, n, d, { kMin: 2, kMax: 10, kmeans: { nInit: 1, seed: 0 } }));
      rows.push({ suite: 'kmeans', job: 'sweep k=2..10, 1M×5, n_init 1, sampled silhouette', seconds: sweep.seconds, note: `best silhouette k=${sweep.value.reduce((b, r) => (r.silhouette > b.silhouette ? r : b)).k}` });
    }
  }
  return rows;
}
