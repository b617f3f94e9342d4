import type { Matrix } from './matrix';

/** The learning task. */
export type Task = 'regression' | 'classification';

/** Model names, as the CLI and the UI spell them (CONTRACT.md). */
export type ModelKind = 'linear' | 'ridge' | 'lasso' | 'elasticnet' | 'logistic' | 'knn' | 'rf' | 'gbm' | 'mlp';

/**
 * Training data after preprocessing: a numeric row-major matrix and a target.
 * For classification `y` holds class indices 0..nClasses-1.
 */
export interface TrainingData {
  X: Matrix;
  y: Float64Array;
  task: Task;
  /** Number of classes (classification only). */
  nClasses?: number;
  /** Optional per-row weights (class weighting); default all 1. */
  sampleWeight?: Float64Array;
  /** Names of the columns of X, for importances and explanations. */
  featureNames?: string[];
}

/** A trained model: plain data plus predict functions; `toJSON` gives what `fromJSON` reloads. */
export interface TrainedModel {
  kind: ModelKind;
  task: Task;
  /** Regression: the prediction per row. Classification: the most probable class index per row. */
  predict(X: Matrix): Float64Array;
  /** Classification only: row-major n × nClasses probabilities. */
  predictProba?(X: Matrix): Float64Array;
  /** Impurity or coefficient-based importance per column of X, when the model has one. */
  featureImportance?(): Float64Array;
  /** Serialisable form; the model's module exports a loader that rebuilds it exactly. */
  toJSON(): { kind: ModelKind; task: Task } & Record<string, unknown>;
}

/** Numbers a step reports beside its progress (e.g. an MLP epoch's training and validation loss). */
export interface ProgressValues {
  loss?: number;
  validationLoss?: number;
}

/** Progress of a long fit: `done` of `total` units (trees, epochs, iterations), a note in words and the step's numbers. */
export type ProgressCallback = (done: number, total: number, note?: string, values?: ProgressValues) => void;
