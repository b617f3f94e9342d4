/**
 * Histogram gradient boosting (like scikit-learn's HistGradientBoosting and LightGBM):
 * features binned once, each round fits a tree to the gradients and hessians of the
 * loss with Newton leaf values −G/(H + λ). Squared error for regression, log loss for
 * two classes, softmax log loss with one tree per class per round for more.
 */
import type { Matrix } from '../../core/matrix';
import type { ProgressCallback, Task, TrainedModel, TrainingData } from '../../core/model';
import { Random } from '../../core/random';
import { binFeatures } from './binning';
import { BoostGrower } from './boost-grower';
import { boostingLoss } from './boosting-loss';
import { checkTrainingData } from './data-check';
import { TreeGrower, type GrowOptions, type GrownTree } from './grower';
import { normalize } from './importance';
import { findLeaf, treeFromJSON, treeToJSON, type Tree } from './tree';

/** Gradient boosting options (scikit-learn's names; defaults of its GradientBoosting*). */
export interface GradientBoostingOptions {
  /** Boosting rounds (default 100). */
  nEstimators: number;
  /** Shrinkage of every tree (default 0.1). */
  learningRate: number;
  /** Maximum tree depth (default 3). */
  maxDepth: number;
  /** If set, trees grow best-first up to this many leaves (still bounded by maxDepth). */
  maxLeaves?: number;
  /** Minimum rows per leaf (default 1). */
  minSamplesLeaf: number;
  /** Fraction of rows drawn (without replacement) per round (default 1). */
  subsample: number;
  /** L2 penalty on leaf values (default 0). */
  l2Regularization: number;
  /** Stop when the validation loss has not improved for nIterNoChange rounds (default false). */
  earlyStopping: boolean;
  /** Share of rows held out for early stopping (default 0.1). */
  validationFraction: number;
  /** Rounds without improvement before stopping (default 10). */
  nIterNoChange: number;
  /** Bins per feature, 2..256 (default 255). */
  maxBins: number;
  /** Seed for subsampling and the validation split (default 0). */
  seed: number;
}

/**
 * From this many training rows on, depth-first trees grow on the boosting fast path
 * (boost-grower.ts: the same splits, sums taken in another order); below it, on TreeGrower,
 * whose small-node scans suit small data.
 */
export const BOOST_FAST_MIN_ROWS = 5000;

/** Defaults (scikit-learn's GradientBoostingRegressor / Classifier). */
export const defaultGradientBoostingOptions: GradientBoostingOptions = {
  nEstimators: 100,
  learningRate: 0.1,
  maxDepth: 3,
  minSamplesLeaf: 1,
  subsample: 1,
  l2Regularization: 0,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 10,
  maxBins: 255,
  seed: 0,
};

/** A boosted ensemble as plain data: raw score = init[k] + Σ trees of class k (tree index r·K + k). */
export interface Boosting {
  task: Task;
  nFeatures: number;
  /** Score columns: 1 for regression and binary, nClasses otherwise. */
  nScores: number;
  nClasses: number;
  init: Float64Array;
  trees: Tree[];
  /** Summed split gains per feature (normalised at read). */
  gain: Float64Array;
  featureNames?: string[];
}

function checkOptions(o: GradientBoostingOptions): void {
  if (!Number.isInteger(o.nEstimators) || o.nEstimators < 1) throw new Error(`nEstimators must be a positive integer, got ${o.nEstimators}`);
  if (!(o.learningRate > 0)) throw new Error(`learningRate must be positive, got ${o.learningRate}`);
  if (!(o.maxDepth >= 1)) throw new Error(`maxDepth must be at least 1, got ${o.maxDepth}`);
  if (o.maxLeaves !== undefined && !(Number.isInteger(o.maxLeaves) && o.maxLeaves >= 2)) throw new Error(`maxLeaves must be an integer >= 2, got ${o.maxLeaves}`);
  if (!Number.isInteger(o.minSamplesLeaf) || o.minSamplesLeaf < 1) throw new Error(`minSamplesLeaf must be a positive integer, got ${o.minSamplesLeaf}`);
  if (!(o.subsample > 0 && o.subsample <= 1)) throw new Error(`subsample must be in (0, 1], got ${o.subsample}`);
  if (!(o.l2Regularization >= 0)) throw new Error(`l2Regularization must be >= 0, got ${o.l2Regularization}`);
  if (!(o.validationFraction > 0 && o.validationFraction < 1)) throw new Error(`validationFraction must be in (0, 1), got ${o.validationFraction}`);
  if (!Number.isInteger(o.nIterNoChange) || o.nIterNoChange < 1) throw new Error(`nIterNoChange must be a positive integer, got ${o.nIterNoChange}`);
}

