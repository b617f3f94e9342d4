/**
 * Random forest (regression and classification) on our histogram tree grower.
 * Features are binned once per fit; every tree draws a bootstrap as integer row
 * weights (no duplicated rows) from its own generator seeded by (seed, tree index),
 * so trees can be fitted in any order or on several workers and merged with
 * `mergeForests` into exactly the forest one worker would have built.
 */
import type { Matrix } from '../../core/matrix';
import type { ProgressCallback, Task, TrainedModel, TrainingData } from '../../core/model';
import { Random } from '../../core/random';
import { binFeatures, binRowsLike, type BinnedFeatures } from './binning';
import { TreeGrower, type GrowOptions } from './grower';
import { impurityImportance } from './importance';
import { checkTrainingData } from './data-check';
import { findLeaves, findLeavesByCode, treeFromJSON, treeToJSON, type Tree } from './tree';

/** Random forest options (scikit-learn's names and defaults). */
export interface RandomForestOptions {
  /** Trees this call fits (default 100). */
  nEstimators: number;
  /** Maximum depth (default Infinity: grow until pure or minSamples* stop). */
  maxDepth: number;
  /** Minimum rows per leaf (default 1). */
  minSamplesLeaf: number;
  /** Minimum rows to split a node (default 2). */
  minSamplesSplit: number;
  /**
   * Features drawn per split: a count (> 1), a fraction in (0, 1] (so 1 means all),
   * 'sqrt', 'log2', 'all', or 'auto' = scikit-learn's default ('all' for regression,
   * 'sqrt' for classification; default 'auto').
   */
  maxFeatures: number | 'sqrt' | 'log2' | 'all' | 'auto';
  /** Bootstrap rows per tree (default true). */
  bootstrap: boolean;
  /** Bins per feature, 2..256 (default 255). */
  maxBins: number;
  /** Seed (default 0); tree i's randomness depends only on (seed, treeOffset + i). */
  seed: number;
  /** Index of this call's first tree, to split a forest across workers (default 0). */
  treeOffset: number;
}

/** scikit-learn's RandomForest defaults. */
export const defaultRandomForestOptions: RandomForestOptions = {
  nEstimators: 100,
  maxDepth: Infinity,
  minSamplesLeaf: 1,
  minSamplesSplit: 2,
  maxFeatures: 'auto',
  bootstrap: true,
  maxBins: 255,
  seed: 0,
  treeOffset: 0,
};

/** A forest as plain data (typed arrays): what a worker posts back. */
export interface Forest {
  task: Task;
  nFeatures: number;
  /** Number of classes; 1 for regression. */
  nClasses: number;
  /** Index of the first tree (see `treeOffset`). */
  treeOffset: number;
  trees: Tree[];
  featureNames?: string[];
}

/** A trained forest: a TrainedModel that also exposes its plain-data trees. */
export interface ForestModel extends TrainedModel {
  forest: Forest;
}

/** The seed of tree `index` of a forest seeded with `seed` (a splitmix-style hash of both). */
export function treeSeed(seed: number, index: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Features per split for `maxFeatures` on `cols` columns. */
export function resolveMaxFeatures(maxFeatures: RandomForestOptions['maxFeatures'], cols: number, task: Task): number {
  const m = maxFeatures === 'auto' ? (task === 'classification' ? 'sqrt' : 'all') : maxFeatures;
  if (m === 'all') return cols;
  if (m === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(cols)));
  if (m === 'log2') return Math.max(1, Math.floor(Math.log2(cols)));
  if (typeof m !== 'number' || !(m > 0)) throw new Error(`maxFeatures must be a positive number, 'sqrt', 'log2', 'all' or 'auto', got ${String(m)}`);
  return Math.min(cols, Math.max(1, m <= 1 ? Math.floor(m * cols) : Math.round(m)));
}

function checkOptions(o: RandomForestOptions): void {
  if (!Number.isInteger(o.nEstimators) || o.nEstimators < 1) throw new Error(`nEstimators must be a positive integer, got ${o.nEstimators}`);
  if (!(o.maxDepth >= 1)) throw new Error(`maxDepth must be at least 1, got ${o.maxDepth}`);
  if (!Number.isInteger(o.minSamplesLeaf) || o.minSamplesLeaf < 1) throw new Error(`minSamplesLeaf must be a positive integer, got ${o.minSamplesLeaf}`);
  if (!Number.isInteger(o.minSamplesSplit) || o.minSamplesSplit < 2) throw new Error(`minSamplesSplit must be an integer >= 2, got ${o.minSamplesSplit}`);
  if (!Number.isInteger(o.treeOffset) || o.treeOffset < 0) throw new Error(`treeOffset must be a non-negative integer, got ${o.treeOffset}`);
}

/**
 * Fits a random forest.
 * @param data X (rows × features), y (values, or class indices 0..nClasses-1), optional sampleWeight
 * @param options see RandomForestOptions (defaults: 100 trees, fully grown, bootstrap, 255 bins, seed 0)
 * @param onProgress called after every tree with (trees done, nEstimators)
 */
