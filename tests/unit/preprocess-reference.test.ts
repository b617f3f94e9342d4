/**
 * Reference levels: unpenalised linear models drop one dummy per categorical (the first kept level
 * in sorted order), penalised ones keep every level. Hand-computed fits on a 6-row table, and the
 * default data, where dropping the redundant dummy must keep the same out-of-fold predictions.
 */
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { crossValidate, type CvConfig } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { fitOnRows } from '../../src/lib/ml/models/fit-rows';
import { dropsReferenceLevel } from '../../src/lib/ml/models/linear/reference-level';
import { defaultElasticNetOptions, defaultLassoOptions } from '../../src/lib/ml/models/linear/coordinate-descent';
import { defaultRidgeOptions } from '../../src/lib/ml/models/linear/least-squares';
import { defaultLogisticOptions } from '../../src/lib/ml/models/linear/logistic';
import type { LinearRegressionModel } from '../../src/lib/ml/models/linear/linear-model';
import type { LogisticModel } from '../../src/lib/ml/models/linear/logistic';
import { fitPipeline, transformTable } from '../../src/lib/ml/preprocess/pipeline';
import { loadCustomers } from './fixtures';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('the reference level in the feature pipeline', () => {
  const t = tableFromArrays('t', { c: ['b', 'a', 'b', 'a', 'b', 'z', null] });

  it('drops the first kept level in sorted order; its rows are all zeros', () => {
    const p = fitPipeline(t, ['c'], all(7), { dropReferenceLevel: true, minCategoryFraction: 0 });
    expect(p.featureNames).toStrictEqual(['c_b', 'c_z']);
    expect(p.steps[0]).toMatchObject({ kind: 'onehot', levels: ['b', 'z'], reference: 'a', hasOther: false, fill: 'b' });
    // rows: b, a, z, missing (filled with the most frequent level, b)
    expect(Array.from(transformTable(p, t, [0, 1, 5, 6]).data)).toStrictEqual([1, 0, 0, 0, 0, 1, 1, 0]);
  });

  it('keeps every level without the option (the default), as before', () => {
    expect(fitPipeline(t, ['c'], all(7), { minCategoryFraction: 0 }).featureNames).toStrictEqual(['c_a', 'c_b', 'c_z']);
  });

  it('with rare levels merged into Other, Other keeps its column and the reference is the first kept level', () => {
    const p = fitPipeline(t, ['c'], all(7), { dropReferenceLevel: true, minCategoryFraction: 0.2 });
    expect(p.featureNames).toStrictEqual(['c_b', 'c_Other']);
    // z (rare) → Other; a (the reference) → zeros, not Other
    expect(Array.from(transformTable(p, t, [5, 1]).data)).toStrictEqual([0, 1, 0, 0]);
  });

  it('a categorical with a single level keeps its column (dropping it would leave no feature)', () => {
    const one = tableFromArrays('one', { c: ['x', 'x', 'x'] });
    expect(fitPipeline(one, ['c'], all(3), { dropReferenceLevel: true }).featureNames).toStrictEqual(['c_x']);
  });

  it('a numeric-coded categorical drops its reference too, and the fitted pipeline survives JSON', () => {
    const coded = tableFromArrays('coded', { plan: [3, 1, 2, 1, 3, 3] }, { plan: 'categorical' });
    const p = fitPipeline(coded, ['plan'], all(6), { dropReferenceLevel: true });
    expect(p.featureNames).toStrictEqual(['plan_2', 'plan_3']);
    const again = JSON.parse(JSON.stringify(p));
    expect(Array.from(transformTable(again, coded).data)).toStrictEqual(Array.from(transformTable(p, coded).data));
    expect(Array.from(transformTable(p, coded).data)).toStrictEqual([0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1]);
  });
});

describe('which models drop a reference level', () => {
  it('unpenalised linear models do; penalised ones and non-linear ones do not', () => {
    expect(dropsReferenceLevel('linear')).toBe(true);
    expect(dropsReferenceLevel('logistic', { penalty: 'none' })).toBe(true);
    expect(dropsReferenceLevel('ridge', { alpha: 0 })).toBe(true);
    for (const kind of ['ridge', 'lasso', 'elasticnet', 'logistic', 'knn', 'rf', 'gbm', 'mlp'] as const) expect(dropsReferenceLevel(kind)).toBe(false);
    expect(dropsReferenceLevel('logistic', { penalty: 'l1' })).toBe(false);
  });

  it('the defaults it assumes when an option is left out are penalised', () => {
    for (const o of [defaultRidgeOptions, defaultLassoOptions, defaultElasticNetOptions]) expect(o.alpha).toBeGreaterThan(0);
    expect(defaultLogisticOptions.penalty).not.toBe('none');
  });
});

