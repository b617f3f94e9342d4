/**
 * A node worker_threads entry for bench/trees.ts: fits one slice of a random forest
 * (trees treeOffset .. treeOffset + nEstimators − 1) and posts back the plain forest
 * (typed arrays, structured-cloned). Loaded through trees-worker.mjs, which registers tsx.
 */
import { parentPort } from 'node:worker_threads';
import type { TrainingData } from '../src/lib/ml/core/model';
import { fitRandomForest, type RandomForestOptions } from '../src/lib/ml/models/tree/forest';

/** What the bench posts to the worker. */
export interface ForestJob {
  data: TrainingData;
  options: Partial<RandomForestOptions>;
}

parentPort?.once('message', (job: ForestJob) => {
  const model = fitRandomForest(job.data, job.options);
  parentPort?.postMessage(model.forest);
});
