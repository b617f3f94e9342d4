import { describe, expect, it } from 'vitest';
import { crossValidate, type CvConfig } from '../../src/lib/ml/evaluation/cv/cross-validate';
import type { ModelKind } from '../../src/lib/ml/core/model';
import { loadCustomersWithFolds } from './fixtures';

// scikit-learn 1.2.1 reference (tests/fixtures/customer_purchasing_behaviors.md): R² mean over the
// reference folds; Ridge/Lasso/KNN on standardised numeric features, region one-hot with all 4 levels.
const reference: { target: string; groups: string; model: ModelKind; r2: number; std: number; rmse: number; mae: number }[] = [
  { target: 'purchase_amount', groups: 'fold', model: 'linear', r2: 0.9945, std: 0.0014, rmse: 10.2, mae: 7.44 },
  { target: 'purchase_amount', groups: 'fold', model: 'ridge', r2: 0.9944, std: 0.0012, rmse: 10.35, mae: 7.73 },
  { target: 'purchase_amount', groups: 'fold', model: 'lasso', r2: 0.9945, std: 0.0014, rmse: 10.2, mae: 7.31 },
  { target: 'purchase_amount', groups: 'fold', model: 'knn', r2: 0.9917, std: 0.0055, rmse: 11.97, mae: 5.01 },
  { target: 'loyalty_score', groups: 'fold', model: 'linear', r2: 0.9901, std: 0.0023, rmse: 0.19, mae: 0.14 },
  { target: 'loyalty_score', groups: 'fold', model: 'ridge', r2: 0.9894, std: 0.0022, rmse: 0.19, mae: 0.14 },
  { target: 'loyalty_score', groups: 'fold', model: 'lasso', r2: 0.708, std: 0.0072, rmse: 1.02, mae: 0.89 },
  { target: 'loyalty_score', groups: 'fold', model: 'knn', r2: 0.9927, std: 0.0048, rmse: 0.15, mae: 0.06 },
  { target: 'purchase_amount', groups: 'fold_duplicate_groups', model: 'linear', r2: 0.9904, std: 0.0059, rmse: 11.99, mae: 9.42 },
  { target: 'purchase_amount', groups: 'fold_duplicate_groups', model: 'ridge', r2: 0.991, std: 0.0048, rmse: 11.8, mae: 9.49 },
  { target: 'purchase_amount', groups: 'fold_duplicate_groups', model: 'lasso', r2: 0.992, std: 0.0042, rmse: 11.07, mae: 8.66 },
  { target: 'purchase_amount', groups: 'fold_duplicate_groups', model: 'knn', r2: 0.9243, std: 0.0249, rmse: 34.27, mae: 28.35 },
];

const features = (target: string) =>
  ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'region', 'purchase_frequency'].filter((f) => f !== target);

describe('regression parity with scikit-learn on the reference folds', () => {
  const table = loadCustomersWithFolds();
  for (const ref of reference) {
    it(`${ref.model} → ${ref.target} on ${ref.groups}: R² ${ref.r2}`, async () => {
      const config: CvConfig = { target: ref.target, task: 'regression', model: ref.model, features: features(ref.target), groupColumn: ref.groups };
      const result = await crossValidate(table, config);
      expect(result.folds).toBe(5);
      expect(Math.abs(result.metrics.r2.mean - ref.r2)).toBeLessThanOrEqual(0.002);
      expect(Math.abs(result.metrics.r2.std - ref.std)).toBeLessThanOrEqual(0.002);
      // The reference prints RMSE and MAE with two decimals.
      expect(Math.abs(result.metrics.rmse.mean - ref.rmse)).toBeLessThanOrEqual(0.006);
      expect(Math.abs(result.metrics.mae.mean - ref.mae)).toBeLessThanOrEqual(0.006);
    });
  }
});
