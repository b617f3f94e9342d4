import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/lib/ml/segments/rand-index';
import { fitScaler, scaleData } from '../../src/lib/ml/segments/scale';
import { bestKBySilhouette, meanPairwiseAri, suggestedK } from '../../src/lib/ml/segments/sweep';

describe('adjusted Rand index', () => {
  it('is 1 for identical partitions, whatever the names', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [0, 0, 1, 1, 2])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [2, 2, 0, 0, 1])).toBe(1);
  });

  it('matches scikit-learn documented values', () => {
    // sklearn.metrics.adjusted_rand_score docs: 0.57… and −0.5.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714285714, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it('averages over pairs for stability', () => {
    const a = new Int32Array([0, 0, 1, 1]);
    const b = new Int32Array([0, 1, 0, 1]);
    expect(meanPairwiseAri([a, a, b])).toBeCloseTo((1 - 0.5 - 0.5) / 3, 12);
  });

  it('rejects labelings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/differ in length/);
  });
});

describe('scaling', () => {
  it('standardizes with the population standard deviation', () => {
    const z = scaleData(new Float64Array([1, 10, 3, 10]), 2, 2, 'standard');
    expect(Array.from(z)).toStrictEqual([-1, 0, 1, 0]);
  });

  it('maps min-max to [0, 1] and leaves data alone with none', () => {
    expect(Array.from(scaleData(new Float64Array([2, 4, 6]), 3, 1, 'minmax'))).toStrictEqual([0, 0.5, 1]);
    const s = fitScaler(new Float64Array([2, 4, 6]), 3, 1, 'none');
    expect(Array.from(s.divisor)).toStrictEqual([1]);
  });
});

describe('best k', () => {
  it('takes the highest finite silhouette, the smaller k on ties', () => {
    expect(bestKBySilhouette([{ k: 2, silhouette: 0.5 }, { k: 3, silhouette: 0.7 }, { k: 4, silhouette: 0.7 }, { k: 5, silhouette: NaN }])).toBe(3);
  });

  it('suggests the smallest k within the tolerance of the highest silhouette', () => {
    // The default data's sweep (k = 2..10): k = 10 is highest by 0.0002 over k = 6, which is suggested.
    const sweep = [0.60171, 0.570664, 0.600888, 0.631097, 0.632786, 0.621363, 0.62154, 0.617729, 0.632991].map((silhouette, i) => ({ k: i + 2, silhouette }));
    expect(bestKBySilhouette(sweep)).toBe(10);
    expect(suggestedK(sweep)).toBe(6);
    // k = 5 is 0.0019 below the top: outside the default tolerance, inside a wider one.
    expect(suggestedK(sweep, 0.002)).toBe(5);
    expect(suggestedK(sweep, 0)).toBe(10);
    expect(suggestedK([{ k: 2, silhouette: NaN }])).toBeUndefined();
  });
});
