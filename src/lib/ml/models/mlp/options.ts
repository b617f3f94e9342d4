import type { MlpActivation } from './network';
import type { TfBackendChoice } from './tf-backend';

/** Options of the multi-layer perceptron (names and defaults follow scikit-learn's MLPRegressor/MLPClassifier). */
export interface MlpOptions {
  /** Units per hidden layer (default [100]). */
  hiddenLayers: number[];
  /** Hidden activation (default 'relu'). */
  activation: MlpActivation;
  /** Dropout rate after each hidden layer, in [0, 1) (default 0). */
  dropout: number;
  /** L2 penalty on the kernels, scikit-learn's alpha: 0.5·l2·Σ‖W‖² / batch size (default 1e-4). */
  l2: number;
  /** Adam step size (default 1e-3). */
  learningRate: number;
  /** Maximum passes over the training rows (default 200). */
  epochs: number;
  /** Rows per batch, capped at the number of training rows (default 200, i.e. min(200, n)). */
  batchSize: number;
  /** Hold out `validationFraction` of the rows and stop when their loss stops falling (default false). */
  earlyStopping: boolean;
  /** Share of rows held out for early stopping (default 0.1). */
  validationFraction: number;
  /** Epochs without a lower validation loss before stopping (default 10). */
  patience: number;
  /** Regression: train on the standardized target and undo it in predict (default true). */
  standardizeTarget: boolean;
  /** Seed of weights, validation split, shuffling and dropout (default 0). */
  seed: number;
  /** TensorFlow.js backend for training (default 'auto': CPU for small steps, else WebGL if it starts, else CPU). */
  backend?: TfBackendChoice;
}

/** scikit-learn's MLP defaults, plus a standardized target for regression. */
export const defaultMlpOptions: MlpOptions = {
  hiddenLayers: [100],
  activation: 'relu',
  dropout: 0,
  l2: 1e-4,
  learningRate: 1e-3,
  epochs: 200,
  batchSize: 200,
  earlyStopping: false,
  validationFraction: 0.1,
  patience: 10,
  standardizeTarget: true,
  seed: 0,
  backend: 'auto',
};

/** Throws a message naming the first option out of range. */
export function validateMlpOptions(o: MlpOptions): void {
  if (!Array.isArray(o.hiddenLayers) || o.hiddenLayers.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new Error(`hiddenLayers must be positive integers, got [${String(o.hiddenLayers)}]`);
  }
  if (!['relu', 'tanh', 'sigmoid'].includes(o.activation)) throw new Error(`Unknown activation "${o.activation}"`);
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new Error(`dropout must be in [0, 1), got ${o.dropout}`);
  if (!(o.l2 >= 0)) throw new Error(`l2 must be ≥ 0, got ${o.l2}`);
  if (!(o.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${o.learningRate}`);
  for (const key of ['epochs', 'batchSize', 'patience'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new Error(`${key} must be a positive integer, got ${o[key]}`);
  }
  if (o.earlyStopping && !(o.validationFraction > 0 && o.validationFraction < 1)) {
    throw new Error(`validationFraction must be in (0, 1), got ${o.validationFraction}`);
  }
  if (o.backend !== undefined && !['auto', 'webgl', 'cpu'].includes(o.backend)) throw new Error(`Unknown backend "${o.backend}"`);
}
