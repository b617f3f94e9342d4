import { describe, expect, test } from 'vitest';
import type { CvResult } from '../../../src/lib/ml/evaluation/cv/cross-validate';
import { collinearityCaveat, driverSourceOf, oofPerRow, riskSourceOf } from '../../../src/lib/report/from-runs';
import { makeRunConfig, runConfigFromHash } from '../../../src/lib/runs/run-config';

/** A binary run's result on 4 table rows: rows 0, 2, 3 tested once, row 1 twice (repeats), classes no/yes. */
function binaryResult(): CvResult {
  return {
    task: 'classification',
    model: 'logistic',
    target: 'churn',
    folds: 2,
    splitter: 'stratified k-fold',
    features: ['a', 'b'],
    excluded: [{ column: 'id', reason: 'id column' }],
    metrics: { roc_auc: { mean: 0.9, std: 0.01 } },
    per_fold: [],
    oof: {
      rows: Int32Array.from([0, 1, 2, 1, 3]),
      fold: Int32Array.from([0, 0, 1, 1, 1]),
      yTrue: Float64Array.from([1, 0, 1, 0, 0]),
      predictions: Float64Array.from([1, 0, 1, 1, 0]),
      proba: Float64Array.from([0.2, 0.8, 0.7, 0.3, 0.4, 0.6, 0.5, 0.5, 0.9, 0.1]),
    },
    classes: ['no', 'yes'],
    positive: 'yes',
    duplicates: { count: 0, distinct: 4, largest: 1, grouped: false, reason: 'none' },
    coefficients: [
      { feature: 'a', perFold: [], perFoldOriginal: [], mean: -2, std: 0 } as never,
      { feature: 'b', perFold: [], perFoldOriginal: [], mean: 0.5, std: 0 } as never,
    ],
    seconds: 0,
  };
}

const run = makeRunConfig('cv', { target: 'churn', task: 'classification', model: 'logistic', features: ['a', 'b'], folds: 2 }, { seed: 7 });

describe('per-customer numbers from out-of-fold rows', () => {
  test('the positive class’s probability per row, repeats averaged, untested rows NaN', () => {
    const { value, actual } = oofPerRow(binaryResult(), 5);
    expect(Array.from(value.slice(0, 4))).toStrictEqual([0.8, (0.3 + 0.5) / 2, 0.6, 0.1]);
    expect(value[4]).toBeNaN();
    expect(Array.from(actual.slice(0, 4))).toStrictEqual([1, 0, 1, 0]);
    expect(actual[4]).toBeNaN();
  });

  test('the positive class decides which probability is the score', () => {
    const result = { ...binaryResult(), positive: 'no' };
    expect(Array.from(oofPerRow(result, 4).value)).toStrictEqual([0.2, (0.7 + 0.5) / 2, 0.4, 0.9]);
  });

  test('the risk source names its run: model, seed, target, and a link that reopens it', () => {
    const source = riskSourceOf(run, binaryResult(), 4);
    expect(source.provenance.summary).toMatch(/Logistic regression, 2-fold cross-validation \(seed 7\)/);
    expect(new Map(source.provenance.details).get('Seed')).toBe('7');
    expect(runConfigFromHash(source.provenance.link!)).toStrictEqual(run);
    expect(source.cvMetrics.roc_auc).toBe(0.9);
  });
});

describe('top drivers', () => {
  test('a linear model’s drivers are its absolute standardised weights, largest first', () => {
    const drivers = driverSourceOf(run, binaryResult(), null, { pairs: [], highVif: [] });
    expect(drivers?.items).toStrictEqual([{ feature: 'a', value: 2 }, { feature: 'b', value: 0.5 }]);
    expect(drivers?.caveat).toBe('');
  });

  test('the collinearity caveat names the correlated drivers only', () => {
    const caveat = collinearityCaveat({ pairs: [{ a: 'a', b: 'b', r: 0.97 }, { a: 'x', b: 'y', r: 0.99 }], highVif: [{ name: 'z', vif: 30 }] }, ['a', 'b']);
    expect(caveat).toMatch(/^Collinear features: a and b \(r = 0\.97\)\./);
    expect(caveat).not.toMatch(/x and y|z \(VIF/);
  });
});
