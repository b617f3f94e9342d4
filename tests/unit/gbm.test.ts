import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/lib/ml/core/matrix';
import type { TrainedModel, TrainingData } from '../../src/lib/ml/core/model';
import { fitGradientBoosting, loadGradientBoosting } from '../../src/lib/ml/models/tree/gbm';
import { crossValidate, design, loadCustomerArrays, r2 } from './fixtures';

/**
 * scikit-learn 1.2.1 reference (copied from ../shared/reference/customer_purchasing_behaviors.md):
 * GradientBoostingRegressor(random_state=0) (100 trees, depth 3, lr 0.1) with the fold
 * assignment of tests/fixtures/customer_purchasing_behaviors_folds.csv.
 */
const SKLEARN = { purchaseAmountR2: 0.999, loyaltyScoreR2: 0.9985, purchaseAmountGroupR2: 0.9829 };

const customers = loadCustomerArrays();
const amountX = design(customers, ['age', 'annual_income', 'loyalty_score', 'purchase_frequency'], true);
const loyaltyX = design(customers, ['age', 'annual_income', 'purchase_amount', 'purchase_frequency'], true);
const gbm = (d: TrainingData): TrainedModel => fitGradientBoosting(d, { nEstimators: 100, maxDepth: 3, learningRate: 0.1 });

describe('gradient boosting parity with scikit-learn (customer_purchasing_behaviors, reference folds)', () => {
  it('purchase_amount R² within 0.01 of 0.9990 (KFold)', () => {
    const score = crossValidate(amountX, customers.num.purchase_amount, customers.folds.fold, gbm, r2, 'regression');
    expect(Math.abs(score - SKLEARN.purchaseAmountR2)).toBeLessThan(0.01);
  });

  it('loyalty_score R² within 0.01 of 0.9985 (KFold)', () => {
    const score = crossValidate(loyaltyX, customers.num.loyalty_score, customers.folds.fold, gbm, r2, 'regression');
    expect(Math.abs(score - SKLEARN.loyaltyScoreR2)).toBeLessThan(0.01);
  });

  it('purchase_amount R² within 0.01 of 0.9829 with duplicate-aware groups', () => {
    const score = crossValidate(amountX, customers.num.purchase_amount, customers.folds.fold_duplicate_groups, gbm, r2, 'regression');
    expect(Math.abs(score - SKLEARN.purchaseAmountGroupR2)).toBeLessThan(0.01);
  });

  it('at_risk (loyalty < 5) binary log loss: F1 1 on stratified folds, like logistic regression and RF', () => {
    const y = Float64Array.from(customers.num.loyalty_score, (v) => (v < 5 ? 1 : 0));
    const fit = (d: TrainingData): TrainedModel => fitGradientBoosting({ ...d, nClasses: 2 });
    const f1 = (t: Float64Array, p: Float64Array): number => {
      let tp = 0;
      let wrong = 0;
      t.forEach((v, i) => (v === 1 && p[i] === 1 ? tp++ : v !== p[i] ? wrong++ : 0));
      return (2 * tp) / (2 * tp + wrong);
    };
    expect(crossValidate(loyaltyX, y, customers.folds.fold_stratified_at_risk, fit, f1, 'classification')).toBeGreaterThan(0.97);
  });
});

describe('gradient boosting behaviour', () => {
  const data: TrainingData = { X: amountX, y: customers.num.purchase_amount, task: 'regression' };

  it('one depth-1 round with learning rate 1 fits the two means of a step exactly', () => {
    const X: Matrix = { rows: 4, cols: 1, data: Float64Array.from([1, 2, 3, 4]) };
    const model = fitGradientBoosting({ X, y: Float64Array.from([0, 0, 10, 10]), task: 'regression' }, { nEstimators: 1, maxDepth: 1, learningRate: 1 });
    expect(Array.from(model.predict(X))).toStrictEqual([0, 0, 10, 10]);
    expect(Array.from(model.predict({ rows: 2, cols: 1, data: Float64Array.from([2.49, 2.51]) }))).toStrictEqual([0, 10]);
  });

  it('multiclass softmax: probabilities sum to 1 and beat the majority class on region', () => {
    const X = design(customers, ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency'], false);
    const y = Float64Array.from(customers.region);
    const model = fitGradientBoosting({ X, y, task: 'classification', nClasses: 4 }, { nEstimators: 20 });
    const p = model.predictProba!(X);
    for (let i = 0; i < customers.n; i++) expect(p[4 * i] + p[4 * i + 1] + p[4 * i + 2] + p[4 * i + 3]).toBeCloseTo(1, 12);
    const pred = model.predict(X);
    expect(pred.filter((v, i) => v === y[i]).length / customers.n).toBeGreaterThan(78 / 238);
    expect(model.toJSON().trees).toHaveLength(20 * 4);
  });

  it('JSON round trip gives identical predictions and importances', () => {
    const model = fitGradientBoosting(data, { nEstimators: 30, subsample: 0.7, seed: 2 });
    const loaded = loadGradientBoosting(JSON.parse(JSON.stringify(model.toJSON())));
    expect(loaded.predict(amountX)).toStrictEqual(model.predict(amountX));
    expect(loaded.featureImportance!()).toStrictEqual(model.featureImportance!());
  });

  it('same seed gives the identical model, another seed a different one (subsample)', () => {
    const a = fitGradientBoosting(data, { nEstimators: 10, subsample: 0.5, seed: 1 });
    const b = fitGradientBoosting(data, { nEstimators: 10, subsample: 0.5, seed: 1 });
    const c = fitGradientBoosting(data, { nEstimators: 10, subsample: 0.5, seed: 2 });
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    expect(JSON.stringify(a.toJSON())).not.toBe(JSON.stringify(c.toJSON()));
  });

  it('early stopping stops before nEstimators on an easy problem', () => {
    const rounds: number[] = [];
    const model = fitGradientBoosting(data, { nEstimators: 2000, learningRate: 0.5, earlyStopping: true }, (done) => rounds.push(done));
    expect(rounds.length).toBeLessThan(2000);
    expect((model.toJSON().trees as unknown[]).length).toBeLessThan(rounds.length);
    expect((model.toJSON().trees as unknown[]).length).toBeGreaterThan(0);
  });

  it('maxLeaves grows best-first trees with at most that many leaves', () => {
    const model = fitGradientBoosting(data, { nEstimators: 3, maxDepth: 10, maxLeaves: 5 });
    for (const t of model.toJSON().trees as { feature: number[] }[]) expect(t.feature.filter((f) => f < 0).length).toBe(5);
  });

  it('rejects bad options with clear messages', () => {
    expect(() => fitGradientBoosting(data, { learningRate: 0 })).toThrow(/learningRate must be positive/);
    expect(() => fitGradientBoosting(data, { subsample: 1.5 })).toThrow(/subsample must be in \(0, 1\]/);
    expect(() => loadGradientBoosting({ kind: 'rf' })).toThrow(/Not a gradient boosting model/);
  });
});
