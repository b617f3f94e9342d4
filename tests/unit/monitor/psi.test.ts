import { describe, expect, it } from 'vitest';
import { binShares, psiCategorical, psiNumeric, psiOfShares, psiReading, quantileEdges } from '../../../src/lib/ml/monitor/psi';
import { Random } from '../../../src/lib/ml/core/random';

describe('PSI', () => {
  it('is zero for identical samples', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i * 1.5);
    expect(psiNumeric(x, x)).toBe(0);
    expect(psiCategorical([0, 1, 2, 1], [0, 1, 2, 1], 3)).toBe(0);
  });

  it('matches a hand computation on shares', () => {
    // (0.3-0.5)ln(0.3/0.5) + (0.7-0.5)ln(0.7/0.5)
    const expected = -0.2 * Math.log(0.6) + 0.2 * Math.log(1.4);
    expect(psiOfShares([0.5, 0.5], [0.3, 0.7])).toBeCloseTo(expected, 12);
    expect(psiCategorical([0, 0, 1, 1], [0, 1, 1, 1, 1, 1, 1, 0, 0, 1], 2)).toBeCloseTo(expected, 12);
  });

  it('cuts at the reference deciles, so each reference bin holds a tenth', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => i);
    const edges = quantileEdges(x, 10);
    expect(edges.length).toBe(9);
    expect(Array.from(binShares(x, edges))).toEqual(new Array(10).fill(0.1));
  });

  it('collapses repeated edges of a column with few values', () => {
    const x = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    const edges = quantileEdges(x, 10);
    // numpy 'linear', h = 9p: deciles 1–7 are 0, the 8th 0 + 0.2·(1 − 0), the 9th 1 + 0.1·(2 − 1).
    expect(edges.length).toBe(3);
    expect(edges[0]).toBe(0);
    expect(edges[1]).toBeCloseTo(0.2, 12);
    expect(edges[2]).toBeCloseTo(1.1, 12);
    expect(Array.from(binShares(x, edges))).toEqual([0.8, 0, 0.1, 0.1]);
  });

  it('reads a one-standard-deviation shift of a normal as a major shift', () => {
    const random = new Random(3);
    const normal = (): number => random.normal();
    const ref = Float64Array.from({ length: 20000 }, normal);
    const cur = Float64Array.from({ length: 20000 }, () => normal() + 1);
    const psi = psiNumeric(ref, cur);
    // The population value for a 1σ mean shift over decile bins is about 1.0 (between 0.9 and 1.1).
    expect(psi).toBeGreaterThan(0.85);
    expect(psi).toBeLessThan(1.15);
    expect(psiReading(psi)).toBe('major');
    expect(psiReading(0.05)).toBe('stable');
    expect(psiReading(0.2)).toBe('moderate');
  });
});