export function fitRandomForest(data: TrainingData, options: Partial<RandomForestOptions> = {}, onProgress?: ProgressCallback): ForestModel {
  const trees: Tree[] = [];
  const { K, treeOffset } = growForest(data, options, false, (tree) => trees.push(tree), onProgress);
  const isClass = data.task === 'classification';
  return forestModel({ task: data.task, nFeatures: data.X.cols, nClasses: isClass ? K : 1, treeOffset, trees, featureNames: data.featureNames });
}

/**
 * The trees `fitRandomForest` would fit, each lent to `visit` as it is grown and not kept: its
 * arrays are reused by the next tree, so read what you need inside `visit` (a CV fold's chunk
 * reads each tree's values on its test rows, without holding megabytes per tree).
 * @param visit called with each tree, its index in the forest (treeOffset + i) and, with `test`, the leaf each test row reaches (a buffer reused from tree to tree)
 * @param extra `test`: rows to read every tree on (binned once with the training edges, walked by
 *   code); `binned`: `binFeatures(data.X, options.maxBins)` made before (the chunks of one fold share it)
 * @returns the number of classes (1 for regression)
 */
export function visitForestTrees(
  data: TrainingData,
  options: Partial<RandomForestOptions>,
  visit: (tree: Tree, index: number, testLeaves?: Int32Array) => void,
  onProgress?: ProgressCallback,
  extra: VisitExtras = {},
): number {
  const { task } = data;
  const { K } = growForest(data, options, true, visit, onProgress, extra);
  return task === 'classification' ? K : 1;
}

/** What `visitForestTrees` may read besides the training data. */
export interface VisitExtras {
  /** Rows to read every tree on. */
  test?: Matrix;
  /** The training features already binned (`binFeatures(data.X, options.maxBins)`). */
  binned?: BinnedFeatures;
}

/** The forest's growing loop: each tree to `visit`, a copy or (`lend`) a view of the grower's store. */
function growForest(
  data: TrainingData,
  options: Partial<RandomForestOptions>,
  lend: boolean,
  visit: (tree: Tree, index: number, testLeaves?: Int32Array) => void,
  onProgress?: ProgressCallback,
  { test, binned: prebinned }: VisitExtras = {},
): { K: number; treeOffset: number } {
  const o = { ...defaultRandomForestOptions, ...options };
  checkOptions(o);
  const { X, y, task } = data;
  const K = checkTrainingData(data);
  const n = X.rows;
  if (prebinned && (prebinned.rows !== n || prebinned.cols !== X.cols)) throw new Error(`The binned features are ${prebinned.rows} × ${prebinned.cols}, the data ${n} × ${X.cols}`);
  const binned = prebinned ?? binFeatures(X, o.maxBins);
  const isClass = task === 'classification';
  const grower = new TreeGrower(binned, isClass ? K : 1, !isClass);
  // Test rows binned with the training edges: each tree's leaves for them by code (tree.ts findLeavesByCode).
  const testCodes = test ? binRowsLike(binned, test) : null;
  const testLeaves = test ? new Int32Array(test.rows) : null;
  const grow: GrowOptions = {
    maxDepth: o.maxDepth,
    minSamplesLeaf: o.minSamplesLeaf,
    minSamplesSplit: o.minSamplesSplit,
    maxLeaves: Infinity,
    maxFeatures: resolveMaxFeatures(o.maxFeatures, X.cols, task),
    l2: 0,
    minChildWeight: 0,
  };
  const sw = data.sampleWeight;
  let mean = 0;
  if (!isClass) {
    for (let i = 0; i < n; i++) mean += y[i];
    mean /= n;
  }
  const counts = new Int32Array(n);
  const { rows, h, v } = isClass ? { rows: new Int32Array(n), h: new Float64Array(n), v: new Float64Array(0) } : grower.sampleArrays();
  const cls = isClass ? new Int32Array(n) : null;
  for (let t = 0; t < o.nEstimators; t++) {
    const random = new Random(treeSeed(o.seed, o.treeOffset + t));
    if (o.bootstrap) {
      counts.fill(0);
      random.countDraws(counts, n);
    } else {
      counts.fill(1);
    }
    let m = 0;
    for (let i = 0; i < n; i++) {
      const w = counts[i] * (sw ? sw[i] : 1);
      if (!(w > 0)) continue;
      rows[m] = i;
      h[m] = w;
      if (cls) cls[m] = y[i];
      else v[m] = w * (y[i] - mean);
      m++;
    }
    const samples = { n: m, rows, h, v, cls };
    const tree = lend ? grower.growTreeView(samples, grow, random) : grower.growTree(samples, grow, random);
    if (!isClass) for (let i = 0; i < tree.nodeCount; i++) tree.value[i] += mean;
    if (testCodes && testLeaves && test && !findLeavesByCode(tree, grower.splitBins(), testCodes, test.cols, test.rows, testLeaves)) {
      findLeaves(tree, test.data, test.cols, test.rows, testLeaves);
    }
    visit(tree, o.treeOffset + t, testLeaves ?? undefined);
    onProgress?.(t + 1, o.nEstimators);
  }
  return { K, treeOffset: o.treeOffset };
}

