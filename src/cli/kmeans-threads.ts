/**
 * K-Means rows split across Node worker threads: starts the helpers of a `KernelTeam`
 * (kmeans-thread.mjs), for the CLI and the benchmark. In a cross-origin-isolated page a
 * worker starts browser helpers the same way (src/lib/workers/kernel-workers.ts).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KernelTeam } from '../lib/ml/segments/kernel-team';

/** A team and the way to stop its threads. */
export interface ThreadTeam {
  team: KernelTeam;
  close(): Promise<void>;
}

/**
 * A team of `threads` threads in all (this one and threads − 1 helpers), ready to use.
 * @param threads default: the cores Node reports
 */
export async function startThreadTeam(threads = availableParallelism()): Promise<ThreadTeam> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const workers = Array.from({ length: threads - 1 }, () => new Worker(new URL('./kmeans-thread.mjs', import.meta.url)));
  const close = async () => {
    await Promise.all(workers.map((worker) => worker.terminate()));
  };
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('message', () => resolve());
            worker.once('error', reject);
            worker.once('exit', (code) => reject(new Error(`a K-Means helper thread exited (code ${code}) before it was ready`)));
          }),
      ),
    );
  } catch (error) {
    await close();
    throw error;
  }
  // The helpers never keep the process alive.
  for (const worker of workers) worker.unref();
  return { team: new KernelTeam(workers), close };
}
