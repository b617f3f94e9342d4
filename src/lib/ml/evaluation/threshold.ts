/**
 * Decision thresholds for a binary classifier: the confusion counts at every distinct score after one
 * sort (O(n log n)), then any threshold's metrics by binary search (O(log n)) for a live slider.
 * A row is predicted positive when its score >= threshold (scikit-learn's convention).
 */

/** Cumulative confusion counts at each distinct score, highest score first. */
export interface ThresholdCurve {
  /** Distinct scores, descending. */
  thresholds: Float64Array;
  /** True positives with score >= thresholds[i]. */
  tp: Float64Array;
  /** False positives with score >= thresholds[i]. */
  fp: Float64Array;
  positives: number;
  negatives: number;
}

/** Confusion counts and metrics at one threshold. */
export interface ThresholdMetrics {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** tp / (tp + fp); 0 when nothing is predicted positive (scikit-learn's zero_division=0). */
  precision: number;
  /** tp / (tp + fn); 0 when there are no positives. */
  recall: number;
  /** 2·tp / (2·tp + fp + fn); 0 when that is 0/0. */
  f1: number;
  accuracy: number;
}

/**
 * Sorts once and accumulates the confusion counts at every distinct score.
 * @param scores higher means more likely positive (probability or decision value); no NaN
 * @param labels 1 for positive, 0 for negative
 */
export function thresholdCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): ThresholdCurve {
  const n = scores.length;
  if (labels.length !== n) throw new Error(`thresholdCurve: ${n} scores but ${labels.length} labels`);
  if (n === 0) throw new Error('thresholdCurve: no scores');
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`thresholdCurve: score ${i} is NaN`);
    const label = labels[i];
    if (label !== 0 && label !== 1) throw new Error(`thresholdCurve: labels must be 0 or 1, row ${i} is ${label}`);
    positives += label;
  }
  // positives' and negatives' scores sorted apart with the native numeric sort (no comparator
  // callback: several times faster than sorting an index array), then merged from the top
  const pos = new Float64Array(positives);
  const neg = new Float64Array(n - positives);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (labels[i] === 1) pos[p++] = scores[i];
    else neg[q++] = scores[i];
  }
  pos.sort();
  neg.sort();
  const thresholds = new Float64Array(n);
  const tp = new Float64Array(n);
  const fp = new Float64Array(n);
  let m = 0;
  let p = pos.length - 1;
  let q = neg.length - 1;
  while (p >= 0 || q >= 0) {
    const t = p < 0 ? neg[q] : q < 0 ? pos[p] : Math.max(pos[p], neg[q]);
    while (p >= 0 && pos[p] === t) p--;
    while (q >= 0 && neg[q] === t) q--;
    thresholds[m] = t;
    tp[m] = pos.length - 1 - p;
    fp[m] = neg.length - 1 - q;
    m++;
  }
  return { thresholds: thresholds.slice(0, m), tp: tp.slice(0, m), fp: fp.slice(0, m), positives, negatives: n - positives };
}

/** Metrics at any threshold in O(log n): rows with score >= threshold are predicted positive. */
export function confusionAt(curve: ThresholdCurve, threshold: number): ThresholdMetrics {
  const { thresholds } = curve;
  // count of distinct scores >= threshold in the descending array
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (thresholds[mid] >= threshold) lo = mid + 1;
    else hi = mid;
  }
  const tp = lo > 0 ? curve.tp[lo - 1] : 0;
  const fp = lo > 0 ? curve.fp[lo - 1] : 0;
  return metricsOf(threshold, tp, fp, curve.positives, curve.negatives);
}

/** The metrics at every distinct score of the curve, highest threshold first. */
export function curveMetrics(curve: ThresholdCurve): ThresholdMetrics[] {
  return Array.from(curve.thresholds, (t, i) => metricsOf(t, curve.tp[i], curve.fp[i], curve.positives, curve.negatives));
}

/** Options of {@link bestThreshold}. */
export interface BestThresholdOptions {
  /** Only thresholds with at least this precision qualify (default 0: any). */
  minPrecision: number;
}

/** Defaults of {@link BestThresholdOptions}. */
export const defaultBestThresholdOptions: BestThresholdOptions = { minPrecision: 0 };

/** The chosen threshold and its metrics, or null and why none qualifies. */
export type BestThreshold = { threshold: number; metrics: ThresholdMetrics } | { threshold: null; reason: string };

/**
 * The threshold with the highest F1 among those with precision >= minPrecision (ties: the higher
 * threshold). Candidates are the distinct scores.
 * @param scores higher means more likely positive
 * @param labels 1 for positive, 0 for negative
 * @param options minPrecision (default 0)
 */
export function bestThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, options: Partial<BestThresholdOptions> = {}): BestThreshold {
  checkBestThresholdOptions(options);
  return bestThresholdOn(thresholdCurve(scores, labels), options);
}

/**
 * {@link bestThreshold} on a curve already made (O(distinct scores), no sort: the page picks on the
 * curve a worker made).
 * @param options minPrecision (default 0)
 */
export function bestThresholdOn(curve: ThresholdCurve, options: Partial<BestThresholdOptions> = {}): BestThreshold {
  const { minPrecision } = checkBestThresholdOptions(options);
  if (curve.positives === 0) return { threshold: null, reason: 'the labels have no positive rows, so precision and recall are undefined' };
  let best: ThresholdMetrics | null = null;
  let bestPrecision = 0;
  let bestPrecisionAt = curve.thresholds[0];
  for (const metrics of curveMetrics(curve)) {
    if (metrics.precision > bestPrecision) {
      bestPrecision = metrics.precision;
      bestPrecisionAt = metrics.threshold;
    }
    if (metrics.precision >= minPrecision && (best === null || metrics.f1 > best.f1)) best = metrics;
  }
  if (best === null) {
    return {
      threshold: null,
      reason: `no threshold reaches precision ${minPrecision}; the highest precision is ${bestPrecision.toFixed(3)} (at threshold ${bestPrecisionAt})`,
    };
  }
  return { threshold: best.threshold, metrics: best };
}

function checkBestThresholdOptions(options: Partial<BestThresholdOptions>): BestThresholdOptions {
  const merged = { ...defaultBestThresholdOptions, ...options };
  if (!(merged.minPrecision >= 0 && merged.minPrecision <= 1)) throw new Error(`bestThreshold: minPrecision must be in [0, 1], got ${merged.minPrecision}`);
  return merged;
}

function metricsOf(threshold: number, tp: number, fp: number, positives: number, negatives: number): ThresholdMetrics {
  const fn = positives - tp;
  const tn = negatives - fp;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = positives > 0 ? tp / positives : 0;
  const f1Denominator = 2 * tp + fp + fn;
  const f1 = f1Denominator > 0 ? (2 * tp) / f1Denominator : 0;
  return { threshold, tp, fp, tn, fn, precision, recall, f1, accuracy: (tp + tn) / (positives + negatives) };
}
