/**
 * A random forest's cross-validation fold split into chunks of trees, so that the trees of one
 * forest, and the folds, spread over every worker of the pool. Tree i of a forest depends only on
 * (seed, i) (forest.ts), so a chunk fits trees [offset, offset + count) on the fold's training rows
 * and sends back what each of its trees says about the fold's test rows (and its impurity
 * importance); `mergeForestChunks` adds them up in tree order, exactly as one forest's `predict`
 * and `featureImportance` do, so the fold's result is the one a single worker gets.
 * This file is light (the page plans the chunks); the fitting is in forest-chunk-fit.ts.
 */

/** Trees [treeOffset, treeOffset + nEstimators) of a forest. */
export interface TreeRange {
  treeOffset: number;
  nEstimators: number;
}

/** What a chunk of trees says about a fold's test rows. */
export interface ForestChunk extends TreeRange {
  /** Tree-major: tree t's value for test row i, class k at `(t * rows + i) * nClasses + k`. */
  values: Float64Array;
  /** Tree-major: tree t's impurity importance of feature f (scaled to sum 1; zeros when it did not split) at `t * nFeatures + f`. */
  importance: Float64Array;
  /** Values per row: classes, or 1 for regression. */
  nClasses: number;
  /** The model's input columns (the fold's pipeline). */
  featureNames: string[];
}

/** Tasks per worker a forest's CV aims at: enough that the last ones end close together, few enough that each chunk's own work (binning, the fold's pipeline) stays small. */
export const tasksPerWorker = 4;

/**
 * Chunks per fold of a forest of `nEstimators` trees cross-validated in `folds` folds on `concurrency`
 * workers: one where nothing runs alongside (Node, the CLI); else about `tasksPerWorker` chunks per
 * worker over all folds, at least two per fold, at most one per tree. Each chunk bins the features
 * and each worker fits a fold's pipeline again (measured at 160,000 rows × 15 with load ~10: about
 * 0.3 s and 1.7 s, against 2–3 s per tree), so more chunks than the workers need cost CPU.
 */
export function chunkCount(nEstimators: number, concurrency: number, folds: number): number {
  if (concurrency <= 1 || nEstimators <= 1) return 1;
  return Math.min(nEstimators, Math.max(2, Math.ceil((tasksPerWorker * concurrency) / Math.max(1, folds))));
}

/** `nEstimators` trees in `count` consecutive ranges of nearly equal size (the larger first). */
export function treeRanges(nEstimators: number, count: number): TreeRange[] {
  const parts = Math.max(1, Math.min(nEstimators, Math.floor(count)));
  const base = Math.floor(nEstimators / parts);
  const extra = nEstimators % parts;
  const ranges: TreeRange[] = [];
  for (let c = 0, offset = 0; c < parts; c++) {
    const n = base + (c < extra ? 1 : 0);
    ranges.push({ treeOffset: offset, nEstimators: n });
    offset += n;
  }
  return ranges;
}

/** A fold's forest from its chunks: the mean of the trees' values per test row, and the forest's importance. */
export interface MergedForest {
  /** Row-major test rows × nClasses: the mean over trees (a regression forest's prediction; a classifier's probabilities). */
  mean: Float64Array;
  nClasses: number;
  /** Impurity importance summed over trees and scaled to sum 1. */
  importance: Float64Array;
  featureNames: string[];
  trees: number;
}

/**
 * Joins the chunks of one fold's forest (in any order; they must cover trees 0..n-1 once) into what
 * the single forest computes: the values added tree by tree in index order, then divided by the
 * number of trees (forest.ts `sumValues`), and the per-tree importances added in the same order,
 * then scaled to sum 1 (`impurityImportance`). `trees`: the forest's size, when known (a chunk missing at the end is an error too).
 */
export function mergeForestChunks(chunks: readonly ForestChunk[], trees?: number): MergedForest {
  if (!chunks.length) throw new Error('mergeForestChunks needs at least one chunk');
  const sorted = [...chunks].sort((a, b) => a.treeOffset - b.treeOffset);
  const { nClasses, featureNames } = sorted[0];
  const nFeatures = sorted[0].importance.length / Math.max(1, sorted[0].nEstimators);
  const width = sorted[0].values.length / Math.max(1, sorted[0].nEstimators);
  let next = 0;
  for (const c of sorted) {
    if (c.treeOffset !== next) throw new Error(`The chunks of a forest leave out or repeat trees: one starts at tree ${c.treeOffset}, expected ${next}`);
    if (c.nClasses !== nClasses || c.values.length !== c.nEstimators * width || c.importance.length !== c.nEstimators * nFeatures) {
      throw new Error('The chunks of a forest differ in test rows, classes or features');
    }
    next += c.nEstimators;
  }
  if (trees !== undefined && next !== trees) throw new Error(`The chunks of a forest leave out or repeat trees: they hold ${next} trees, the forest has ${trees}`);
  const mean = new Float64Array(width);
  const total = new Float64Array(nFeatures);
  for (const c of sorted) {
    for (let t = 0; t < c.nEstimators; t++) {
      const values = c.values.subarray(t * width, (t + 1) * width);
      for (let i = 0; i < width; i++) mean[i] += values[i];
      const importance = c.importance.subarray(t * nFeatures, (t + 1) * nFeatures);
      for (let f = 0; f < nFeatures; f++) total[f] += importance[f];
    }
  }
  for (let i = 0; i < width; i++) mean[i] /= next;
  let sum = 0;
  for (let f = 0; f < nFeatures; f++) sum += total[f];
  if (sum > 0) for (let f = 0; f < nFeatures; f++) total[f] /= sum;
  return { mean, nClasses, importance: total, featureNames, trees: next };
}

/** A classifier's predicted class per row: the first class with the highest mean (forest.ts `predict`). */
export function classesOf(mean: Float64Array, nClasses: number): Float64Array {
  const rows = mean.length / nClasses;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < nClasses; k++) if (mean[i * nClasses + k] > mean[i * nClasses + best]) best = k;
    out[i] = best;
  }
  return out;
}
