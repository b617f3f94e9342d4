/**
 * The metric a monitoring run follows, and a fitted model's metrics on a batch, computed as a
 * cross-validation fold computes them (fold.ts), so the numbers compare with the Model page's.
 */
import type { Matrix } from '../core/matrix';
import type { Task, TrainedModel } from '../core/model';
import { classificationMetrics } from '../evaluation/metrics/classification';
import { regressionMetrics } from '../evaluation/metrics/regression';

/** Metrics where a smaller value is better (a drop is then a rise). */
const lowerIsBetter = new Set(['rmse', 'mae', 'mape', 'log_loss']);

/** Is a smaller value of `metric` better? */
export function isLowerBetter(metric: string): boolean {
  return lowerIsBetter.has(metric);
}

/** The metric followed by default: R² for regression, ROC AUC for two classes, accuracy for more. */
export function defaultMetric(task: Task, classes?: readonly string[]): string {
  if (task === 'regression') return 'r2';
  return classes?.length === 2 ? 'roc_auc' : 'accuracy';
}

/** How much worse `value` is than `baseline` (positive = worse), whichever way the metric points. */
export function metricDrop(metric: string, baseline: number, value: number): number {
  return isLowerBetter(metric) ? value - baseline : baseline - value;
}

/** Every metric of `model` on the rows of `X` with encoded targets `y`. */
export function metricsOf(model: TrainedModel, X: Matrix, y: Float64Array, task: Task, nClasses?: number, positiveIndex?: number): Record<string, number> {
  const predictions = model.predict(X);
  if (task === 'regression') return regressionMetrics(y, predictions);
  return classificationMetrics(y, predictions, model.predictProba?.(X), nClasses ?? 2, positiveIndex ?? 1);
}
