/**
 * Rebalancing of one cross-validation training fold. It reads only the rows of the fold, so neither
 * original nor synthetic test rows reach training (oversampling before the split leaks test rows into
 * training as near-copies: Santos et al. 2018, "Cross-validation for imbalanced datasets").
 */
import { takeRows } from '../core/matrix';
import type { TrainingData } from '../core/model';
import { balancedSampleWeights } from './class-weights';
import { smote, type SmoteOptions } from './smote';

/** How to rebalance: SMOTE rows, balanced sample weights, or nothing. */
export type ResampleMethod = 'smote' | 'balanced-weights' | 'none';

/** Options of {@link resampleTrainingFold}. */
export interface ResampleOptions extends SmoteOptions {
  method: ResampleMethod;
}

/** Defaults of {@link ResampleOptions}: SMOTE to balanced classes with 5 neighbours. */
export const defaultResampleOptions: ResampleOptions = { method: 'smote', k: 5, targetRatio: 1, seed: 0 };

/**
 * The training fold `trainIndex` of `data`, rebalanced. Rows outside `trainIndex` are never read.
 * With SMOTE the fold's rows come first, then synthetic rows (sample weight 1 when `data` has weights).
 * @param data the whole dataset (classification)
 * @param trainIndex rows of the training fold
 * @param options method (default 'smote') and the SMOTE options
 */
export function resampleTrainingFold(data: TrainingData, trainIndex: ArrayLike<number>, options: Partial<ResampleOptions> = {}): TrainingData {
  const { method, ...smoteOptions } = { ...defaultResampleOptions, ...options };
  if (data.task !== 'classification') throw new Error(`resampleTrainingFold rebalances classes; the task is ${data.task}`);
  const n = data.X.rows;
  for (let i = 0; i < trainIndex.length; i++) {
    const r = trainIndex[i];
    if (!(Number.isInteger(r) && r >= 0 && r < n)) throw new Error(`resampleTrainingFold: train index ${r} is outside the ${n} rows`);
  }
  const X = takeRows(data.X, trainIndex);
  const y = Float64Array.from({ length: trainIndex.length }, (_, i) => data.y[trainIndex[i]]);
  const weights = data.sampleWeight ? Float64Array.from({ length: trainIndex.length }, (_, i) => data.sampleWeight![trainIndex[i]]) : undefined;
  const fold: TrainingData = { ...data, X, y, sampleWeight: weights };
  if (method === 'none') return fold;
  if (method === 'balanced-weights') {
    const balanced = balancedSampleWeights(y, data.nClasses);
    if (weights) for (let i = 0; i < balanced.length; i++) balanced[i] *= weights[i];
    return { ...fold, sampleWeight: balanced };
  }
  const resampled = smote(X, y, smoteOptions);
  let sampleWeight: Float64Array | undefined;
  if (weights) {
    sampleWeight = new Float64Array(resampled.y.length).fill(1);
    sampleWeight.set(weights);
  }
  return { ...fold, X: resampled.X, y: resampled.y, sampleWeight };
}
