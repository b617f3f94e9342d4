/**
 * One fold of cross-validation, self-contained so a worker pool can run folds in parallel:
 * fit the pipeline and the model on the training rows, score the test rows.
 */
import type { PreparedCv } from './prepare';
import { classificationMetrics } from '../metrics/classification';
import { regressionMetrics } from '../metrics/regression';
import { gatherFloat64, gatherInt32 } from '../../core/gather';
import type { Matrix } from '../../core/matrix';
import type { ProgressCallback, TrainedModel } from '../../core/model';
import { fitOnRows, type FitRowsOptions } from '../../models/fit-rows';
import { featureScaling, transformTable, type FittedPipeline } from '../../preprocess/pipeline';

/** What one fold returns: plain data (structured-cloneable). */
export interface FoldResult {
  index: number;
  metrics: Record<string, number>;
  /** Table rows of the test fold. */
  testRows: Int32Array;
  /** Encoded true target of the test rows. */
  yTrue: Float64Array;
  /** Prediction per test row (class index for classification). */
  predictions: Float64Array;
  /** Row-major test rows × classes probabilities (classification). */
  proba?: Float64Array;
  featureNames: string[];
  /** Linear models: weights on the model's (standardised) features; logistic: classes × features. */
  coefficients?: Float64Array;
  /** The same weights per original unit of each feature (undoing standardisation). */
  coefficientsOriginal?: Float64Array;
  /** Feature importance per feature, when the model has one. */
  importance?: Float64Array;
  trainSize: number;
}

/** The model of a fold, trained on the fold's training rows, with its pipeline and test rows. */
export interface FittedFold {
  model: TrainedModel;
  pipeline: FittedPipeline;
  testRows: Int32Array;
  yTest: Float64Array;
  Xtest: Matrix;
}

/** Fold `foldIndex`'s training rows and target, and its test rows (table rows) and their target. */
export function foldRows(prepared: PreparedCv, foldIndex: number): { trainRows: Int32Array; yTrain: Float64Array; testRows: Int32Array; yTest: Float64Array } {
  const { rows, y } = prepared;
  const fold = prepared.folds[foldIndex];
  if (!fold) throw new Error(`Fold ${foldIndex} does not exist; there are ${prepared.folds.length}`);
  return {
    trainRows: gatherInt32(rows, fold.train),
    yTrain: gatherFloat64(y, fold.train),
    testRows: gatherInt32(rows, fold.test),
    yTest: gatherFloat64(y, fold.test),
  };
}

/** The options `fitOnRows` gets for a fold of `prepared` (and `trainingOnRows`, for a forest fitted in parts). */
export function foldFitOptions(prepared: PreparedCv): FitRowsOptions {
  const { config, classes } = prepared;
  return { task: config.task, model: config.model, nClasses: classes?.length, seed: config.seed, modelOptions: config.modelOptions, preprocess: config.preprocess, imbalance: config.imbalance };
}

/** Fits fold `foldIndex`'s pipeline and model on its training rows (shared by scoring and explanations). */
export async function fitFold(prepared: PreparedCv, foldIndex: number, onProgress?: ProgressCallback): Promise<FittedFold> {
  const { table } = prepared;
  const { trainRows, yTrain, testRows, yTest } = foldRows(prepared, foldIndex);
  const { model, pipeline } = await fitOnRows(table, prepared.features, trainRows, yTrain, foldFitOptions(prepared), onProgress);
  return { model, pipeline, testRows, yTest, Xtest: transformTable(pipeline, table, testRows) };
}

/** What a fold's model said about its test rows (a forest fitted in parts: the parts' trees merged). */
export interface FoldPredictions {
  testRows: Int32Array;
  yTrue: Float64Array;
  predictions: Float64Array;
  proba?: Float64Array;
  featureNames: string[];
  importance?: Float64Array;
}

/** The result of fold `foldIndex` from its model's predictions: its metrics, with the predictions kept for plots. */
export function scoreFold(prepared: PreparedCv, foldIndex: number, fold: FoldPredictions): FoldResult {
  const { config, classes } = prepared;
  const { yTrue, predictions, proba } = fold;
  const metrics =
    config.task === 'regression'
      ? regressionMetrics(yTrue, predictions)
      : classificationMetrics(yTrue, predictions, proba, classes?.length ?? 2, prepared.positiveIndex ?? 1);
  return {
    index: foldIndex,
    metrics,
    testRows: fold.testRows,
    yTrue,
    predictions,
    proba,
    featureNames: fold.featureNames,
    importance: fold.importance,
    trainSize: prepared.folds[foldIndex].train.length,
  };
}

/** Fits and scores fold `foldIndex` of a prepared run. */
export async function runFold(prepared: PreparedCv, foldIndex: number, onProgress?: ProgressCallback): Promise<FoldResult> {
  const { model, pipeline, testRows, yTest: yTrue, Xtest } = await fitFold(prepared, foldIndex, onProgress);
  const predictions = model.predict(Xtest);
  const proba = model.predictProba?.(Xtest);
  const result = scoreFold(prepared, foldIndex, { testRows, yTrue, predictions, proba, featureNames: pipeline.featureNames, importance: model.featureImportance?.() });
  const weights = (model as { coefficients?: unknown }).coefficients;
  if (weights instanceof Float64Array) {
    const { scale } = featureScaling(pipeline);
    const p = scale.length;
    result.coefficients = weights;
    result.coefficientsOriginal = weights.map((w, i) => w / scale[i % p]);
  }
  return result;
}
