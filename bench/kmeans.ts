/**
 * `npm run bench -- kmeans`: our K-Means (greedy k-means++ + Hamerly-bounded Lloyd in
 * WebAssembly SIMD, tol 1e-4, n_init 1, k = 5) on synthetic customers, five numeric columns
 * standardized, on one thread and with the rows split over every core (a `KernelTeam` of
 * Node worker threads, started once before timing, as scikit-learn's thread pool is), against
 * ml-kmeans measured in the same run and scikit-learn's published single-thread anchors; then
 * the k sweep and Ward (bench/ward.ts).
 */
import { availableParallelism } from 'node:os';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeans, kmeansOn, type KMeansResult } from '../src/lib/ml/segments/kmeans';
import { startThreadTeam } from '../src/cli/kmeans-threads';
import type { KernelTeam } from '../src/lib/ml/segments/kernel-team';
import { KMeansData } from '../src/lib/ml/segments/kmeans-kernels';
import { silhouetteScore } from '../src/lib/ml/segments/silhouette';
import { sweepK } from '../src/lib/ml/segments/sweep';
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

/** Whole runs (copy into WebAssembly included) of seeds 0…seeds−1, then the same fits on data already loaded. */
function timeFits(data: Float64Array, n: number, d: number, k: number, seeds: number, team?: KernelTeam) {
  kmeansOn(new KMeansData(data, n, d, team), k, { nInit: 1, seed: 99 }); // warm-up: let V8 optimise before timing
  const fits: KMeansResult[] = [];
  const whole: number[] = [];
  for (let r = 0; r < seeds; r++) {
    const t = performance.now();
    fits[r] = kmeansOn(new KMeansData(data, n, d, team), k, { nInit: 1, seed: r });
    whole.push((performance.now() - t) / 1000);
  }
  const loaded = new KMeansData(data, n, d, team);
  const reused: number[] = [];
  for (let r = 0; r < seeds; r++) {
    const t = performance.now();
    kmeansOn(loaded, k, { nInit: 1, seed: r });
    reused.push((performance.now() - t) / 1000);
  }
  const iterations = fits.map((f) => f.iterations);
  return { fits, whole: median(whole), loaded: median(reused), iterations, perIteration: median(reused.map((s, r) => s / iterations[r])) };
}

/** The K-Means suite. */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const d = 5;
  const k = 5;
  const seeds = 5;
  const cores = availableParallelism();
  const started = performance.now();
  const threads = await startThreadTeam(cores);
  const startSeconds = (performance.now() - started) / 1000;
  for (const n of [100_000, 1_000_000] as const) {
    const data = customersMatrix(n);
    const label = n === 100_000 ? '100k' : '1M';
    const one = timeFits(data, n, d, k, seeds);
    const split = timeFits(data, n, d, k, seeds, threads.team);
    const same = split.fits.every((f, r) => f.inertia === one.fits[r].inertia && f.iterations === one.fits[r].iterations);
    const points = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
    // ml-kmeans' default tolerance is 1e-6 absolute; give it the same relative 1e-4 × mean variance (≈1) as ours.
    const ml = time(n === 100_000 ? 3 : 1, (r) => mlKmeans(points, k, { initialization: 'kmeans++', seed: r, tolerance: 1e-4 }));
    const skIterations = n === 100_000 ? 12 : 20;
    const note = `median of seeds 0–${seeds - 1}; ${one.iterations.join('/')} iterations (scikit-learn's run: ${skIterations})`;
    const sk = `scikit-learn ${sklearnSeconds[n]} s (published, 1 thread)`;
    const perIteration = (r: { perIteration: number }) => `${(r.perIteration * 1000).toFixed(1)} ms per iteration incl. init (scikit-learn ≈ ${((sklearnSeconds[n] / skIterations) * 1000).toFixed(1)})`;
    rows.push(
      { suite: 'kmeans', job: `ours, k=5, ${label}×5`, seconds: one.whole, baseline: `ml-kmeans ${ml.seconds.toFixed(3)} s (this run)`, ratio: one.whole / ml.seconds, note },
      { suite: 'kmeans', job: `ours, k=5, ${label}×5`, seconds: one.whole, baseline: sk, ratio: one.whole / sklearnSeconds[n], note: 'whole run on 1 thread: copy into WebAssembly, k-means++, Lloyd to tol, labels' },
      { suite: 'kmeans', job: `ours, k=5, ${label}×5, data already loaded`, seconds: one.loaded, baseline: sk, ratio: one.loaded / sklearnSeconds[n], note: perIteration(one) },
      { suite: 'kmeans', job: `ours, k=5, ${label}×5, rows split over ${cores} threads`, seconds: split.whole, baseline: sk, ratio: split.whole / sklearnSeconds[n], note: `whole run as above; ${same ? 'same inertia and iterations as 1 thread for every seed' : 'DIFFERS from 1 thread'}; starting the threads took ${startSeconds.toFixed(2)} s once` },
      { suite: 'kmeans', job: `ours, k=5, ${label}×5, rows split over ${cores} threads, data already loaded`, seconds: split.loaded, baseline: `ours on 1 thread ${one.loaded.toFixed(3)} s`, ratio: split.loaded / one.loaded, note: perIteration(split) },
      { suite: 'kmeans', job: `ml-kmeans 7 k=5, ${label}×5 (k-means++)`, seconds: ml.seconds, baseline: sk, ratio: ml.seconds / sklearnSeconds[n], note: `${ml.value.iterations} iterations; excludes converting to number[][]` },
    );
    if (n === 1_000_000) {
      const labels = one.fits[0].labels;
      const sil = time(3, (r) => silhouetteScore(data, n, d, labels, k, { seed: r }));
      rows.push({ suite: 'kmeans', job: 'silhouette, 10k sample of 1M×5, k=5', seconds: sil.seconds, baseline: 'scikit-learn 0.581 s (published, 10k exact)', ratio: sil.seconds / 0.581, note: `silhouette ${sil.value.value.toFixed(4)}` });
      for (const [nInit, team] of [[1, undefined], [10, undefined], [10, threads.team]] as const) {
        const t = performance.now();
        const sweep = await sweepK(data, n, d, { kMin: 2, kMax: 10, kmeans: { nInit, seed: 0 }, team });
        const seconds = (performance.now() - t) / 1000;
        const best = sweep.reduce((b, r) => (r.silhouette > b.silhouette ? r : b));
        const where = team ? `rows split over ${cores} threads` : '1 thread';
        rows.push({ suite: 'kmeans', job: `sweep k=2..10, 1M×5, n_init ${nInit}, sampled silhouette, ${where}`, seconds, note: `best silhouette k=${best.k}; the browser spreads whole restarts over one worker per core` });
      }
    }
  }
  await threads.close();
  rows.push(...wardRows());
  return rows;
}
