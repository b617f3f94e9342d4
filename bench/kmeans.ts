/**
 * `npm run bench -- kmeans`: our K-Means (greedy k-means++ + Hamerly-bounded Lloyd, tol 1e-4,
 * n_init 1, k = 5) on synthetic customers, five numeric columns standardized, on one thread
 * and on two (worker_threads sharing the data), against ml-kmeans measured in the same run
 * and scikit-learn's published single-thread anchors; then Ward (bench/ward.ts).
 */
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeans, type KMeansResult } from '../src/lib/ml/cluster/kmeans';
import { silhouetteScore } from '../src/lib/ml/cluster/silhouette';
import { sweepK } from '../src/lib/ml/cluster/sweep';
import type { BenchRow } from './row';
import { KMeansThreads, toShared } from './kmeans-threads';
import { customersMatrix } from './synth';
import { wardRows } from './ward';

/**
 * scikit-learn 1.2.1, one thread, KMeans(k=5, n_init=1, lloyd, k-means++, tol 1e-4), medians
 * copied from ../shared/reference/timings.md (the repo must not read ../shared at run time).
 */
const sklearnSeconds = { 100_000: 0.025, 1_000_000: 0.378 } as const;

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function isSameFit(a: KMeansResult, b: KMeansResult): boolean {
  return a.inertia === b.inertia && a.labels.every((v, i) => v === b.labels[i]) && a.centroids.every((v, i) => v === b.centroids[i]);
}

/** The K-Means suite. */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const d = 5;
  const k = 5;
  const seeds = 5;
  const pool = new KMeansThreads(2);
  try {
    for (const n of [100_000, 1_000_000] as const) {
      const data = toShared(customersMatrix(n));
      const label = n === 100_000 ? '100k' : '1M';
      kmeans(data, n, d, k, { nInit: 1, seed: 99 }); // warm-up: let V8 optimise before timing
      await pool.fit(data, n, d, k, { nInit: 1, seed: 99 });
      // Seeds alternate between one thread and two, so load from other processes hits both alike.
      const fits: KMeansResult[] = [];
      const single: number[] = [];
      const double: number[] = [];
      let identical = true;
      for (let r = 0; r < seeds; r++) {
        let t = performance.now();
        fits[r] = kmeans(data, n, d, k, { nInit: 1, seed: r });
        single.push((performance.now() - t) / 1000);
        t = performance.now();
        const fit = await pool.fit(data, n, d, k, { nInit: 1, seed: r });
        double.push((performance.now() - t) / 1000);
        identical &&= isSameFit(fit, fits[r]);
      }
      const ours = { seconds: median(single) };
      const threaded = { seconds: median(double) };
      const points = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
      // ml-kmeans' default tolerance is 1e-6 absolute; give it the same relative 1e-4 × mean variance (≈1) as ours.
      const ml = time(n === 100_000 ? 3 : 1, (r) => mlKmeans(points, k, { initialization: 'kmeans++', seed: r, tolerance: 1e-4 }));
      const iterations = fits.map((f) => f.iterations).join('/');
      const note = `median of seeds 0–${seeds - 1}; ${iterations} iterations (scikit-learn's run: ${n === 100_000 ? 12 : 20})`;
      const sk = `scikit-learn ${sklearnSeconds[n]} s (published, 1 thread)`;
      rows.push(
        { suite: 'kmeans', job: `ours 1 thread, k=5, ${label}×5`, seconds: ours.seconds, baseline: `ml-kmeans ${ml.seconds.toFixed(3)} s (this run)`, ratio: ours.seconds / ml.seconds, note },
        { suite: 'kmeans', job: `ours 1 thread, k=5, ${label}×5`, seconds: ours.seconds, baseline: sk, ratio: ours.seconds / sklearnSeconds[n] },
        { suite: 'kmeans', job: `ours 2 threads, k=5, ${label}×5`, seconds: threaded.seconds, baseline: sk, ratio: threaded.seconds / sklearnSeconds[n], note: `${identical ? 'bit-identical to 1 thread' : 'DIFFERS from 1 thread'}; ${(ours.seconds / threaded.seconds).toFixed(2)}× the 1-thread speed` },
        { suite: 'kmeans', job: `ml-kmeans 7 k=5, ${label}×5 (k-means++)`, seconds: ml.seconds, baseline: sk, ratio: ml.seconds / sklearnSeconds[n], note: `${ml.value.iterations} iterations; excludes converting to number[][]` },
      );
      if (n === 1_000_000) {
        const labels = fits[0].labels;
        const sil = time(3, (r) => silhouetteScore(data, n, d, labels, k, { seed: r }));
        rows.push({ suite: 'kmeans', job: 'silhouette, 10k sample of 1M×5, k=5', seconds: sil.seconds, baseline: 'scikit-learn 0.581 s (published, 10k exact)', ratio: sil.seconds / 0.581, note: `silhouette ${sil.value.value.toFixed(4)}` });
        const sweep = time(1, () => sweepK(data, n, d, { kMin: 2, kMax: 10, kmeans: { nInit: 1, seed: 0 } }));
        rows.push({ suite: 'kmeans', job: 'sweep k=2..10, 1M×5, n_init 1, sampled silhouette, 1 thread', seconds: sweep.seconds, note: `best silhouette k=${sweep.value.reduce((b, r) => (r.silhouette > b.silhouette ? r : b)).k}` });
      }
    }
  } finally {
    await pool.close();
  }
  rows.push(...wardRows());
  return rows;
}
