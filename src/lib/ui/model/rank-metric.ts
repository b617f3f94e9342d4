/**
 * The metrics the model pages can rank cross-validated models by, per kind of task, with the
 * default of each: R² for regression, ROC AUC for a binary label (threshold-free, so a model is not
 * judged by the arbitrary 0.5 cut-off), macro F1 for several classes. Pure: no DOM, no Svelte.
 */
import type { Task } from '../../ml/core/model';

/** A metric results can be ranked by. */
export interface RankMetric {
  /** The key of `CvResult.metrics` (and of the `data-metric` hooks). */
  key: string;
  /** How the page names it ("ROC AUC", "F1 at 0.5"). */
  label: string;
  /** Does a larger mean rank higher? (false for errors: RMSE, MAE) */
  higherIsBetter: boolean;
}

const regression: readonly RankMetric[] = [
  { key: 'r2', label: 'R²', higherIsBetter: true },
  { key: 'rmse', label: 'RMSE', higherIsBetter: false },
  { key: 'mae', label: 'MAE', higherIsBetter: false },
];

const binary: readonly RankMetric[] = [
  { key: 'roc_auc', label: 'ROC AUC', higherIsBetter: true },
  { key: 'pr_auc', label: 'PR AUC', higherIsBetter: true },
  { key: 'f1', label: 'F1 at 0.5', higherIsBetter: true },
  { key: 'accuracy', label: 'accuracy at 0.5', higherIsBetter: true },
];

const multiclass: readonly RankMetric[] = [
  { key: 'f1', label: 'macro F1', higherIsBetter: true },
  { key: 'accuracy', label: 'accuracy', higherIsBetter: true },
  { key: 'roc_auc', label: 'ROC AUC (one-vs-rest)', higherIsBetter: true },
];

/**
 * The metrics offered for a task, the default first.
 * @param task regression or classification
 * @param classCount classes of a classification target (2 = binary; 0 when not known yet, read as binary)
 */
export function rankMetricsFor(task: Task, classCount = 0): readonly RankMetric[] {
  if (task === 'regression') return regression;
  return classCount > 2 ? multiclass : binary;
}

/** The metric `key` among those offered, else the default (the first offered). */
export function pickRankMetric(task: Task, classCount: number, key: string | null | undefined): RankMetric {
  const offered = rankMetricsFor(task, classCount);
  return offered.find((m) => m.key === key) ?? offered[0];
}

/**
 * Results best first by the mean of `metric` over the test folds; results without a finite mean go
 * last; ties keep their order.
 */
export function rankResults<T extends { metrics: Readonly<Record<string, { mean: number } | undefined>> }>(results: readonly T[], metric: RankMetric): T[] {
  const sign = metric.higherIsBetter ? -1 : 1;
  const valueOf = (r: T): number => {
    const v = r.metrics[metric.key]?.mean;
    return v !== undefined && Number.isFinite(v) ? sign * v : Infinity;
  };
  return results
    .map((r, i) => ({ r, i, v: valueOf(r) }))
    .sort((a, b) => (a.v === b.v ? a.i - b.i : a.v < b.v ? -1 : 1))
    .map((x) => x.r);
}
