import { describe, expect, it } from 'vitest';
import { fitKnn, loadKnn } from '../../src/lib/ml/models/knn/knn';
import { fromRows } from '../../src/lib/ml/core/matrix';

describe('k-nearest neighbours', () => {
  const X = fromRows([[0], [1], [2], [10], [11], [12]]);

  it('regression averages the k nearest targets (ties keep the earlier row)', () => {
    const model = fitKnn({ X, y: Float64Array.from([1, 2, 3, 10, 20, 30]), task: 'regression' }, { k: 2 });
    // Query 1.5: rows 1 and 2 (distance 0.5 each). Query 6: rows 2 (4) then 3 (4): earlier row wins only on ties beyond k.
    expect(Array.from(model.predict(fromRows([[1.5], [11], [6]])))).toStrictEqual([2.5, 15, 6.5]);
  });

  it('classification votes and gives vote shares as probabilities', () => {
    const model = fitKnn({ X, y: Float64Array.from([0, 0, 1, 1, 1, 1]), task: 'classification', nClasses: 2 }, { k: 3 });
    expect(Array.from(model.predict(fromRows([[0.2], [11]])))).toStrictEqual([0, 1]);
    expect(Array.from(model.predictProba?.(fromRows([[0.2]])) ?? [])).toStrictEqual([2 / 3, 1 / 3]);
  });

  it('distance weights let an exact match dominate', () => {
    const model = fitKnn({ X, y: Float64Array.from([1, 2, 3, 10, 20, 30]), task: 'regression' }, { k: 3, weights: 'distance' });
    expect(model.predict(fromRows([[10]]))[0]).toBeCloseTo(10, 6);
  });

  it('round-trips through JSON with identical predictions and rejects bad k', () => {
    const model = fitKnn({ X, y: Float64Array.from([1, 2, 3, 10, 20, 30]), task: 'regression' });
    const again = loadKnn(JSON.parse(JSON.stringify(model.toJSON())));
    const Q = fromRows([[0.5], [7], [100]]);
    expect(again.predict(Q)).toStrictEqual(model.predict(Q));
    expect(() => fitKnn({ X, y: new Float64Array(6), task: 'regression' }, { k: 0 })).toThrow(/k must be a positive integer/);
  });
});