describe('fits with and without the reference level (hand-computed)', () => {
  // y = 1 for a, 3 for b, 6 for c: mean 10/3.
  const t = tableFromArrays('t', { c: ['a', 'a', 'b', 'b', 'c', 'c'], y: [1, 1, 3, 3, 6, 6] });
  const y = Float64Array.from([1, 1, 3, 3, 6, 6]);

  it('OLS with the reference a: intercept 1, b +2, c +5, exactly the group means', async () => {
    const { model, pipeline } = await fitOnRows(t, ['c'], all(6), y, { task: 'regression', model: 'linear' });
    const m = model as LinearRegressionModel;
    expect(pipeline.featureNames).toStrictEqual(['c_b', 'c_c']);
    expect(m.intercept).toBeCloseTo(1, 12);
    expect(Array.from(m.coefficients).map((w) => +w.toFixed(12))).toStrictEqual([2, 5]);
  });

  it('OLS with every level (the option turned off) is the minimum-norm split: weights sum to 0, same predictions', async () => {
    const { model, pipeline } = await fitOnRows(t, ['c'], all(6), y, { task: 'regression', model: 'linear', preprocess: { dropReferenceLevel: false } });
    const m = model as LinearRegressionModel;
    expect(pipeline.featureNames).toStrictEqual(['c_a', 'c_b', 'c_c']);
    // intercept 10/3; levels −7/3, −1/3, 8/3 (differences 2 and 5, sum 0)
    expect(m.intercept).toBeCloseTo(10 / 3, 10);
    [-7 / 3, -1 / 3, 8 / 3].forEach((w, j) => expect(m.coefficients[j]).toBeCloseTo(w, 10));
    Array.from(m.predict(transformTable(pipeline, t))).forEach((p, i) => expect(p).toBeCloseTo(y[i], 10));
  });

  it('ridge keeps every level: with α = 1, w = Xcᵀy / (2 + α) = (−14/9, −2/9, 16/9), intercept 10/3', async () => {
    const { model, pipeline } = await fitOnRows(t, ['c'], all(6), y, { task: 'regression', model: 'ridge', modelOptions: { alpha: 1 } });
    const m = model as LinearRegressionModel;
    expect(pipeline.featureNames).toStrictEqual(['c_a', 'c_b', 'c_c']);
    [-14 / 9, -2 / 9, 16 / 9].forEach((w, j) => expect(m.coefficients[j]).toBeCloseTo(w, 10));
    expect(m.intercept).toBeCloseTo(10 / 3, 10);
  });

  it('logistic without a penalty drops the reference; with its default L2 penalty it keeps every level', async () => {
    const label = Float64Array.from([0, 1, 0, 1, 1, 1]);
    const none = await fitOnRows(t, ['c'], all(6), label, { task: 'classification', model: 'logistic', nClasses: 2, modelOptions: { penalty: 'none' } });
    expect(none.pipeline.featureNames).toStrictEqual(['c_b', 'c_c']);
    const l2 = await fitOnRows(t, ['c'], all(6), label, { task: 'classification', model: 'logistic', nClasses: 2 });
    expect(l2.pipeline.featureNames).toStrictEqual(['c_a', 'c_b', 'c_c']);
    // L2: the level weights of one categorical add up to 0 at the optimum (the gradient along them is the intercept's).
    const w = (l2.model as LogisticModel).coefficients;
    expect(w[0] + w[1] + w[2]).toBeCloseTo(0, 4);
  });
});

describe('the default data: dropping the redundant region dummy keeps the same fit', () => {
  const config: CvConfig = {
    target: 'purchase_amount',
    task: 'regression',
    model: 'linear',
    features: ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'],
    seed: 3,
  };

  it('linear regression: out-of-fold predictions within 1e-9 of the all-levels fit; East is the reference', async () => {
    const customers = loadCustomers();
    const dropped = await crossValidate(customers, config);
    const kept = await crossValidate(customers, { ...config, preprocess: { dropReferenceLevel: false } });
    let worst = 0;
    dropped.oof.predictions.forEach((p, i) => (worst = Math.max(worst, Math.abs(p - kept.oof.predictions[i]))));
    expect(worst).toBeLessThan(1e-9);
    expect(dropped.coefficients?.map((c) => c.feature).filter((f) => f.startsWith('region_'))).toStrictEqual(['region_North', 'region_South', 'region_West']);
    expect(kept.coefficients?.map((c) => c.feature).filter((f) => f.startsWith('region_'))).toStrictEqual(['region_East', 'region_North', 'region_South', 'region_West']);
    // scikit-learn's LinearRegression on the reference folds has R² 0.9945 (customer_purchasing_behaviors.md); these folds differ, so only the order of magnitude is compared
    expect(dropped.metrics.r2.mean).toBeGreaterThan(0.98);
  });

  it('ridge keeps all four region levels', async () => {
    const ridge = await crossValidate(loadCustomers(), { ...config, model: 'ridge' });
    expect(ridge.coefficients?.map((c) => c.feature).filter((f) => f.startsWith('region_'))).toStrictEqual(['region_East', 'region_North', 'region_South', 'region_West']);
  });
});
