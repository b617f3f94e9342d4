/** The weights chart's order: by |standardised weight| with the sign kept, NaN (absent) features dropped. */
import { describe, expect, it } from 'vitest';
import { rankWeights, weightColour, weightColours } from '../../src/lib/ui/model/weights';

describe('rankWeights', () => {
  const weights = [
    { feature: 'age', mean: 0.5, std: 0.1 },
    { feature: 'region_West', mean: -2, std: 0.3 },
    { feature: 'income', mean: 1.5, std: 0.2 },
    { feature: 'region_East', mean: NaN, std: NaN },
    { feature: 'tenure', mean: 0, std: 0 },
    { feature: 'spend', mean: -0.5, std: NaN },
  ];

  it('ranks by absolute mean, largest first, keeps each sign; ties keep the model order', () => {
    const { bars, hidden } = rankWeights(weights);
    expect(bars.map((b) => [b.feature, b.mean, b.sign])).toStrictEqual([
      ['region_West', -2, -1],
      ['income', 1.5, 1],
      ['age', 0.5, 1],
      ['spend', -0.5, -1],
      ['tenure', 0, 0],
    ]);
    expect(bars.find((b) => b.feature === 'spend')?.std).toBe(0);
    expect(hidden).toBe(1);
  });

  it('limit keeps the largest and counts the rest as hidden', () => {
    const { bars, hidden } = rankWeights(weights, 2);
    expect(bars.map((b) => b.feature)).toStrictEqual(['region_West', 'income']);
    expect(hidden).toBe(4);
  });

  it('colours: positive and negative weights differ, zero is neutral', () => {
    expect(weightColour(1)).toBe(weightColours.raises);
    expect(weightColour(-1)).toBe(weightColours.lowers);
    expect(weightColour(0)).toBe(weightColours.none);
    expect(weightColours.raises).not.toBe(weightColours.lowers);
  });
});
