/** Classification metrics on class indices 0..k-1, defined as scikit-learn defines them (zero_division = 0). */
import { averagePrecision, rocAuc, rocAucOvr } from './curves';

/** k × k counts: row = true class, column = predicted class, row-major. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): Int32Array {
  if (yTrue.length !== yPred.length) throw new Error(`Length mismatch: ${yTrue.length} labels, ${yPred.length} predictions`);
  const m = new Int32Array(k * k);
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i] * k + yPred[i]]++;
  return m;
}

/** Share of correct predictions. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length === 0) throw new Error('Cannot score 0 predictions');
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

/** Precision, recall and F1 of class c from a confusion matrix (0 where undefined). */
export function classScores(cm: Int32Array, k: number, c: number): { precision: number; recall: number; f1: number; support: number } {
  const tp = cm[c * k + c];
  let predicted = 0;
  let support = 0;
  for (let j = 0; j < k; j++) {
    predicted += cm[j * k + c];
    support += cm[c * k + j];
  }
  const precision = predicted ? tp / predicted : 0;
  const recall = support ? tp / support : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, support };
}

/** Mean recall over the classes present in yTrue. */
export function balancedAccuracy(cm: Int32Array, k: number): number {
  let sum = 0;
  let count = 0;
  for (let c = 0; c < k; c++) {
    const s = classScores(cm, k, c);
    if (s.support > 0) {
      sum += s.recall;
      count++;
    }
  }
  return count ? sum / count : NaN;
}

/** Mean negative log-likelihood of the true class (probabilities clipped to [1e-15, 1 − 1e-15]). */
export function logLoss(yTrue: ArrayLike<number>, proba: Float64Array, k: number): number {
  const n = yTrue.length;
  if (proba.length !== n * k) throw new Error(`Expected ${n}×${k} probabilities, got ${proba.length}`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let c = 0; c < k; c++) total += proba[i * k + c];
    const q = Math.min(Math.max(proba[i * k + yTrue[i]] / (total || 1), 1e-15), 1 - 1e-15);
    s -= Math.log(q);
  }
  return s / n;
}

/**
 * All classification metrics of a fold. Binary (k = 2): precision/recall/F1 of `positive`,
 * ROC-AUC and PR-AUC of its probability. More classes: macro averages over the classes seen
 * in this fold (true or predicted, like sklearn) and one-vs-rest macro ROC-AUC.
 */
export function classificationMetrics(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  proba: Float64Array | undefined,
  k: number,
  positive = 1,
): Record<string, number> {
  const cm = confusionMatrix(yTrue, yPred, k);
  const out: Record<string, number> = { accuracy: accuracy(yTrue, yPred), balanced_accuracy: balancedAccuracy(cm, k) };
  if (k === 2) {
    const s = classScores(cm, k, positive);
    out.precision = s.precision;
    out.recall = s.recall;
    out.f1 = s.f1;
  } else {
    let p = 0;
    let r = 0;
    let f = 0;
    let count = 0;
    for (let c = 0; c < k; c++) {
      let seen = 0;
      for (let j = 0; j < k; j++) seen += cm[c * k + j] + cm[j * k + c];
      if (!seen) continue;
      const s = classScores(cm, k, c);
      p += s.precision;
      r += s.recall;
      f += s.f1;
      count++;
    }
    out.precision = p / count;
    out.recall = r / count;
    out.f1 = f / count;
  }
  if (proba) {
    if (k === 2) {
      const n = yTrue.length;
      const isPositive = new Uint8Array(n);
      const score = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        isPositive[i] = yTrue[i] === positive ? 1 : 0;
        score[i] = proba[i * 2 + positive];
      }
      out.roc_auc = rocAuc(isPositive, score);
      out.pr_auc = averagePrecision(isPositive, score);
    } else {
      out.roc_auc = rocAucOvr(yTrue, proba, k);
    }
    out.log_loss = logLoss(yTrue, proba, k);
  }
  return out;
}
