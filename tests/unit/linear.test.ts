import { describe, expect, it } from 'vitest';
import { fitElasticNet, fitLasso } from '../../src/lib/ml/models/linear/coordinate-descent';
import { fitLinearRegression, fitRidge } from '../../src/lib/ml/models/linear/least-squares';
import { loadLinearModel } from '../../src/lib/ml/models/linear/linear-model';
import { solvePseudoInverse } from '../../src/lib/ml/models/linear/solve';
import { fromRows } from '../../src/lib/ml/core/matrix';
import type { TrainingData } from '../../src/lib/ml/core/model';
import { Random } from '../../src/lib/ml/core/random';

/** y = 3 + 2·x0 − 1.5·x1 + 0.5·x2 exactly, 50 seeded rows. */
function exactLinear(): TrainingData {
  const random = new Random(1);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 50; i++) {
    const r = [random.normal(), random.normal() * 10, random.next()];
    rows.push(r);
    y.push(3 + 2 * r[0] - 1.5 * r[1] + 0.5 * r[2]);
  }
  return { X: fromRows(rows), y: Float64Array.from(y), task: 'regression' };
}

describe('linear regression', () => {
  it('recovers the true coefficients of an exact linear target (R² = 1)', () => {
    const data = exactLinear();
    const model = fitLinearRegression(data);
    expect(Array.from(model.coefficients).map((v) => +v.toFixed(9))).toStrictEqual([2, -1.5, 0.5]);
    expect(model.intercept).toBeCloseTo(3, 9);
    const p = model.predict(data.X);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(data.y[i], 9);
  });

  it('fits a rank-deficient design (a duplicated column) with the minimum-norm split', () => {
    const X = fromRows([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    const model = fitLinearRegression({ X, y: Float64Array.from([3, 5, 7, 9]), task: 'regression' });
    expect(model.coefficients[0]).toBeCloseTo(1, 9);
    expect(model.coefficients[1]).toBeCloseTo(1, 9);
    expect(model.intercept).toBeCloseTo(1, 9);
  });

  it('solves a singular system by pseudo-inverse to the minimum-norm answer', () => {
    const x = solvePseudoInverse(Float64Array.from([1, 1, 1, 1]), Float64Array.from([2, 2]), 2);
    expect(Array.from(x).map((v) => +v.toFixed(12))).toStrictEqual([1, 1]);
  });

  it('ridge matches the closed form on a 1-D case: w = Sxy / (Sxx + α)', () => {
    const X = fromRows([[0], [1], [2], [3]]);
    const y = Float64Array.from([1, 3, 2, 5]);
    // Sxx = 5, Sxy = 5.5 around the means 1.5 and 2.75.
    const model = fitRidge({ X, y, task: 'regression' }, { alpha: 1 });
    expect(model.coefficients[0]).toBeCloseTo(5.5 / 6, 12);
    expect(model.intercept).toBeCloseTo(2.75 - 1.5 * (5.5 / 6), 12);
  });

  it('lasso soft-thresholds: 1-D w = S(Sxy/n, α) / (Sxx/n), and a large α gives all zeros', () => {
    const X = fromRows([[0], [1], [2], [3]]);
    const y = Float64Array.from([1, 3, 2, 5]);
    const model = fitLasso({ X, y, task: 'regression' }, { alpha: 0.5 });
    expect(model.coefficients[0]).toBeCloseTo((5.5 / 4 - 0.5) / (5 / 4), 8);
    const zero = fitLasso(exactLinear(), { alpha: 1e6 });
    expect(Array.from(zero.coefficients)).toStrictEqual([0, 0, 0]);
  });

  it('elastic net: 1-D w = S(Sxy/n, α·ρ) / (Sxx/n + α(1−ρ))', () => {
    const X = fromRows([[0], [1], [2], [3]]);
    const y = Float64Array.from([1, 3, 2, 5]);
    const model = fitElasticNet({ X, y, task: 'regression' }, { alpha: 0.4, l1Ratio: 0.5 });
    expect(model.coefficients[0]).toBeCloseTo((5.5 / 4 - 0.2) / (5 / 4 + 0.2), 8);
    expect(model.kind).toBe('elasticnet');
  });

  it('round-trips through JSON with identical predictions', () => {
    const data = exactLinear();
    for (const model of [fitRidge(data), fitLasso(data, { alpha: 0.01 }), fitElasticNet(data, { alpha: 0.01 })]) {
      const again = loadLinearModel(JSON.parse(JSON.stringify(model.toJSON())));
      expect(again.predict(data.X)).toStrictEqual(model.predict(data.X));
      expect(again.kind).toBe(model.kind);
    }
  });

  it('rejects classification data and bad options by message', () => {
    const data = exactLinear();
    expect(() => fitLinearRegression({ ...data, task: 'classification' })).toThrow(/regression model/);
    expect(() => fitRidge(data, { alpha: -1 })).toThrow(/alpha must be ≥ 0/);
    expect(() => fitElasticNet(data, { l1Ratio: 2 })).toThrow(/l1Ratio/);
    // @ts-expect-error: alpha is a number
    expect(() => fitLasso(data, { alpha: 'x' })).toThrow(/alpha/);
  });
});
