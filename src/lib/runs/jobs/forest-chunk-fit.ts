/**
 * The worker side of a forest split into chunks (forest-chunks.ts): fit trees [offset, offset + n)
 * of one fold's forest and read what each says about the fold's test rows; then, once every chunk
 * is in, the fold's result. Loaded only by the workers that run these parts.
 */
import type { ProgressCallback } from '../../ml/core/model';
import type { Matrix } from '../../ml/core/matrix';
import { foldFitOptions, foldRows, scoreFold, type FoldResult } from '../../ml/evaluation/cv/fold';
import type { PreparedCv } from '../../ml/evaluation/cv/prepare';
import { trainingOnRows, type TrainingOnRows } from '../../ml/models/fit-rows';
import { impurityDecrease } from '../../ml/models/tree/importance';
import type { BinnedFeatures } from '../../ml/models/tree/binning';
import type { Tree } from '../../ml/models/tree/tree';
import { transformTable } from '../../ml/preprocess/pipeline';
import { Memo } from '../memo';
import { classesOf, mergeForestChunks, type ForestChunk, type TreeRange } from './forest-chunks';

/** A fold's training data and transformed test rows, made once per fold on a worker. */
export interface FoldData {
  training: TrainingOnRows;
  Xtest: Matrix;
  /** The training features binned, by the fold's first chunk on this worker (about 0.25 s at 160,000 × 15), for the next ones. */
  binned?: { maxBins: number; features: BinnedFeatures };
}

/** Fold `foldIndex`'s training data (the pipeline fitted on its training rows) and its test rows through that pipeline. */
export async function foldData(prepared: PreparedCv, foldIndex: number): Promise<FoldData> {
  const { trainRows, yTrain, testRows } = foldRows(prepared, foldIndex);
  const training = await trainingOnRows(prepared.table, prepared.features, trainRows, yTrain, foldFitOptions(prepared));
  return { training, Xtest: transformTable(training.pipeline, prepared.table, testRows) };
}

/** Fold data by input: the last two folds only (chunks are queued fold by fold; each fold's data is as large as its rows). */
const foldMemos = new WeakMap<object, Memo>();

/** Fold `foldIndex`'s data on this worker's copy of `input`, made once while it is among the last two folds used (`key` names the run and fold). */
export function foldDataOf(input: object, key: string, make: () => Promise<FoldData>): Promise<FoldData> {
  let memo = foldMemos.get(input);
  if (!memo) foldMemos.set(input, (memo = new Memo(2)));
  return memo.get(key, make);
}

/** Tree `tree`'s impurity importance per feature scaled to sum 1, into `out` (zeros when it does not split): one tree's term of `impurityImportance`. */
export function treeImportance(tree: Tree, out: Float64Array): void {
  const sum = impurityDecrease(tree, out);
  if (sum > 0) for (let f = 0; f < out.length; f++) out[f] /= sum;
  else out.fill(0);
}

/**
 * Fits trees `range` of fold data `data`'s forest and reads each tree's values on the test rows
 * and its importance as it is grown; the trees themselves are not kept.
 */
export async function fitForestChunk(data: FoldData, range: TreeRange, onProgress?: ProgressCallback): Promise<ForestChunk> {
  const { training, Xtest } = data;
  const { visitForestTrees, defaultRandomForestOptions } = await import('../../ml/models/tree/forest');
  const { binFeatures } = await import('../../ml/models/tree/binning');
  const maxBins = Number(training.fitOptions.maxBins ?? defaultRandomForestOptions.maxBins);
  if (data.binned?.maxBins !== maxBins) data.binned = { maxBins, features: binFeatures(training.data.X, maxBins) };
  const nFeatures = Xtest.cols;
  const rows = Xtest.rows;
  let values = new Float64Array(0);
  const importance = new Float64Array(range.nEstimators * nFeatures);
  let width = 0;
  const nClasses = visitForestTrees(
    training.data,
    { ...training.fitOptions, treeOffset: range.treeOffset, nEstimators: range.nEstimators },
    (tree, index, leaves) => {
      if (!leaves) throw new Error('The forest did not read its trees on the test rows');
      const t = index - range.treeOffset;
      const k = tree.nValues;
      if (t === 0) {
        width = rows * k;
        values = new Float64Array(range.nEstimators * width);
      }
      const out = values.subarray(t * width, (t + 1) * width);
      const value = tree.value;
      for (let i = 0; i < rows; i++) {
        const leaf = leaves[i] * k;
        for (let c = 0; c < k; c++) out[i * k + c] = value[leaf + c];
      }
      treeImportance(tree, importance.subarray(t * nFeatures, (t + 1) * nFeatures));
    },
    onProgress,
    { test: Xtest, binned: data.binned.features },
  );
  return { ...range, values, importance, nClasses, featureNames: training.pipeline.featureNames };
}

/** Fold `foldIndex`'s result from every chunk of its forest: what `runFold` returns for the whole forest. */
export function forestFoldResult(prepared: PreparedCv, foldIndex: number, chunks: readonly ForestChunk[], trees: number): FoldResult {
  const { testRows, yTest } = foldRows(prepared, foldIndex);
  const merged = mergeForestChunks(chunks, trees);
  if (merged.mean.length !== testRows.length * merged.nClasses) throw new Error(`The forest's chunks read ${merged.mean.length / merged.nClasses} test rows, the fold has ${testRows.length}`);
  const regression = prepared.config.task === 'regression';
  const predictions = regression ? merged.mean : classesOf(merged.mean, merged.nClasses);
  return scoreFold(prepared, foldIndex, { testRows, yTrue: yTest, predictions, ...(regression ? {} : { proba: merged.mean }), featureNames: merged.featureNames, importance: merged.importance });
}
