/**
 * A classifier's performance estimated without labels from its calibrated probabilities
 * (confidence-based performance estimation, CBPE, as NannyML): a row with positive probability p
 * counts p as a positive and 1 − p as a negative, so at threshold t the expected confusion matrix is
 * TP = Σ_{p≥t} p, FP = Σ_{p≥t} (1 − p), FN = Σ_{p<t} p, TN = Σ_{p<t} (1 − p). The expected ROC curve
 * puts the same weights on each row (the trapezoid under it). The estimate is as good as the
 * calibration: it tracks covariate shift, not a changed relation between features and target.
 */
import { rocAuc } from '../evaluation/metrics/curves';

/** An expected (or counted) binary confusion matrix. */
export interface BinaryConfusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Binary metrics of a confusion matrix and scores. */
export interface BinaryPerformance {
  confusion: BinaryConfusion;
  precision: number;
  recall: number;
  accuracy: number;
  rocAuc: number;
  rows: number;
}

/** The expected confusion matrix at `threshold` (positive when p ≥ threshold). */
export function expectedConfusion(probability: ArrayLike<number>, threshold: number): BinaryConfusion {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i];
    if (Number.isNaN(p)) continue;
    if (p >= threshold) {
      c.tp += p;
      c.fp += 1 - p;
    } else {
      c.fn += p;
      c.tn += 1 - p;
    }
  }
  return c;
}

/**
 * The expected ROC AUC: the area under the curve of (Σ_{s≥t}(1 − p) / Σ(1 − p), Σ_{s≥t} p / Σ p)
 * over thresholds t, ties joined by a straight line. NaN when every p is 0 or every p is 1.
 */
export function expectedRocAuc(probability: ArrayLike<number>): number {
  const p = Array.from(probability).filter((v) => !Number.isNaN(v)).sort((a, b) => b - a);
  let positives = 0;
  let negatives = 0;
  for (const v of p) {
    positives += v;
    negatives += 1 - v;
  }
  if (!(positives > 0) || !(negatives > 0)) return NaN;
  let area = 0;
  let tp = 0;
  for (let i = 0; i < p.length; ) {
    let j = i;
    let dtp = 0;
    let dfp = 0;
    while (j < p.length && p[j] === p[i]) {
      dtp += p[j];
      dfp += 1 - p[j];
      j++;
    }
    area += (dfp / negatives) * ((tp + tp + dtp) / 2 / positives);
    tp += dtp;
    i = j;
  }
  return area;
}

function metricsOf(confusion: BinaryConfusion, auc: number, rows: number): BinaryPerformance {
  const { tp, fp, fn, tn } = confusion;
  return { confusion, precision: tp + fp > 0 ? tp / (tp + fp) : NaN, recall: tp + fn > 0 ? tp / (tp + fn) : NaN, accuracy: rows > 0 ? (tp + tn) / rows : NaN, rocAuc: auc, rows };
}

/**
 * Estimated precision, recall, accuracy and ROC AUC of a binary classifier without labels.
 * @param probability positive-class probability per row (NaN rows left out)
 * @param threshold positive when p ≥ threshold (the model's, e.g. 0.5)
 */
export function estimatePerformance(probability: ArrayLike<number>, threshold: number): BinaryPerformance {
  let rows = 0;
  for (let i = 0; i < probability.length; i++) if (!Number.isNaN(probability[i])) rows++;
  return metricsOf(expectedConfusion(probability, threshold), expectedRocAuc(probability), rows);
}

/**
 * The same metrics counted on labels (the real performance of a period that has its target).
 * @param isPositive 1 for a positive row, 0 for a negative, NaN for a row without a label (left out)
 */
export function realPerformance(probability: ArrayLike<number>, isPositive: ArrayLike<number>, threshold: number): BinaryPerformance {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < probability.length; i++) {
    const y = isPositive[i];
    const p = probability[i];
    if (Number.isNaN(y) || Number.isNaN(p)) continue;
    labels.push(y);
    scores.push(p);
    if (p >= threshold) y === 1 ? c.tp++ : c.fp++;
    else y === 1 ? c.fn++ : c.tn++;
  }
  const hasBoth = labels.includes(0) && labels.includes(1);
  return metricsOf(c, hasBoth ? rocAuc(labels, scores) : NaN, labels.length);
}
