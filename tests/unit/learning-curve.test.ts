import { describe, expect, it } from 'vitest';
import { prepareCv } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { learningCurve, learningCurvePoint, subsampleTrain, summariseLearningCurve } from '../../src/lib/ml/evaluation/learning-curve';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { loadCustomersWithFolds } from './fixtures';

describe('subsampleTrain', () => {
  it('keeps ⌈fraction·n⌉ rows, sorted, seeded, all of them at 1', () => {
    const train = Int32Array.from({ length: 20 }, (_, i) => i * 2);
    const half = subsampleTrain(train, 0.5, 3);
    expect(half.length).toBe(10);
    expect(Array.from(half)).toStrictEqual([...half].sort((a, b) => a - b));
    for (const i of half) expect(i % 2).toBe(0);
    expect(Array.from(subsampleTrain(train, 0.5, 3))).toStrictEqual(Array.from(half));
    expect(Array.from(subsampleTrain(train, 0.5, 4))).not.toStrictEqual(Array.from(half));
    expect(Array.from(subsampleTrain(train, 1, 3))).toStrictEqual(Array.from(train));
    expect(subsampleTrain(train, 0.01, 3).length).toBe(2);
  });

  it('draws per class so every class keeps a row', () => {
    const train = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const classOf = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const kept = subsampleTrain(train, 0.2, 0, classOf);
    expect(kept.length).toBe(3);
    expect(kept).toContain(9);
  });

  it('rejects fractions outside (0, 1]', () => {
    expect(() => subsampleTrain(Int32Array.from([1, 2]), 0, 0)).toThrow(/fraction must be in \(0, 1\], got 0/);
    expect(() => subsampleTrain(Int32Array.from([1, 2]), 1.5, 0)).toThrow(/got 1.5/);
  });
});

describe('summariseLearningCurve', () => {
  it('averages each fraction over folds (population std)', () => {
    const rows = summariseLearningCurve(
      [
        { fold: 0, fraction: 1, trainSize: 10, metrics: { r2: 0.9 } },
        { fold: 0, fraction: 0.5, trainSize: 5, metrics: { r2: 0.5 } },
        { fold: 1, fraction: 0.5, trainSize: 6, metrics: { r2: 0.7 } },
        { fold: 1, fraction: 1, trainSize: 12, metrics: { r2: 0.7 } },
      ],
      'r2',
    );
    expect(rows.map((r) => r.fraction)).toStrictEqual([0.5, 1]);
    expect(rows[0].mean).toBeCloseTo(0.6, 12);
    expect(rows[0].std).toBeCloseTo(0.1, 12);
    expect(rows[0].trainSize).toBe(5.5);
    expect(rows[1].mean).toBeCloseTo(0.8, 12);
  });
});

describe('learningCurve', () => {
  it('a straight line is learnt exactly from a tenth of the rows', async () => {
    const x = Array.from({ length: 50 }, (_, i) => i);
    const table = tableFromArrays('line', { x, y: x.map((v) => 3 * v + 1) });
    const prepared = prepareCv(table, { target: 'y', task: 'regression', model: 'linear', features: ['x'] });
    const rows = await learningCurve(prepared, 'r2', { fractions: [0.1, 1] });
    expect(rows[0].trainSize).toBe(4);
    expect(rows[0].mean).toBeCloseTo(1, 9);
    expect(rows[1].trainSize).toBe(40);
  });

  it('random forest on the default data: more rows, better R²; the full fold matches plain CV', async () => {
    const prepared = prepareCv(loadCustomersWithFolds(), {
      target: 'purchase_amount',
      task: 'regression',
      model: 'rf',
      features: ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'],
      groupColumn: 'fold',
      modelOptions: { nEstimators: 30 },
    });
    const rows = await learningCurve(prepared, 'r2', { fractions: [0.1, 1] });
    expect(rows[1].mean).toBeGreaterThan(rows[0].mean);
    expect(rows[1].mean).toBeGreaterThan(0.95);
    const full = await learningCurvePoint(prepared, 0, 1);
    expect(full.trainSize).toBe(prepared.folds[0].train.length);
  });
});