/**
 * Fits gradient-boosted trees.
 * @param data X, y (values or class indices), optional sampleWeight
 * @param options see GradientBoostingOptions (defaults: 100 rounds, lr 0.1, depth 3)
 * @param onProgress called after every round with (rounds done, nEstimators)
 */
export function fitGradientBoosting(data: TrainingData, options: Partial<GradientBoostingOptions> = {}, onProgress?: ProgressCallback): TrainedModel {
  const o = { ...defaultGradientBoostingOptions, ...options };
  checkOptions(o);
  const nClasses = checkTrainingData(data);
  const { X, y, task } = data;
  const S = task === 'classification' && nClasses > 2 ? nClasses : 1;
  const isClass = task === 'classification';
  const sw = data.sampleWeight ?? new Float64Array(X.rows).fill(1);
  const random = new Random(o.seed);
  const isTrain = new Uint8Array(X.rows).fill(1);
  if (o.earlyStopping) holdOut(y, isClass ? nClasses : 0, o.validationFraction, random, isTrain);
  const trainIdx: number[] = [];
  const validIdx: number[] = [];
  for (let i = 0; i < X.rows; i++) (isTrain[i] ? trainIdx : validIdx).push(i);
  const n = trainIdx.length;
  const Xt = subsetRows(X, trainIdx);
  const binned = binFeatures(Xt, o.maxBins);
  const grow: GrowOptions = {
    maxDepth: o.maxDepth,
    minSamplesLeaf: o.minSamplesLeaf,
    minSamplesSplit: 2,
    maxLeaves: o.maxLeaves ?? Infinity,
    maxFeatures: X.cols,
    l2: o.l2Regularization,
    minChildWeight: isClass ? 1e-3 : 0,
  };
  const yt = new Float64Array(n);
  const wt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    yt[i] = y[trainIdx[i]];
    wt[i] = sw[trainIdx[i]];
  }
  // Fast-path facts: every row has a positive weight; every weight is 1 (squared error's
  // hessians are then all 1); hessians may fall under 1e-16 and need clamping.
  let allWeighted = true;
  let allUnit = true;
  let hasTinyWeight = false;
  for (let i = 0; i < n; i++) {
    if (!(wt[i] > 0)) allWeighted = false;
    else if (wt[i] < 1e-16) hasTinyWeight = true;
    if (wt[i] !== 1) allUnit = false;
  }
  const isUnitHessian = task === 'regression' && allUnit;
  const needsClamp = task !== 'regression' || hasTinyWeight;
  const m = o.subsample < 1 ? Math.max(1, Math.floor(o.subsample * n)) : n;
  const isFast = n >= BOOST_FAST_MIN_ROWS && o.maxLeaves === undefined;
  // Squared error with unit weights on every row: the fast path keeps the gradients itself.
  const isKept = isFast && isUnitHessian && m === n;
  const grower = isFast ? null : new TreeGrower(binned, 1);
  const fastGrower = isFast ? new BoostGrower(binned, isKept ? yt : undefined) : null;
  const loss = boostingLoss(task, S);
  const init = loss.initialScores(yt, wt, nClasses);
  // On the fast path with one score column, the raw scores, gradients and hessians are the
  // grower's views of its WebAssembly memory (taken again after every tree: the memory may grow).
  const isInGrower = fastGrower !== null && S === 1;
  let raw = isInGrower ? fastGrower.raw : new Float64Array(n * S);
  for (let i = 0; i < n; i++) for (let k = 0; k < S; k++) raw[i * S + k] = init[k];
  const Xv = subsetRows(X, validIdx);
  const rawV = new Float64Array(validIdx.length * S);
  for (let i = 0; i < validIdx.length; i++) for (let k = 0; k < S; k++) rawV[i * S + k] = init[k];
  const yv = Float64Array.from(validIdx, (i) => y[i]);
  const wv = Float64Array.from(validIdx, (i) => sw[i]);
  let grad = isInGrower ? fastGrower.gradients : new Float64Array(n * S);
  let hess = isInGrower ? fastGrower.hessians : new Float64Array(n * S);
  // TreeGrower's rows, hessians and values (the fast path's are the grower's).
  const slowRows = fastGrower ? 0 : n;
  const rows = new Int32Array(slowRows);
  const h = new Float64Array(slowRows);
  const v = new Float64Array(slowRows);
  const inBag = new Uint8Array(n);
  if (isUnitHessian) hess.fill(1);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const trees: Tree[] = [];
  const gain = new Float64Array(X.cols);
  let bestLoss = Infinity;
  let bestRounds = 0;
  for (let round = 0; round < o.nEstimators; round++) {
    if (isKept) {
      // The grower computes them.
    } else if (isUnitHessian) {
      // Squared error with unit weights: gradient raw − y, hessian 1 (set once), as the loss gives them.
      for (let i = 0; i < n; i++) grad[i] = raw[i] - yt[i];
    } else {
      loss.gradients(raw, yt, wt, grad, hess);
    }
    if (m < n) {
      for (let i = 0; i < m; i++) {
        const j = i + Math.floor(random.next() * (n - i));
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      inBag.fill(0);
      for (let i = 0; i < m; i++) inBag[perm[i]] = 1;
    }
    for (let k = 0; k < S; k++) {
      let count = 0;
      let grown: GrownTree;
      // One score column and unit weights: the fast path updates the raw scores itself.
      const isUpdated = isInGrower && allUnit;
      let treeRows: Int32Array = rows;
      if (fastGrower) {
        // The fast path reads hessians and gradients by row index: one class's copied into the
        // grower's, or (one score column) the grower's themselves, with the hessians clamped in place.
        const fastH = fastGrower.hessians;
        const fastG = fastGrower.gradients;
        if (S > 1) {
          for (let i = 0; i < n; i++) {
            fastH[i] = Math.max(hess[i * S + k], 1e-16);
            fastG[i] = grad[i * S + k];
          }
        } else if (needsClamp) {
          for (let i = 0; i < n; i++) if (fastH[i] < 1e-16) fastH[i] = 1e-16;
        }
        if (m === n && allWeighted) {
          count = n;
        } else {
          const fastRows = fastGrower.rows;
          for (let i = 0; i < n; i++) if ((m === n || inBag[i]) && wt[i] > 0) fastRows[count++] = i;
        }
        grown = fastGrower.grow(count, grow, random, isUnitHessian, isUpdated ? o.learningRate : null);
        treeRows = fastGrower.rows;
        if (isInGrower) {
          raw = fastGrower.raw;
          grad = fastGrower.gradients;
          hess = fastGrower.hessians;
        }
      } else {
        for (let i = 0; i < n; i++) {
          if (m < n && !inBag[i]) continue;
          const hi = Math.max(hess[i * S + k], 1e-16);
          if (!(wt[i] > 0)) continue;
          rows[count] = i;
          h[count] = hi;
          v[count] = -grad[i * S + k];
          count++;
        }
        grown = grower!.grow({ n: count, rows, h, v, cls: null }, grow, random);
      }
      const tree = grown.tree;
      for (let f = 0; f < X.cols; f++) gain[f] += grown.gain[f];
      for (let i = 0; i < tree.nodeCount; i++) tree.value[i] *= o.learningRate;
      // Cover is the weighted row count (not the hessian sum) for TreeSHAP: sum weights per leaf, then upwards.
      const cover = tree.cover;
      for (let node = tree.nodeCount - 1; node >= 0; node--) {
        if (tree.feature[node] >= 0) {
          cover[node] = cover[tree.left[node]] + cover[tree.right[node]];
          continue;
        }
        const value = tree.value[node];
        const from = grown.start[node];
        const to = grown.end[node];
        if (isUpdated) {
          // Unit weights: the cover is the row count; the grower added the leaf values.
          cover[node] = to - from;
          continue;
        }
        let c = 0;
        for (let p = from; p < to; p++) {
          const r = treeRows[p];
          c += wt[r];
          raw[r * S + k] += value;
        }
        cover[node] = c;
      }
      if (m < n || count < n) {
        for (let i = 0; i < n; i++) {
          if ((m === n || inBag[i]) && wt[i] > 0) continue;
          raw[i * S + k] += tree.value[findLeaf(tree, Xt.data, Xt.cols, i)];
        }
      }
      for (let i = 0; i < validIdx.length; i++) rawV[i * S + k] += tree.value[findLeaf(tree, Xv.data, Xv.cols, i)];
      trees.push(tree);
    }
    onProgress?.(round + 1, o.nEstimators);
    if (o.earlyStopping) {
      const validationLoss = loss.meanLoss(rawV, yv, wv);
      // The first round always improves on no model (Infinity − 1e-7 · Infinity would be NaN).
      if (bestRounds === 0 || validationLoss < bestLoss - 1e-7 * Math.abs(bestLoss)) {
        bestLoss = validationLoss;
        bestRounds = round + 1;
      } else if (round + 1 - bestRounds >= o.nIterNoChange) {
        trees.length = bestRounds * S;
        break;
      }
    }
  }
  return boostingModel({ task, nFeatures: X.cols, nScores: S, nClasses: isClass ? nClasses : 1, init, trees, gain, featureNames: data.featureNames });
}

