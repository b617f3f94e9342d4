import { describe, expect, it } from 'vitest';
import { bestThreshold, bestThresholdOn, confusionAt, curveMetrics, thresholdCurve } from '../../src/lib/ml/evaluation/threshold';
import { Random } from '../../src/lib/ml/core/random';

// P = 4, N = 3. Hand-computed, predicting positive when score >= t:
// t     tp fp precision recall f1
// 0.9   1  0  1         0.25   0.4
// 0.8   2  0  1         0.5    0.6667
// 0.7   2  1  0.6667    0.5    0.5714
// 0.6   3  1  0.75      0.75   0.75
// 0.55  3  2  0.6       0.75   0.6667
// 0.4   3  3  0.5       0.75   0.6
// 0.3   4  3  0.5714    1      0.7273
const scores = Float64Array.from([0.4, 0.9, 0.55, 0.3, 0.8, 0.6, 0.7]);
const labels = Float64Array.from([0, 1, 0, 1, 1, 1, 0]);

describe('threshold', () => {
  it('sweeps the confusion counts of every distinct score', () => {
    const curve = thresholdCurve(scores, labels);
    expect(Array.from(curve.thresholds)).toEqual([0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3]);
    expect(Array.from(curve.tp)).toEqual([1, 2, 2, 3, 3, 3, 4]);
    expect(Array.from(curve.fp)).toEqual([0, 0, 1, 1, 2, 3, 3]);
    expect(curveMetrics(curve).map((m) => +m.f1.toFixed(4))).toEqual([0.4, 0.6667, 0.5714, 0.75, 0.6667, 0.6, 0.7273]);
  });

  it('gives any threshold’s metrics, between scores and outside their range', () => {
    const curve = thresholdCurve(scores, labels);
    expect(confusionAt(curve, 0.65)).toEqual({ threshold: 0.65, tp: 2, fp: 1, tn: 2, fn: 2, precision: 2 / 3, recall: 0.5, f1: 4 / 7, accuracy: 4 / 7 });
    expect(confusionAt(curve, 0.6)).toMatchObject({ tp: 3, fp: 1, tn: 2, fn: 1, precision: 0.75, recall: 0.75, f1: 0.75 });
    expect(confusionAt(curve, 0.95)).toMatchObject({ tp: 0, fp: 0, tn: 3, fn: 4, precision: 0, recall: 0, f1: 0, accuracy: 3 / 7 });
    expect(confusionAt(curve, 0)).toMatchObject({ tp: 4, fp: 3, tn: 0, fn: 0, recall: 1 });
  });

  it('merges tied scores into one threshold', () => {
    const curve = thresholdCurve([0.5, 0.5, 0.2], [1, 0, 1]);
    expect(Array.from(curve.thresholds)).toEqual([0.5, 0.2]);
    expect(Array.from(curve.tp)).toEqual([1, 2]);
    expect(Array.from(curve.fp)).toEqual([1, 1]);
  });

  it('agrees with a direct count at random thresholds', () => {
    const random = new Random(3);
    const n = 500;
    const s = Float64Array.from({ length: n }, () => Math.round(random.next() * 50) / 50);
    const l = Float64Array.from(s, (v) => (random.next() < v ? 1 : 0));
    const curve = thresholdCurve(s, l);
    for (let trial = 0; trial < 50; trial++) {
      const t = random.next() * 1.2 - 0.1;
      let tp = 0;
      let fp = 0;
      for (let i = 0; i < n; i++) if (s[i] >= t) l[i] ? tp++ : fp++;
      expect(confusionAt(curve, t)).toMatchObject({ tp, fp });
    }
  });

  it('picks the best F1, subject to a minimum precision', () => {
    expect(bestThreshold(scores, labels)).toMatchObject({ threshold: 0.6, metrics: { f1: 0.75, precision: 0.75 } });
    const strict = bestThreshold(scores, labels, { minPrecision: 0.8 });
    expect(strict.threshold).toBe(0.8);
    const none = bestThreshold(scores, labels, { minPrecision: 1 });
    expect(none.threshold).toBe(0.8);
    const impossible = bestThreshold([0.9, 0.1], [0, 1], { minPrecision: 0.6 });
    expect(impossible).toEqual({ threshold: null, reason: expect.stringMatching(/no threshold reaches precision 0.6; the highest precision is 0.500/) });
    expect(bestThreshold([0.9, 0.1], [0, 0])).toEqual({ threshold: null, reason: expect.stringMatching(/no positive rows/) });
  });

  it('picks the same on a curve made elsewhere (a worker) as on the scores', () => {
    const curve = thresholdCurve(scores, labels);
    for (const minPrecision of [0, 0.8, 1]) expect(bestThresholdOn(curve, { minPrecision })).toStrictEqual(bestThreshold(scores, labels, { minPrecision }));
    expect(() => bestThresholdOn(curve, { minPrecision: -1 })).toThrow(/minPrecision/);
  });

  it('rejects bad input with a clear message', () => {
    expect(() => thresholdCurve([0.1, 0.2], [1])).toThrow(/2 scores but 1 labels/);
    expect(() => thresholdCurve([0.1, NaN], [1, 0])).toThrow(/score 1 is NaN/);
    expect(() => thresholdCurve([0.1, 0.2], [1, 2])).toThrow(/labels must be 0 or 1, row 1 is 2/);
    expect(() => bestThreshold([0.1], [1], { minPrecision: 2 })).toThrow(/minPrecision/);
  });
});
