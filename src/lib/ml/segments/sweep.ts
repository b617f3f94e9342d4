/**
 * The k sweep behind the elbow and silhouette charts: K-Means fits for every k, scored by
 * inertia, silhouette and (optionally) stability across seeds. The work is a list of
 * independent jobs, one per restart of each k and seed plus one silhouette per k, that a
 * `SweepRunner` runs: in this thread, or spread over workers. Either way the result is the
 * same, bit for bit.
 */
import type { ProgressCallback } from '../core/model';
import { defaultKMeansOptions, finishKMeans, fitRestart, resolveKMeansOptions, type KMeansOptions, type RestartFit } from './kmeans';
import type { KernelTeam } from './kernel-team';
import { KMeansData } from './kmeans-kernels';
import { adjustedRandIndex } from './rand-index';
import { defaultSilhouetteOptions, meanSilhouette, silhouetteInput, type SilhouetteOptions } from './silhouette';

/** Options of `sweepK`. */
export interface SweepOptions {
  kMin: number;
  kMax: number;
  kmeans: Partial<KMeansOptions>;
  silhouette: Partial<SilhouetteOptions>;
  /** Extra fits with seeds seed+1…seed+runs for the stability score; 0 skips it. */
  stabilityRuns: number;
  /** Called after every job with (jobs done, jobs in all, which k). */
  onProgress?: ProgressCallback;
  /** Threads to split each pass of the local runner's fits over (Node: src/cli/kmeans-threads.ts). */
  team?: KernelTeam;
}

/** k from 2 to 10, scikit-learn's K-Means defaults, exact silhouette up to 10k rows, no stability. */
export const defaultSweepOptions: SweepOptions = {
  kMin: 2,
  kMax: 10,
  kmeans: defaultKMeansOptions,
  silhouette: defaultSilhouetteOptions,
  stabilityRuns: 0,
};

/** The scores of one k, with the fitted labels and centres (plain data). */
export interface KEvaluation {
  k: number;
  inertia: number;
  silhouette: number;
  /** Whether the silhouette came from a sample of the rows. */
  silhouetteSampled: boolean;
  sizes: number[];
  iterations: number;
  /** Mean adjusted Rand index between fits with different seeds (1 = always the same partition). */
  stability?: number;
  labels: Int32Array;
  centroids: Float64Array;
}

/** One K-Means restart: restart number `restart` of a fit with k clusters and this seed. */
export interface RestartJob {
  k: number;
  seed: number;
  restart: number;
}

/** Runs the sweep's jobs; each call may run anywhere, in any order. */
export interface SweepRunner {
  /** One restart on the sweep's data, with these K-Means options (seed taken from the job). */
  fit(job: RestartJob, options: Partial<KMeansOptions>): Promise<RestartFit>;
  /** The mean silhouette of every row of `data` (n×d) for `labels` in [0, k). */
  silhouette(data: Float64Array, n: number, d: number, labels: Int32Array, k: number): Promise<number>;
}

/**
 * Below this many values (rows × features) a sweep runs faster in one thread than extra
 * threads or workers start: the browser's helper workers and the CLI's threads both begin here.
 */
export const parallelThreshold = 100_000;

/** A runner doing every job in this thread, on `data`. */
export function localRunner(data: KMeansData): SweepRunner {
  return {
    fit: async (job, options) => fitRestart(data, job.k, { ...options, seed: job.seed }, job.restart),
    silhouette: async (rows, n, d, labels, k) => meanSilhouette(rows, n, d, labels, k),
  };
}

/**
 * Fits and scores every k from `kMin` to `kMax` on row-major `rows` (n×d), with `runner`
 * (default: this thread). The largest k go first, so a pool of workers ends together.
 */
