import { describe, expect, it } from 'vitest';
import { pca } from '../../src/lib/ml/segments/pca';
import { symmetricEigen } from '../../src/lib/ml/models/linear/eigen';

describe('PCA', () => {
  it('finds the eigenvalues of a known symmetric matrix', () => {
    // [[2,1],[1,2]] has eigenvalues 3 and 1.
    const { values } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect(Array.from(values).sort().map((x) => Math.round(x * 1e12) / 1e12)).toStrictEqual([1, 3]);
  });

  it('puts points on a line onto the first component', () => {
    // Points on y = 2x: all variance on (1,2)/√5; projection = signed distance from the mean.
    const data = new Float64Array([0, 0, 1, 2, 2, 4, 3, 6]);
    const r = pca(data, 4, 2, 2);
    expect(r.explainedVarianceRatio[0]).toBeCloseTo(1, 12);
    expect(r.explainedVarianceRatio[1]).toBeCloseTo(0, 12);
    expect(r.components[0]).toBeCloseTo(1 / Math.sqrt(5), 12);
    expect(r.components[1]).toBeCloseTo(2 / Math.sqrt(5), 12);
    expect(r.projection[0]).toBeCloseTo(-1.5 * Math.sqrt(5), 12);
    expect(r.explainedVariance[0]).toBeCloseTo((5 * (2.25 + 0.25 + 0.25 + 2.25)) / 3, 12);
  });

  it('rejects more components than features', () => {
    expect(() => pca(new Float64Array([1, 2, 3, 4]), 2, 2, 3)).toThrow(/between 1 and d = 2/);
  });
});