/** Wraps plain forest data (e.g. posted back by a worker) as a TrainedModel. */
export function forestModel(forest: Forest, savedImportance?: Float64Array): ForestModel {
  const { task, nFeatures, nClasses, trees } = forest;
  const check = (X: Matrix): void => {
    if (X.cols !== nFeatures) throw new Error(`X has ${X.cols} columns, the forest was trained on ${nFeatures}`);
  };
  const sumValues = (X: Matrix): Float64Array => {
    check(X);
    const out = new Float64Array(X.rows * nClasses);
    const leaves = new Int32Array(X.rows);
    for (const tree of trees) {
      const value = tree.value;
      findLeaves(tree, X.data, X.cols, X.rows, leaves);
      for (let i = 0; i < X.rows; i++) {
        const leaf = leaves[i] * nClasses;
        for (let k = 0; k < nClasses; k++) out[i * nClasses + k] += value[leaf + k];
      }
    }
    for (let i = 0; i < out.length; i++) out[i] /= trees.length;
    return out;
  };
  // A forest read from a model file has no node impurities: its importance was saved with it.
  let importance: Float64Array | null = savedImportance ?? null;
  const model: ForestModel = {
    kind: 'rf',
    task,
    forest,
    predict(X: Matrix): Float64Array {
      const s = sumValues(X);
      if (task === 'regression') return s;
      const out = new Float64Array(X.rows);
      for (let i = 0; i < X.rows; i++) {
        let best = 0;
        for (let k = 1; k < nClasses; k++) if (s[i * nClasses + k] > s[i * nClasses + best]) best = k;
        out[i] = best;
      }
      return out;
    },
    featureImportance(): Float64Array {
      importance ??= impurityImportance(trees, nFeatures, true);
      return importance.slice();
    },
    toJSON() {
      importance ??= impurityImportance(trees, nFeatures, true);
      const saved = Array.from(importance);
      return { kind: 'rf' as const, task, nFeatures, nClasses, treeOffset: forest.treeOffset, featureNames: forest.featureNames, importance: saved, trees: trees.map(treeToJSON) };
    },
  };
  if (task === 'classification') model.predictProba = sumValues;
  return model;
}

/** Rebuilds a forest from its `toJSON()`; predictions are identical. */
export function loadRandomForest(json: unknown): ForestModel {
  const j = json as Record<string, unknown> | null;
  if (!j || j.kind !== 'rf') throw new Error('Not a random forest: expected kind "rf"');
  const task = j.task;
  if (task !== 'regression' && task !== 'classification') throw new Error(`Invalid random forest JSON: task ${String(task)}`);
  const nFeatures = Number(j.nFeatures);
  const nClasses = Number(j.nClasses);
  if (!(Number.isInteger(nFeatures) && nFeatures > 0 && Number.isInteger(nClasses) && nClasses > 0)) {
    throw new Error('Invalid random forest JSON: nFeatures and nClasses must be positive integers');
  }
  if (!Array.isArray(j.trees) || j.trees.length === 0) throw new Error('Invalid random forest JSON: no trees');
  const trees = j.trees.map((t) => treeFromJSON(t, nFeatures));
  if (trees.some((t) => t.nValues !== nClasses)) throw new Error('Invalid random forest JSON: tree values do not match nClasses');
  const featureNames = Array.isArray(j.featureNames) ? (j.featureNames as string[]) : undefined;
  const saved = Array.isArray(j.importance) && j.importance.length === nFeatures && j.importance.every((v) => typeof v === 'number') ? Float64Array.from(j.importance as number[]) : undefined;
  if (!saved && trees.some((t) => Number.isNaN(t.impurity[0]))) throw new Error('Invalid random forest JSON: compact trees need the saved importance');
  return forestModel({ task, nFeatures, nClasses, treeOffset: Number(j.treeOffset ?? 0), trees, featureNames }, saved);
}

/**
 * Joins forests fitted on parts of the tree index range (same data, options and seed,
 * different `treeOffset`) into one, in tree-index order: equal to a single fit.
 */
export function mergeForests(models: readonly TrainedModel[]): ForestModel {
  const parts = models.map((m) => {
    if (!('forest' in m)) throw new Error('mergeForests takes random forest models only');
    return (m as ForestModel).forest;
  });
  if (parts.length === 0) throw new Error('mergeForests needs at least one forest');
  parts.sort((a, b) => a.treeOffset - b.treeOffset);
  const first = parts[0];
  for (const p of parts) {
    if (p.task !== first.task || p.nFeatures !== first.nFeatures || p.nClasses !== first.nClasses) {
      throw new Error('mergeForests: forests differ in task, features or classes');
    }
  }
  return forestModel({ ...first, trees: parts.flatMap((p) => p.trees) });
}