export async function sweepK(rows: Float64Array, n: number, d: number, options: Partial<SweepOptions> = {}, runner?: SweepRunner): Promise<KEvaluation[]> {
  const opts = { ...defaultSweepOptions, ...options };
  if (!Number.isInteger(opts.kMin) || !Number.isInteger(opts.kMax) || opts.kMin < 1 || opts.kMax < opts.kMin) {
    throw new RangeError(`k range must be integers with 1 ≤ kMin ≤ kMax, got ${opts.kMin}..${opts.kMax}`);
  }
  if (opts.kMax > n) throw new RangeError(`kMax (${opts.kMax}) must not exceed the number of rows (${n})`);
  const kmOpts = resolveKMeansOptions(n, opts.kMin, { ...defaultKMeansOptions, ...opts.kmeans, onProgress: undefined });
  const data = new KMeansData(rows, n, d, opts.team);
  const run = runner ?? localRunner(data);
  const seeds = [kmOpts.seed];
  if (opts.stabilityRuns > 1) for (let r = 1; r <= opts.stabilityRuns; r++) seeds.push(kmOpts.seed + r);
  const ks: number[] = [];
  for (let k = opts.kMax; k >= opts.kMin; k--) ks.push(k);
  const total = ks.length * (seeds.length * kmOpts.nInit + 1);
  let done = 0;
  const tick = (k: number) => opts.onProgress?.(++done, total, `k = ${k}`);
  const fitsOf = (k: number, seed: number): Promise<RestartFit[]> =>
    Promise.all(
      Array.from({ length: kmOpts.nInit }, (_, restart) =>
        run.fit({ k, seed, restart }, kmOpts).then((fit) => {
          tick(k);
          return fit;
        }),
      ),
    );
  const evaluating = Promise.all(
    ks.map(async (k): Promise<KEvaluation> => {
      const groups = await Promise.all(seeds.map((seed) => fitsOf(k, seed)));
      const fit = finishKMeans(data, k, groups[0]);
      let silhouette = Number.NaN;
      let silhouetteSampled = false;
      if (k >= 2 && k < n) {
        const input = silhouetteInput(rows, n, d, fit.labels, opts.silhouette);
        silhouette = await run.silhouette(input.data, input.n, d, input.labels, k);
        silhouetteSampled = input.sampled;
      }
      tick(k);
      const result: KEvaluation = { k, inertia: fit.inertia, silhouette, silhouetteSampled, sizes: fit.sizes, iterations: fit.iterations, labels: fit.labels, centroids: fit.centroids };
      if (groups.length > 1) result.stability = meanPairwiseAri(groups.slice(1).map((g) => finishKMeans(data, k, g).labels));
      return result;
    }),
  );
  try {
    return (await evaluating).sort((a, b) => a.k - b.k);
  } finally {
    data.release();
  }
}

/** The k with the highest silhouette (the smaller k on ties); undefined when none is finite. */
export function bestKBySilhouette(results: readonly Pick<KEvaluation, 'k' | 'silhouette'>[]): number | undefined {
  let best: number | undefined;
  let bestValue = -Infinity;
  for (const r of results) {
    if (Number.isFinite(r.silhouette) && r.silhouette > bestValue) {
      bestValue = r.silhouette;
      best = r.k;
    }
  }
  return best;
}

/**
 * Silhouettes closer than this are not told apart: the page shows three decimals, and a difference
 * below the third is no evidence for more segments.
 */
export const silhouetteTolerance = 0.001;

/**
 * The k to suggest: the smallest whose silhouette is within `tolerance` of the highest (more segments
 * must earn their place); undefined when no silhouette is finite.
 */
export function suggestedK(results: readonly Pick<KEvaluation, 'k' | 'silhouette'>[], tolerance = silhouetteTolerance): number | undefined {
  const top = bestKBySilhouette(results);
  if (top === undefined) return undefined;
  const best = results.find((r) => r.k === top)?.silhouette ?? -Infinity;
  let k: number | undefined;
  for (const r of results) if (Number.isFinite(r.silhouette) && r.silhouette >= best - tolerance && (k === undefined || r.k < k)) k = r.k;
  return k;
}

/** Mean adjusted Rand index over all pairs of labelings. */
export function meanPairwiseAri(labelings: readonly Int32Array[]): number {
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < labelings.length; i++) {
    for (let j = i + 1; j < labelings.length; j++) {
      total += adjustedRandIndex(labelings[i], labelings[j]);
      pairs++;
    }
  }
  return pairs ? total / pairs : 1;
}
