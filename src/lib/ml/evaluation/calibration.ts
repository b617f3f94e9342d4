/**
 * Calibration of predicted probabilities: the reliability curve (bins of equal width on [0, 1],
 * as scikit-learn's `calibration_curve(strategy='uniform')`: bin b holds b/B ≤ p < (b + 1)/B, the
 * last bin includes 1) and the Brier score (mean squared difference between the probability and
 * the 0/1 outcome; 0 is perfect, 0.25 is what always saying 0.5 scores). Read from a
 * {@link ThresholdCurve} (each distinct score with its counts), so O(distinct scores) on the page.
 */
import { thresholdCurve, type ThresholdCurve } from './threshold';

/** One bin of predicted probability. */
export interface ReliabilityBin {
  /** Lower and upper edge of the bin. */
  from: number;
  to: number;
  /** Customers whose predicted probability falls in the bin. */
  count: number;
  /** Their mean predicted probability. */
  meanPredicted: number;
  /** Their observed positive rate. */
  observedRate: number;
}

/** The reliability curve (non-empty bins only) and the Brier score. */
export interface Calibration {
  bins: ReliabilityBin[];
  brier: number;
  /** Number of equal-width bins the curve was drawn with (empty ones left out). */
  binCount: number;
  rows: number;
}

/**
 * Reliability curve and Brier score from probabilities and labels (sorts once).
 * @param probabilities predicted probability of the positive class, each in [0, 1]
 * @param labels 1 positive, 0 negative
 * @param bins equal-width bins on [0, 1] (default 10)
 */
export function calibration(probabilities: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): Calibration {
  return calibrationOn(thresholdCurve(probabilities, labels), bins);
}

/**
 * {@link calibration} on a threshold curve whose thresholds are probabilities.
 * @param bins equal-width bins on [0, 1] (default 10)
 */
export function calibrationOn(curve: ThresholdCurve, bins = 10): Calibration {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`calibration: bins must be a whole number ≥ 1, got ${bins}`);
  const { thresholds, tp, fp } = curve;
  const n = curve.positives + curve.negatives;
  if (n === 0) throw new Error('calibration: no predictions');
  const count = new Float64Array(bins);
  const sum = new Float64Array(bins);
  const positives = new Float64Array(bins);
  let squared = 0;
  for (let i = 0; i < thresholds.length; i++) {
    const p = thresholds[i];
    if (!(p >= 0 && p <= 1)) throw new Error(`calibration: predicted probabilities must be in [0, 1], got ${p}`);
    const pos = tp[i] - (i > 0 ? tp[i - 1] : 0);
    const neg = fp[i] - (i > 0 ? fp[i - 1] : 0);
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b] += pos + neg;
    sum[b] += p * (pos + neg);
    positives[b] += pos;
    squared += pos * (1 - p) ** 2 + neg * p * p;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.push({ from: b / bins, to: (b + 1) / bins, count: count[b], meanPredicted: sum[b] / count[b], observedRate: positives[b] / count[b] });
  }
  return { bins: out, brier: squared / n, binCount: bins, rows: n };
}

/**
 * Brier score: mean of (p − y)², over all rows.
 * @param probabilities predicted probability of the positive class
 * @param labels 1 positive, 0 negative
 */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = probabilities.length;
  if (labels.length !== n) throw new Error(`brierScore: ${n} probabilities but ${labels.length} labels`);
  if (n === 0) throw new Error('brierScore: no predictions');
  let s = 0;
  for (let i = 0; i < n; i++) s += (probabilities[i] - labels[i]) ** 2;
  return s / n;
}
