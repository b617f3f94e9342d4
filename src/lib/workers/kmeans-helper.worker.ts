/**
 * A K-Means helper worker, started by the cluster worker (kmeans-helpers.ts): holds one copy
 * of a sweep's scaled data in WebAssembly memory and runs the restarts and silhouettes sent to it.
 */
import * as Comlink from 'comlink';
import { fitRestart, type KMeansOptions } from '../ml/segments/kmeans';
import { KMeansData } from '../ml/segments/kmeans-kernels';
import { meanSilhouette } from '../ml/segments/silhouette';
import type { RestartJob } from '../ml/segments/sweep';

let data: KMeansData | null = null;

const api = {
  /** Copies the sweep's row-major data (n×d) into this worker's kernels. */
  setData(rows: Float64Array, n: number, d: number): void {
    data = new KMeansData(rows, n, d);
  },
  /** One restart (see `fitRestart`). */
  fit(job: RestartJob, options: Partial<KMeansOptions>) {
    if (!data) throw new Error('K-Means helper has no data: call setData first');
    const fit = fitRestart(data, job.k, { ...options, seed: job.seed }, job.restart);
    return Comlink.transfer(fit, [fit.centroids.buffer as ArrayBuffer]);
  },
  /** Mean silhouette of the rows sent. */
  silhouette(rows: Float64Array, n: number, d: number, labels: Int32Array, k: number): number {
    return meanSilhouette(rows, n, d, labels, k);
  },
};

Comlink.expose(api);

/** The helper's API type. */
export type KMeansHelperApi = typeof api;