/** Marks a seeded, per-class stratified share of rows as validation (isTrain = 0). */
function holdOut(y: Float64Array, nClasses: number, fraction: number, random: Random, isTrain: Uint8Array): void {
  const groups: number[][] = nClasses > 0 ? Array.from({ length: nClasses }, () => []) : [[]];
  for (let i = 0; i < y.length; i++) groups[nClasses > 0 ? y[i] : 0].push(i);
  for (const g of groups) {
    random.shuffle(g);
    const take = Math.round(fraction * g.length);
    for (let j = 0; j < take; j++) isTrain[g[j]] = 0;
  }
}

function subsetRows(X: Matrix, idx: number[]): Matrix {
  if (idx.length === X.rows) return X;
  const data = new Float64Array(idx.length * X.cols);
  for (let i = 0; i < idx.length; i++) data.set(X.data.subarray(idx[i] * X.cols, (idx[i] + 1) * X.cols), i * X.cols);
  return { rows: idx.length, cols: X.cols, data };
}

/** Wraps plain boosting data as a TrainedModel. */
export function boostingModel(b: Boosting): TrainedModel & { boosting: Boosting } {
  const { task, nFeatures, nScores: S, nClasses, init, trees } = b;
  const scores = (X: Matrix): Float64Array => {
    if (X.cols !== nFeatures) throw new Error(`X has ${X.cols} columns, the model was trained on ${nFeatures}`);
    const out = new Float64Array(X.rows * S);
    for (let i = 0; i < X.rows; i++) for (let k = 0; k < S; k++) out[i * S + k] = init[k];
    for (let t = 0; t < trees.length; t++) {
      const tree = trees[t];
      const k = t % S;
      for (let i = 0; i < X.rows; i++) out[i * S + k] += tree.value[findLeaf(tree, X.data, X.cols, i)];
    }
    return out;
  };
  // Only the classification losses turn scores into probabilities.
  const toProbabilities = boostingLoss(task, S).probabilities;
  const proba = toProbabilities && ((X: Matrix): Float64Array => toProbabilities(scores(X), X.rows, nClasses));
  const model: TrainedModel & { boosting: Boosting } = {
    kind: 'gbm',
    task,
    boosting: b,
    predict(X: Matrix): Float64Array {
      if (!proba) return scores(X);
      const p = proba(X);
      const out = new Float64Array(X.rows);
      for (let i = 0; i < X.rows; i++) {
        let best = 0;
        for (let k = 1; k < nClasses; k++) if (p[i * nClasses + k] > p[i * nClasses + best]) best = k;
        out[i] = best;
      }
      return out;
    },
    featureImportance: () => normalize(b.gain.slice()),
    toJSON() {
      return { kind: 'gbm' as const, task, nFeatures, nScores: S, nClasses, init: Array.from(init), gain: Array.from(b.gain), featureNames: b.featureNames, trees: trees.map(treeToJSON) };
    },
  };
  if (proba) model.predictProba = proba;
  return model;
}

