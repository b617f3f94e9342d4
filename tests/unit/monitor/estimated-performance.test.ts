import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/lib/ml/core/random';
import { estimatePerformance, expectedConfusion, expectedRocAuc, realPerformance } from '../../../src/lib/ml/monitor/estimated-performance';

describe('label-free estimated performance (CBPE)', () => {
  it('hand-computed expected confusion matrix at t = 0.5', () => {
    // p ≥ 0.5: 0.9, 0.6 → TP 1.5, FP 0.5; below: 0.2, 0.4 → FN 0.6, TN 1.4.
    const c = expectedConfusion([0.9, 0.2, 0.6, 0.4], 0.5);
    expect(c.tp).toBeCloseTo(1.5, 12);
    expect(c.fp).toBeCloseTo(0.5, 12);
    expect(c.fn).toBeCloseTo(0.6, 12);
    expect(c.tn).toBeCloseTo(1.4, 12);
    const e = estimatePerformance([0.9, 0.2, 0.6, 0.4], 0.5);
    expect(e.precision).toBeCloseTo(0.75, 12);
    expect(e.recall).toBeCloseTo(1.5 / 2.1, 12);
    expect(e.accuracy).toBeCloseTo(2.9 / 4, 12);
  });

  it('hand-computed expected ROC AUC', () => {
    // Two rows 0.8 and 0.2: positives weigh 0.8, 0.2 (total 1), negatives 0.2, 0.8 (total 1).
    // Pairs with the higher score positive: 0.8·0.8 = 0.64; the self pairs are ties: ½(0.8·0.2 + 0.2·0.8) = 0.16 → 0.8.
    expect(expectedRocAuc([0.8, 0.2])).toBeCloseTo(0.8, 12);
    expect(expectedRocAuc([1, 1])).toBeNaN();
  });

  it('equals the real metrics on labels drawn from the probabilities themselves, within sampling error', () => {
    const random = new Random(42);
    const n = 20000;
    const p = Float64Array.from({ length: n }, () => {
      const z = 1.5 * random.normal() - 0.5;
      return 1 / (1 + Math.exp(-z));
    });
    const y = Float64Array.from(p, (v) => (random.next() < v ? 1 : 0));
    const estimated = estimatePerformance(p, 0.5);
    const real = realPerformance(p, y, 0.5);
    // Standard errors at n = 20,000 are under 0.005 for each; allow about three.
    expect(Math.abs(estimated.precision - real.precision)).toBeLessThan(0.015);
    expect(Math.abs(estimated.recall - real.recall)).toBeLessThan(0.015);
    expect(Math.abs(estimated.accuracy - real.accuracy)).toBeLessThan(0.015);
    expect(Math.abs(estimated.rocAuc - real.rocAuc)).toBeLessThan(0.01);
    expect(real.rows).toBe(n);
  });

  it('a miscalibrated model is estimated wrongly: the estimate is only as good as the calibration', () => {
    const random = new Random(7);
    const p = Float64Array.from({ length: 5000 }, () => random.next());
    // The true probability is p², not p.
    const y = Float64Array.from(p, (v) => (random.next() < v * v ? 1 : 0));
    expect(estimatePerformance(p, 0.5).precision - realPerformance(p, y, 0.5).precision).toBeGreaterThan(0.1);
  });

  it('real performance leaves out rows without a label', () => {
    const r = realPerformance([0.9, 0.1, 0.7], [1, NaN, 0], 0.5);
    expect(r.rows).toBe(2);
    expect(r.confusion).toEqual({ tp: 1, fp: 1, fn: 0, tn: 0 });
    expect(r.precision).toBe(0.5);
  });
});
