import { describe, expect, it } from 'vitest';
import { accuracy, balancedAccuracy, classificationMetrics, confusionMatrix, logLoss } from '../../src/lib/ml/evaluation/metrics/classification';
import { averagePrecision, prCurve, rocAuc, rocAucOvr, rocCurve } from '../../src/lib/ml/evaluation/metrics/curves';
import { mae, mape, r2Score, regressionMetrics, rmse } from '../../src/lib/ml/evaluation/metrics/regression';

describe('regression metrics', () => {
  it('match hand-computed values', () => {
    const y = [3, -0.5, 2, 7];
    const p = [2.5, 0, 2, 8];
    // sklearn docs example: r2 0.9486..., MSE 0.375, MAE 0.5.
    expect(r2Score(y, p)).toBeCloseTo(0.9486081370449679, 12);
    expect(rmse(y, p)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(mae(y, p)).toBe(0.5);
    expect(mape([100, 200], [110, 180])).toBeCloseTo(0.1, 12);
    expect(r2Score([5, 5], [5, 5])).toBe(1);
    expect(r2Score([5, 5], [4, 5])).toBe(0);
    expect(Object.keys(regressionMetrics(y, p))).toStrictEqual(['r2', 'rmse', 'mae', 'mape']);
    expect(() => rmse([1], [1, 2])).toThrow(/Length mismatch/);
  });
});

describe('classification metrics', () => {
  const yTrue = [0, 1, 1, 0, 1, 1];
  const yPred = [0, 1, 0, 0, 1, 1];

  it('confusion matrix, accuracy, balanced accuracy, binary precision/recall/F1', () => {
    expect(Array.from(confusionMatrix(yTrue, yPred, 2))).toStrictEqual([2, 0, 1, 3]);
    expect(accuracy(yTrue, yPred)).toBeCloseTo(5 / 6, 12);
    expect(balancedAccuracy(confusionMatrix(yTrue, yPred, 2), 2)).toBeCloseTo((1 + 0.75) / 2, 12);
    const m = classificationMetrics(yTrue, yPred, undefined, 2, 1);
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(0.75);
    expect(m.f1).toBeCloseTo(6 / 7, 12);
    const negative = classificationMetrics(yTrue, yPred, undefined, 2, 0);
    expect(negative.precision).toBeCloseTo(2 / 3, 12);
  });

  it('macro averages for three classes (sklearn example: macro F1 0.2667)', () => {
    const m = classificationMetrics([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], undefined, 3);
    expect(m.precision).toBeCloseTo(0.2222222222, 9);
    expect(m.recall).toBeCloseTo(1 / 3, 12);
    expect(m.f1).toBeCloseTo(0.2666666667, 9);
  });

  it('ROC-AUC with ties counts a tie as half', () => {
    // Positives 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4)(0.8>0.1)(0.4=0.4: ½)(0.4>0.1) → 3.5/4.
    expect(rocAuc([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1])).toBeCloseTo(0.875, 12);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
    const roc = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(roc.fpr)).toStrictEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(roc.tpr)).toStrictEqual([0, 0.5, 0.5, 1, 1]);
  });

  it('average precision and the PR curve (sklearn example: AP 0.8333)', () => {
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333, 9);
    const pr = prCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(pr.precision)).toStrictEqual([1, 0.5, 2 / 3, 0.5]);
    expect(Array.from(pr.recall)).toStrictEqual([0.5, 0.5, 1, 1]);
  });

  it('one-vs-rest macro ROC-AUC and log loss', () => {
    const proba = Float64Array.from([0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8]);
    expect(rocAucOvr([0, 1, 2], proba, 3)).toBe(1);
    expect(logLoss([0, 1, 2], proba, 3)).toBeCloseTo(-Math.log(0.8), 12);
    const m = classificationMetrics([0, 1], [0, 1], Float64Array.from([0.9, 0.1, 0.2, 0.8]), 2, 1);
    expect(m.roc_auc).toBe(1);
    expect(m.pr_auc).toBe(1);
    expect(m.log_loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 12);
  });
});
