/**
 * One fold of cross-validation, self-contained so a worker pool can run folds in parallel:
 * fit the pipeline and the model on the training rows, score the test rows.
 */
import type { PreparedCv } from './prepare';
import { classificationMetrics } from '../metrics/classification';
import { regressionMetrics } from '../metrics/regression';
import type { Matrix } from '../../core/matrix';
import type { ProgressCallback, TrainedModel } from '../../core/model';
import { fitOnRows } from '../../models/fit-rows';
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

/** Fits fold `foldIndex`'s pipeline and model on its training rows (shared by scoring and explanations). */
export async function fitFold(prepared: PreparedCv, foldIndex: number, onProgress?: ProgressCallback): Promise<FittedFold> {
  const { table, config, rows, y, classes } = prepared;
  const fold = prepared.folds[foldIndex];
  if (!fold) throw new Error(`Fold ${foldIndex} does not exist; there are ${prepared.folds.length}`);
  const trainRows = Int32Array.from(fold.train, (i) => rows[i]);
  const testRows = Int32Array.from(fold.test, (i) => rows[i]);
  const { model, pipeline } = await fitOnRows(
    table,
    prepared.features,
    trainRows,
    Float64Array.from(fold.train, (i) => y[i]),
    { task: config.task, model: config.model, nClasses: classes?.length, seed: config.seed, modelOptions: config.modelOptions, preprocess: config.preprocess, imbalance: config.imbalance },
    onProgress,
  );
  return { model, pipeline, testRows, yTest: Float64Array.from(fold.test, (i) => y[i]), Xtest: transformTable(pipeline, table, testRows) };
}

/** Fits and scores fold `foldIndex` of a prepared run. */
export async function runFold(prepared: PreparedCv, foldIndex: number, onProgress?: ProgressCallback): Promise<FoldResult> {
  const { model, pipeline, testRows, yTest: yTrue, Xtest } = await fitFold(prepared, foldIndex, onProgress);
  const { config, classes } = prepared;
  const nClasses = classes?.length;
  const predictions = model.predict(Xtest);
  const proba = model.predictProba?.(Xtest);
  const metrics =
    config.task === 'regression'
      ? regressionMetrics(yTrue, predictions)
      : classificationMetrics(yTrue, predictions, proba, nClasses ?? 2, prepared.positiveIndex ?? 1);
  const result: FoldResult = {
    index: foldIndex,
    metrics,
    testRows,
    yTrue,
    predictions,
    proba,
    featureNames: pipeline.featureNames,
    importance: model.featureImportance?.(),
    trainSize: prepared.folds[foldIndex].train.length,
  };
  const weights = (model as { coefficients?: unknown }).coefficients;
  if (weights instanceof Float64Array) {
    const { scale } = featureScaling(pipeline);
    const p = scale.length;
    result.coefficients = weights;
    result.coefficientsOriginal = weights.map((w, i) => w / scale[i % p]);
  }
  return result;
}
