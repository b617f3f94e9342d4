/**
 * K-Means with rows split across Node worker threads: the data and the fit's state live in
 * SharedArrayBuffers, each thread (the main one included) runs every row pass on its own
 * range of blocks, and the main thread adds the per-block partial sums in block order, so
 * the result is bit-identical to `kmeans` on one thread.
 */
import { Worker } from 'node:worker_threads';
import { createKMeansState, kmeansSteps, resolveKMeansOptions, type KMeansOptions, type KMeansResult } from '../src/lib/ml/cluster/kmeans';
import { blockRows, runBlockOp, type Allocate } from '../src/lib/ml/cluster/row-blocks';
import type { ThreadMessage } from './kmeans-thread.worker';

const allocateShared: Allocate = (Ctor, length) => new Ctor(new SharedArrayBuffer(Math.max(1, length) * Ctor.BYTES_PER_ELEMENT)).subarray(0, length) as never;

/** A copy of `values` in a SharedArrayBuffer, to pass to `KMeansThreads.fit`. */
export function toShared(values: Float64Array): Float64Array {
  const shared = new Float64Array(new SharedArrayBuffer(values.byteLength));
  shared.set(values);
  return shared;
}

/** A pool of `threads − 1` workers plus the calling thread. Call `close()` when done. */
export class KMeansThreads {
  private readonly workers: Worker[] = [];
  /** Settles the message each worker is working on (one at a time per worker). */
  private readonly pending: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private readonly queue = new Int32Array(blockRows);

  constructor(readonly threads: number) {
    // tsx's loader does not follow into Node 20 worker threads: each worker registers it, then imports the entry.
    const entry = new URL('./kmeans-thread.worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    for (let t = 1; t < threads; t++) {
      const worker = new Worker(boot, { eval: true });
      const i = this.workers.length;
      worker.on('message', () => this.pending[i].resolve());
      worker.on('error', (error) => this.pending[i].reject(error));
      this.workers.push(worker);
    }
  }

  /** Fits K-Means on `data` (n×d, backed by a SharedArrayBuffer); same options and result as `kmeans`. */
  async fit(data: Float64Array, n: number, d: number, k: number, options: Partial<KMeansOptions> = {}): Promise<KMeansResult> {
    if (!(data.buffer instanceof SharedArrayBuffer)) throw new TypeError('KMeansThreads.fit needs data in a SharedArrayBuffer (see toShared)');
    const opts = resolveKMeansOptions(data, n, d, k, options);
    const state = createKMeansState(n, d, k, opts, allocateShared);
    await this.broadcast(() => ({ type: 'state', data, state }));
    const T = this.threads;
    const split = (t: number): number => Math.floor((t * state.blocks) / T);
    const steps = kmeansSteps(data, state, opts);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      const op = step.value;
      const done = this.broadcast((w) => ({ type: 'op', op, from: split(w + 1), to: split(w + 2) }));
      for (let b = 0; b < split(1); b++) runBlockOp(data, state, op, b, this.queue);
      await done;
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private broadcast(message: (worker: number) => ThreadMessage): Promise<void[]> {
    return Promise.all(
      this.workers.map(
        (w, i) =>
          new Promise<void>((resolve, reject) => {
            this.pending[i] = { resolve, reject };
            w.postMessage(message(i));
          }),
      ),
    );
  }
}
