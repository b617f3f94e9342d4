import { describe, expect, it } from 'vitest';
import { liftTable, liftTableOn, positivesInTop } from '../../src/lib/ml/evaluation/lift';
import { brierScore, calibration } from '../../src/lib/ml/evaluation/calibration';
import { bestProfitOn, bestProfitThreshold, profitCurveOn } from '../../src/lib/ml/evaluation/profit';
import { thresholdCurve } from '../../src/lib/ml/evaluation/threshold';

// Ten customers ranked by score; 4 positives, base rate 0.4.
const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
const labels = [1, 1, 0, 1, 0, 0, 1, 0, 0, 0];

describe('lift and cumulative gain', () => {
  it('match a hand count in five bins of two', () => {
    // bin 1 {0.9, 0.8}: 2 positives, rate 1, lift 1 / 0.4 = 2.5
    // bin 2 {0.7, 0.6}: 1 → rate 0.5, lift 1.25; bin 3 {0.5, 0.4}: 0; bin 4 {0.3, 0.2}: 1 → 1.25; bin 5: 0
    // gain: 2/4, 3/4, 3/4, 4/4, 4/4; cumulative lift: (2/2)/0.4 = 2.5, (3/4)/0.4 = 1.875, (3/6)/0.4 = 1.25, (4/8)/0.4 = 1.25, 1
    const table = liftTable(scores, labels, 5);
    expect(table.baseRate).toBe(0.4);
    expect(table.bins.map((b) => b.positives)).toStrictEqual([2, 1, 0, 1, 0]);
    expect(table.bins.map((b) => b.rows)).toStrictEqual([2, 2, 2, 2, 2]);
    expect(table.bins.map((b) => b.lift)).toStrictEqual([2.5, 1.25, 0, 1.25, 0]);
    expect(table.bins.map((b) => b.cumulativeGain)).toStrictEqual([0.5, 0.75, 0.75, 1, 1]);
    table.bins.forEach((b, i) => expect(b.cumulativeLift).toBeCloseTo([2.5, 1.875, 1.25, 1.25, 1][i], 12));
    expect(table.bins.map((b) => b.cumulativeShare)).toStrictEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('deciles of ten rows are the rows themselves; the labels are the positives per bin', () => {
    const table = liftTable(scores, labels);
    expect(table.bins.map((b) => b.positives)).toStrictEqual(labels);
  });

  it('shares a group of tied scores across a bin boundary in proportion, whatever the row order', () => {
    // scores 0.8, 0.8 (one positive), 0.2, 0.2 (one positive): the top row is half a positive
    const curve = thresholdCurve([0.8, 0.8, 0.2, 0.2], [1, 0, 1, 0]);
    expect(positivesInTop(curve, 1)).toBe(0.5);
    expect(positivesInTop(curve, 3)).toBe(1.5);
    expect(liftTableOn(curve, 4).bins.map((b) => b.positives)).toStrictEqual([0.5, 0.5, 0.5, 0.5]);
    expect(liftTable([0.8, 0.2, 0.8, 0.2], [0, 0, 1, 1], 4).bins.map((b) => b.positives)).toStrictEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('rejects bad bins and labels without positives', () => {
    expect(() => liftTable(scores, labels, 11)).toThrow(/11 bins for 10 customers/);
    expect(() => liftTable(scores, labels, 0)).toThrow(/whole number/);
    expect(() => liftTable([0.1, 0.2], [0, 0], 2)).toThrow(/no positive rows/);
  });
});

describe('calibration', () => {
  it('matches a hand count in two equal-width bins, and the Brier score', () => {
    // [0, 0.5): 0.1, 0.2, 0.3 → mean 0.2, observed 1/3; [0.5, 1]: 0.8, 0.9 → mean 0.85, observed 1
    // Brier = (0.1² + 0.2² + 0.7² + 0.2² + 0.1²) / 5 = 0.59 / 5 = 0.118
    const p = [0.1, 0.2, 0.3, 0.8, 0.9];
    const y = [0, 0, 1, 1, 1];
    const c = calibration(p, y, 2);
    expect(c.bins).toHaveLength(2);
    expect(c.bins[0]).toMatchObject({ from: 0, to: 0.5, count: 3 });
    expect(c.bins[0].meanPredicted).toBeCloseTo(0.2, 12);
    expect(c.bins[0].observedRate).toBeCloseTo(1 / 3, 12);
    expect(c.bins[1]).toMatchObject({ from: 0.5, to: 1, count: 2, observedRate: 1 });
    expect(c.bins[1].meanPredicted).toBeCloseTo(0.85, 12);
    expect(c.brier).toBeCloseTo(0.118, 12);
    expect(brierScore(p, y)).toBeCloseTo(0.118, 12);
  });

  it('puts 1 in the last bin, leaves empty bins out, and counts tied probabilities once each row', () => {
    const c = calibration([1, 1, 0.05, 0.05], [1, 0, 0, 0], 10);
    expect(c.bins.map((b) => [b.from, b.count, b.observedRate])).toStrictEqual([[0, 2, 0], [0.9, 2, 0.5]]);
    // Brier: (0 + 1 + 0.0025 + 0.0025) / 4
    expect(c.brier).toBeCloseTo(1.005 / 4, 12);
  });

  it('always saying 0.5 scores 0.25', () => {
    expect(calibration([0.5, 0.5, 0.5], [1, 0, 1]).brier).toBe(0.25);
  });

  it('rejects scores outside [0, 1]', () => {
    expect(() => calibration([1.5, 0.2], [1, 0])).toThrow(/in \[0, 1\], got 1.5/);
  });
});

describe('profit threshold', () => {
  const curve = thresholdCurve(scores, labels);
  it('matches a hand count: value 100, cost 10', () => {
    // contact score ≥ t: profit = 100·TP − 10·(TP + FP)
    // t 0.9: 90; 0.8: 180; 0.7: 170; 0.6: 260; 0.5: 250; 0.4: 240; 0.3: 330; 0.2: 320; 0.1: 310; 0.05: 300
    const c = profitCurveOn(curve, { value: 100, cost: 10 });
    expect(Array.from(c.profit)).toStrictEqual([90, 180, 170, 260, 250, 240, 330, 320, 310, 300]);
    expect(Array.from(c.contacted)).toStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(bestProfitOn(curve, { value: 100, cost: 10 })).toStrictEqual({ threshold: 0.3, profit: 330, contacted: 7, truePositives: 4 });
  });

  it('a 50 % success rate halves what a kept customer brings', () => {
    // 50·TP − 10·contacted: 0.6 → 150 − 40 = 110; 0.3 → 200 − 70 = 130; 0.05 → 200 − 100 = 100
    expect(bestProfitThreshold(scores, labels, { value: 100, cost: 10, successRate: 0.5 })).toStrictEqual({ threshold: 0.3, profit: 130, contacted: 7, truePositives: 4 });
  });

  it('dear contacts move the threshold up; contacts that never pay mean contacting nobody', () => {
    // cost 60: 0.9 → 40, 0.8 → 80, 0.7 → 20, 0.6 → 60, 0.3 → −20
    expect(bestProfitOn(curve, { value: 100, cost: 60 })).toStrictEqual({ threshold: 0.8, profit: 80, contacted: 2, truePositives: 2 });
    expect(bestProfitOn(curve, { value: 100, cost: 200 })).toStrictEqual({ threshold: null, profit: 0, contacted: 0, truePositives: 0 });
  });

  it('rejects negative or missing money and rates outside [0, 1]', () => {
    expect(() => bestProfitOn(curve, { value: -1, cost: 1 })).toThrow(/value of a retained customer/);
    expect(() => bestProfitOn(curve, { value: 1, cost: NaN })).toThrow(/cost of a contact/);
    expect(() => bestProfitOn(curve, { value: 1, cost: 1, successRate: 1.5 })).toThrow(/success rate/);
  });
});