/** Rebuilds a boosted model from its `toJSON()`; predictions are identical. */
export function loadGradientBoosting(json: unknown): TrainedModel {
  const j = json as Record<string, unknown> | null;
  if (!j || j.kind !== 'gbm') throw new Error('Not a gradient boosting model: expected kind "gbm"');
  const task = j.task;
  if (task !== 'regression' && task !== 'classification') throw new Error(`Invalid gradient boosting JSON: task ${String(task)}`);
  const nFeatures = Number(j.nFeatures);
  const nScores = Number(j.nScores);
  if (!(Number.isInteger(nFeatures) && nFeatures > 0 && Number.isInteger(nScores) && nScores > 0)) {
    throw new Error('Invalid gradient boosting JSON: nFeatures and nScores must be positive integers');
  }
  if (!Array.isArray(j.trees) || !Array.isArray(j.init) || !Array.isArray(j.gain)) throw new Error('Invalid gradient boosting JSON: expected trees, init and gain arrays');
  return boostingModel({
    task,
    nFeatures,
    nScores,
    nClasses: Number(j.nClasses),
    init: Float64Array.from(j.init as number[]),
    gain: Float64Array.from(j.gain as number[]),
    trees: j.trees.map((t) => treeFromJSON(t, nFeatures)),
    featureNames: Array.isArray(j.featureNames) ? (j.featureNames as string[]) : undefined,
  });
}
