/** A small customer table with hand-checkable risk scores, spend predictions and segments. */
import { tableFromArrays, type Table } from '../../../src/lib/ml/core/table';
import type { Provenance, ReportInputs } from '../../../src/lib/report/types';

const prov = (summary: string): Provenance => ({ summary, details: [['Seed', '0']] });

/** Six customers; at threshold 0.5 customers c2, c3, c5 are at risk (c6 has no score). */
export function smallInputs(region: (string | null)[] = ['North', 'South', 'North', 'East', 'South', 'North']): ReportInputs {
  const table: Table = tableFromArrays('shop.csv', {
    id: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'],
    region,
    spend: [100, 200, 300, 400, 500, 600],
  }, { id: 'id' });
  return {
    table,
    idColumn: 'id',
    threshold: 0.5,
    category: 'region',
    risk: {
      model: 'Logistic regression',
      target: 'churn',
      positive: 'yes',
      scores: Float64Array.from([0.1, 0.9, 0.5, 0.2, 0.7, NaN]),
      actual: Float64Array.from([0, 1, 0, 1, 1, NaN]),
      cvMetrics: { roc_auc: 0.8 },
      excluded: [{ column: 'loyalty', reason: 'the label is computed from it' }],
      duplicates: { count: 1, distinct: 5, grouped: true, reason: 'kept together' },
      provenance: prov('Logistic regression, 5-fold CV (seed 0): out-of-fold probabilities'),
    },
    spend: {
      model: 'Random forest',
      target: 'spend',
      predictions: Float64Array.from([110, 190, 310, NaN, 480, 600]),
      cvMetrics: { r2: 0.9, rmse: 12 },
      excluded: [],
      provenance: prov('Random forest, 5-fold CV (seed 0): out-of-fold predictions'),
    },
    segments: {
      k: 2,
      segmentOfRow: Int32Array.from([0, 0, 1, 1, 1, -1]),
      names: ['Savers', 'Big spenders'],
      actions: ['Nurture', 'VIP programme'],
      features: ['spend'],
      means: Float64Array.from([150, 400]),
      overallMeans: Float64Array.from([300]),
      provenance: prov('K-Means, k = 2 (seed 0)'),
    },
  };
}
