/**
 * A `SweepRunner` that spreads a K-Means sweep's jobs (restarts and silhouettes) over helper
 * workers started from the cluster worker: one per core, each sent the data once, each job to
 * the next idle helper. The cluster worker's own termination (cancel) ends the helpers too.
 */
import * as Comlink from 'comlink';
import type { KMeansOptions, RestartFit } from '../ml/segments/kmeans';
import type { RunnerFactory } from '../ml/segments/segmentation';
import { parallelThreshold, type RestartJob, type SweepRunner } from '../ml/segments/sweep';
import type { KMeansHelperApi } from './kmeans-helper.worker';

interface Helper {
  worker: Worker;
  api: Comlink.Remote<KMeansHelperApi>;
  ready: Promise<void>;
}

type Job = (api: Comlink.Remote<KMeansHelperApi>) => Promise<unknown>;

/** Helpers for one sweep's data. */
class HelperRunner implements SweepRunner {
  private readonly idle: Helper[] = [];
  private readonly all: Helper[] = [];
  private readonly queue: { job: Job; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private failure: Error | null = null;

  constructor(data: Float64Array, n: number, d: number, readonly size: number) {
    for (let h = 0; h < size; h++) {
      const worker = new Worker(new URL('./kmeans-helper.worker.ts', import.meta.url), { type: 'module' });
      const api = Comlink.wrap<KMeansHelperApi>(worker);
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.fail(new Error(event.message || 'a K-Means helper worker crashed (out of memory?)'));
      });
      const copy = data.slice();
      const helper = { worker, api, ready: api.setData(Comlink.transfer(copy, [copy.buffer]), n, d) };
      this.all.push(helper);
      this.idle.push(helper);
    }
  }

  fit(job: RestartJob, options: Partial<KMeansOptions>): Promise<RestartFit> {
    return this.schedule((api) => api.fit(job, options)) as Promise<RestartFit>;
  }

  silhouette(data: Float64Array, n: number, d: number, labels: Int32Array, k: number): Promise<number> {
    return this.schedule((api) => api.silhouette(data, n, d, labels, k)) as Promise<number>;
  }

  /** Stops every helper. */
  close(): void {
    for (const helper of this.all) {
      helper.api[Comlink.releaseProxy]();
      helper.worker.terminate();
    }
    this.all.length = 0;
    this.idle.length = 0;
  }

  private schedule(job: Job): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length && this.idle.length) {
      const helper = this.idle.pop() as Helper;
      const task = this.queue.shift() as (typeof this.queue)[number];
      helper.ready
        .then(() => task.job(helper.api))
        .then(task.resolve, task.reject)
        .finally(() => {
          if (this.all.includes(helper)) this.idle.push(helper);
          this.pump();
        });
    }
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const task of this.queue.splice(0)) task.reject(error);
    this.close();
  }
}


/**
 * A runner factory for the cluster worker: helpers on every core (navigator.hardwareConcurrency)
 * for data of at least `parallelThreshold` values; otherwise, with one core, or without nested
 * workers, the jobs run in the calling thread.
 */
export function helperRunners(): RunnerFactory | undefined {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  if (cores < 2 || typeof Worker === 'undefined') return undefined;
  return (data, n, d) => (n * d >= parallelThreshold ? new HelperRunner(data, n, d, cores) : undefined);
}
