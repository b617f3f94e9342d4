/** ROC and precision–recall curves and their areas, for a binary score (higher = more positive). */

/** Points of a ROC curve, one per distinct score threshold (descending), starting at (0, 0). */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

/** Points of a precision–recall curve, one per distinct threshold (descending). */
export interface PrCurve {
  precision: Float64Array;
  recall: Float64Array;
  thresholds: Float64Array;
}

/** Cumulative true/false positive counts at each distinct score, highest score first. */
function cumulativeCounts(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>) {
  const n = score.length;
  if (isPositive.length !== n) throw new Error(`Length mismatch: ${isPositive.length} labels, ${n} scores`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score[b] - score[a]);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (isPositive[i]) tp++;
    else fp++;
    if (r === n - 1 || score[order[r + 1]] !== score[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(score[i]);
    }
  }
  return { tps, fps, thresholds, positives: tp, negatives: fp };
}

/** The ROC curve (sklearn roc_curve without dropping intermediate points). */
export function rocCurve(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>): RocCurve {
  const c = cumulativeCounts(isPositive, score);
  const m = c.tps.length;
  const fpr = new Float64Array(m + 1);
  const tpr = new Float64Array(m + 1);
  const thresholds = new Float64Array(m + 1);
  thresholds[0] = Infinity;
  for (let i = 0; i < m; i++) {
    fpr[i + 1] = c.negatives ? c.fps[i] / c.negatives : NaN;
    tpr[i + 1] = c.positives ? c.tps[i] / c.positives : NaN;
    thresholds[i + 1] = c.thresholds[i];
  }
  return { fpr, tpr, thresholds };
}

/** Area under the ROC curve (trapezoids, so tied scores count half); NaN when one class is absent. */
export function rocAuc(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(isPositive, score);
  if (Number.isNaN(fpr[1]) || Number.isNaN(tpr[1])) return NaN;
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
  return area;
}

/** The precision–recall curve, highest threshold first. */
export function prCurve(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>): PrCurve {
  const c = cumulativeCounts(isPositive, score);
  const m = c.tps.length;
  const precision = new Float64Array(m);
  const recall = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    precision[i] = c.tps[i] / (c.tps[i] + c.fps[i]);
    recall[i] = c.positives ? c.tps[i] / c.positives : NaN;
  }
  return { precision, recall, thresholds: Float64Array.from(c.thresholds) };
}

/** Average precision Σ (Rₙ − Rₙ₋₁)·Pₙ (sklearn average_precision_score); NaN without positives. */
export function averagePrecision(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>): number {
  const { precision, recall } = prCurve(isPositive, score);
  if (recall.length === 0 || Number.isNaN(recall[0])) return NaN;
  let ap = 0;
  let previous = 0;
  for (let i = 0; i < recall.length; i++) {
    ap += (recall[i] - previous) * precision[i];
    previous = recall[i];
  }
  return ap;
}

/** One-vs-rest macro ROC-AUC of row-major n × k probabilities over the classes present. */
export function rocAucOvr(yTrue: ArrayLike<number>, proba: Float64Array, k: number): number {
  const n = yTrue.length;
  const isPositive = new Uint8Array(n);
  const score = new Float64Array(n);
  let sum = 0;
  let count = 0;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      isPositive[i] = yTrue[i] === c ? 1 : 0;
      score[i] = proba[i * k + c];
    }
    const auc = rocAuc(isPositive, score);
    if (!Number.isNaN(auc)) {
      sum += auc;
      count++;
    }
  }
  return count ? sum / count : NaN;
}
