/**
 * One tuning trial: the cross-validated score of a model with a point of its search space, at a
 * budget. The budget cuts the number of trees of forests and boosting, and the training rows of
 * every other model (each training fold keeps that share; test folds are unchanged).
 */
import type { PreparedCv } from '../cv/prepare';
import { runFold } from '../cv/fold';
import { withSubsampledFold } from '../learning-curve';
import type { ModelKind } from '../../core/model';
import type { Params } from './search-space';

/** What a budget cuts for a model kind. */
export function budgetUnit(kind: ModelKind): 'trees' | 'rows' {
  return kind === 'rf' || kind === 'gbm' ? 'trees' : 'rows';
}

/** Trees of a forest or boosting run when the point does not set nEstimators (the models' default). */
const defaultTrees = 100;

/**
 * The model options and the share of training rows of a trial: the point's params as the model's own
 * options, with nEstimators scaled by the budget (at least 1) for tree ensembles.
 * @param budget in (0, 1]
 */
export function trialModelOptions(kind: ModelKind, params: Params, budget: number): { options: Record<string, unknown>; rowFraction: number } {
  if (!(budget > 0 && budget <= 1)) throw new Error(`A trial budget must be in (0, 1], got ${budget}`);
  const options: Record<string, unknown> = { ...params };
  if (budgetUnit(kind) === 'rows') return { options, rowFraction: budget };
  const trees = typeof params.nEstimators === 'number' ? params.nEstimators : defaultTrees;
  options.nEstimators = Math.max(1, Math.round(trees * budget));
  return { options, rowFraction: 1 };
}

/**
 * The mean over folds of `metric` (higher is better, e.g. r2, f1, roc_auc) for the prepared run's
 * model with `params` on top of its modelOptions, at `budget`.
 * @param seed seed of the row subsample when the budget cuts rows (default: the run's seed)
 */
export async function scoreTrial(prepared: PreparedCv, params: Params, budget: number, metric: string, seed = prepared.config.seed): Promise<number> {
  const { options, rowFraction } = trialModelOptions(prepared.config.model, params, budget);
  const run: PreparedCv = { ...prepared, config: { ...prepared.config, modelOptions: { ...prepared.config.modelOptions, ...options } } };
  let sum = 0;
  for (let f = 0; f < run.folds.length; f++) {
    const result = await runFold(rowFraction < 1 ? withSubsampledFold(run, f, rowFraction, seed) : run, f);
    const value = result.metrics[metric];
    if (value === undefined) throw new Error(`Metric "${metric}" is not computed for this run; use one of: ${Object.keys(result.metrics).join(', ')}`);
    sum += value;
  }
  return sum / run.folds.length;
}
