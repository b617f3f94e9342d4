import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { tableFromArrays, type NumberColumn } from '../../src/lib/ml/core/table';
import { loadCustomersWithFolds } from './fixtures';

/** The default data plus at_risk = loyalty_score < 5, as the reference builds it. */
function tableWithAtRisk() {
  const table = loadCustomersWithFolds();
  const loyalty = table.columns.find((c) => c.name === 'loyalty_score') as NumberColumn;
  const label = tableFromArrays('label', { at_risk: Array.from(loyalty.values, (v) => (v < 5 ? 'yes' : 'no')) }).columns[0];
  return { ...table, columns: [...table.columns, label] };
}

describe('classification parity with scikit-learn on the reference stratified folds', () => {
  it('logistic regression (C=1, L2, standardised) on at_risk: F1 0.9905 ± 0.0190, ROC-AUC 1.0', async () => {
    const result = await crossValidate(tableWithAtRisk(), {
      target: 'at_risk',
      task: 'classification',
      model: 'logistic',
      features: ['age', 'annual_income', 'purchase_amount', 'purchase_frequency', 'region'],
      groupColumn: 'fold_stratified_at_risk',
      positive: 'yes',
    });
    expect(result.positive).toBe('yes');
    const close = (name: string, mean: number, std: number) => {
      expect(Math.abs(result.metrics[name].mean - mean), name).toBeLessThanOrEqual(0.002);
      expect(Math.abs(result.metrics[name].std - std), name).toBeLessThanOrEqual(0.002);
    };
    close('f1', 0.9905, 0.019);
    close('precision', 1, 0);
    close('recall', 0.9818, 0.0364);
    close('roc_auc', 1, 0);
    close('accuracy', 0.9958, 0.0083);
    expect(Math.abs((result.pooled?.roc_auc ?? 0) - 0.9997)).toBeLessThanOrEqual(0.002);
    expect(result.confusion?.flat().reduce((s, v) => s + v, 0)).toBe(238);
  });
});
