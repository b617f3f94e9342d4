/**
 * `npm run bench -- kmeans`: our K-Means (greedy k-means++ + Hamerly-bounded Lloyd in
 * WebAssembly SIMD, tol 1e-4, n_init 1, k = 5) on synthetic customers, five numeric columns
 * standardized, on one thread, against ml-kmeans measured in the same run and scikit-learn's
 * published single-thread anchors; then the k sweep and Ward (bench/ward.ts).
 */
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeans, kmeansOn, type KMeansResult } from '../src/lib/ml/cluster/kmeans';
import { KMeansData } from '../src/lib/ml/cluster/kmeans-kernels';
import { silhouetteScore } from '../src/lib/ml/cluster/silhouette';
import { sweepK } from '../src/lib/ml/cluster/sweep';
import type { BenchRow } from './row';
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

/** The K-Means suite. */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const d = 5;
  const k = 5;
  const seeds = 5;
  for (const n of [100_000, 1_000_000] as const) {
    const data = customersMatrix(n);
    const label = n === 100_000 ? '100k' : '1M';
    kmeans(data, n, d, k, { nInit: 1, seed: 99 }); // warm-up: let V8 optimise before timing
    // A whole run as a caller makes it: copying the data into WebAssembly memory included.
    const fits: KMeansResult[] = [];
    const whole: number[] = [];
    for (let r = 0; r < seeds; r++) {
      const t = performance.now();
      fits[r] = kmeans(data, n, d, k, { nInit: 1, seed: r });
      whole.push((performance.now() - t) / 1000);
    }
    // The same fits on data already in WebAssembly memory, as each restart of a sweep runs.
    const loaded = new KMeansData(data, n, d);
    const reused: number[] = [];
    for (let r = 0; r < seeds; r++) {
      const t = performance.now();
      kmeansOn(loaded, k, { nInit: 1, seed: r });
      reused.push((performance.now() - t) / 1000);
    }
    const ours = median(whole);
    const fit = median(reused);
    const iterations = fits.map((f) => f.iterations);
    const perIteration = reused.map((s, r) => s / iterations[r]);
    const points = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
    // ml-kmeans' default tolerance is 1e-6 absolute; give it the same relative 1e-4 × mean variance (≈1) as ours.
    const ml = time(n === 100_000 ? 3 : 1, (r) => mlKmeans(points, k, { initialization: 'kmeans++', seed: r, tolerance: 1e-4 }));
    const skIterations = n === 100_000 ? 12 : 20;
    const note = `median of seeds 0–${seeds - 1}; ${iterations.join('/')} iterations (scikit-learn's run: ${skIterations})`;
    const sk = `scikit-learn ${sklearnSeconds[n]} s (published, 1 thread)`;
    rows.push(
      { suite: 'kmeans', job: `ours, k=5, ${label}×5`, seconds: ours, baseline: `ml-kmeans ${ml.seconds.toFixed(3)} s (this run)`, ratio: ours / ml.seconds, note },
      { suite: 'kmeans', job: `ours, k=5, ${label}×5`, seconds: ours, baseline: sk, ratio: ours / sklearnSeconds[n], note: 'whole run: copy into WebAssembly, k-means++, Lloyd to tol, labels' },
      { suite: 'kmeans', job: `ours, k=5, ${label}×5, data already loaded`, seconds: fit, baseline: sk, ratio: fit / sklearnSeconds[n], note: `${(median(perIteration) * 1000).toFixed(1)} ms per iteration incl. init (scikit-learn ≈ ${((sklearnSeconds[n] / skIterations) * 1000).toFixed(1)})` },
      { suite: 'kmeans', job: `ml-kmeans 7 k=5, ${label}×5 (k-means++)`, seconds: ml.seconds, baseline: sk, ratio: ml.seconds / sklearnSeconds[n], note: `${ml.value.iterations} iterations; excludes converting to number[][]` },
    );
    if (n === 1_000_000) {
      const labels = fits[0].labels;
      const sil = time(3, (r) => silhouetteScore(data, n, d, labels, k, { seed: r }));
      rows.push({ suite: 'kmeans', job: 'silhouette, 10k sample of 1M×5, k=5', seconds: sil.seconds, baseline: 'scikit-learn 0.581 s (published, 10k exact)', ratio: sil.seconds / 0.581, note: `silhouette ${sil.value.value.toFixed(4)}` });
      for (const nInit of [1, 10]) {
        const t = performance.now();
        const sweep = await sweepK(data, n, d, { kMin: 2, kMax: 10, kmeans: { nInit, seed: 0 } });
        const seconds = (performance.now() - t) / 1000;
        const best = sweep.reduce((b, r) => (r.silhouette > b.silhouette ? r : b));
        rows.push({ suite: 'kmeans', job: `sweep k=2..10, 1M×5, n_init ${nInit}, sampled silhouette, 1 thread`, seconds, note: `best silhouette k=${best.k}; the browser spreads these jobs over one worker per core` });
      }
    }
  }
  rows.push(...wardRows());
  return rows;
}
