/**
 * Ranking cross-validated models by the metric the user picks: the defaults per task (R², ROC AUC
 * for a binary label, macro F1 for several classes), lower-is-better errors, missing values last.
 */
import { describe, expect, it } from 'vitest';
import { pickRankMetric, rankMetricsFor, rankResults } from '../../src/lib/ui/model/rank-metric';

const result = (model: string, metrics: Record<string, number>) => ({ model, metrics: Object.fromEntries(Object.entries(metrics).map(([k, mean]) => [k, { mean, std: 0 }])) });

describe('rank metrics', () => {
  it('defaults: R² for regression, ROC AUC for binary (also before the classes are known), macro F1 for multi-class', () => {
    expect(rankMetricsFor('regression').map((m) => m.key)).toStrictEqual(['r2', 'rmse', 'mae']);
    expect(rankMetricsFor('classification', 2).map((m) => m.key)).toStrictEqual(['roc_auc', 'pr_auc', 'f1', 'accuracy']);
    expect(rankMetricsFor('classification', 0)[0].key).toBe('roc_auc');
    expect(rankMetricsFor('classification', 3).map((m) => m.label)).toStrictEqual(['macro F1', 'accuracy', 'ROC AUC (one-vs-rest)']);
    expect(rankMetricsFor('classification', 2).find((m) => m.key === 'f1')?.label).toBe('F1 at 0.5');
  });

  it('a choice not offered for the task falls back to the default', () => {
    expect(pickRankMetric('classification', 2, 'f1').label).toBe('F1 at 0.5');
    expect(pickRankMetric('classification', 3, 'pr_auc').key).toBe('f1');
    expect(pickRankMetric('regression', 0, null).key).toBe('r2');
    expect(pickRankMetric('regression', 0, 'roc_auc').key).toBe('r2');
  });

  it('ranks by the chosen metric: higher first, or lower first for errors; F1 and ROC AUC can disagree', () => {
    const results = [
      result('logistic', { roc_auc: 0.91, f1: 0.62, rmse: 3 }),
      result('rf', { roc_auc: 0.88, f1: 0.7, rmse: 1 }),
      result('gbm', { roc_auc: 0.93, f1: 0.55, rmse: 2 }),
    ];
    const order = (key: string) => rankResults(results, pickRankMetric(key === 'rmse' ? 'regression' : 'classification', 2, key)).map((r) => r.model);
    expect(order('roc_auc')).toStrictEqual(['gbm', 'logistic', 'rf']);
    expect(order('f1')).toStrictEqual(['rf', 'logistic', 'gbm']);
    expect(order('rmse')).toStrictEqual(['rf', 'gbm', 'logistic']);
  });

  it('results without the metric (or NaN) go last; ties keep their order', () => {
    const results = [result('knn', { roc_auc: NaN }), result('rf', { roc_auc: 0.8 }), result('mlp', {}), result('gbm', { roc_auc: 0.8 })];
    expect(rankResults(results, pickRankMetric('classification', 2, 'roc_auc')).map((r) => r.model)).toStrictEqual(['rf', 'gbm', 'knn', 'mlp']);
  });
});
