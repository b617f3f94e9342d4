/** Fits a random forest on several node worker threads, each a slice of the tree indices, and merges them. */
import { Worker } from 'node:worker_threads';
import type { TrainingData } from '../src/lib/ml/core/model';
import { forestModel, mergeForests, type Forest, type ForestModel, type RandomForestOptions } from '../src/lib/ml/models/tree/forest';
import type { ForestJob } from './trees-worker';

/** Splits options.nEstimators trees over `threads` workers; equal to the one-thread forest. */
export async function fitForestParallel(data: TrainingData, options: Partial<RandomForestOptions> & { nEstimators: number }, threads: number): Promise<ForestModel> {
  const per = Math.ceil(options.nEstimators / threads);
  const jobs: Promise<Forest>[] = [];
  for (let w = 0; w < threads; w++) {
    const treeOffset = w * per;
    const nEstimators = Math.min(per, options.nEstimators - treeOffset);
    if (nEstimators <= 0) break;
    const worker = new Worker(new URL('./trees-worker.mjs', import.meta.url));
    const job: ForestJob = { data, options: { ...options, treeOffset, nEstimators } };
    jobs.push(
      new Promise<Forest>((resolve, reject) => {
        worker.once('message', (forest: Forest) => {
          resolve(forest);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.postMessage(job);
      }),
    );
  }
  return mergeForests((await Promise.all(jobs)).map((forest) => forestModel(forest)));
}
