/**
 * Lift and cumulative gain by bins of customers ranked by score, highest first. Read from a
 * {@link ThresholdCurve} (the sort is already done, in the worker), so any number of bins costs
 * O(bins · log distinct scores) on the page. Customers with equal scores cannot be ranked
 * apart: a bin boundary that falls inside a group of ties takes that group's positives in
 * proportion (the expected count when ties are ordered at random), so the result does not depend
 * on the rows' order.
 */
import { thresholdCurve, type ThresholdCurve } from './threshold';

/** One bin of ranked customers. */
export interface LiftBin {
  /** 1 = the highest scores. */
  bin: number;
  /** Customers in the bin. */
  rows: number;
  /** Positives in the bin (fractional where ties straddle a boundary). */
  positives: number;
  /** positives / rows. */
  rate: number;
  /** rate / base rate: how many times more positives than a random bin of the same size. */
  lift: number;
  /** Customers in this bin and every higher one. */
  cumulativeRows: number;
  /** cumulativeRows / all customers. */
  cumulativeShare: number;
  /** Share of all positives found in this bin and every higher one (the gain). */
  cumulativeGain: number;
  /** Positive rate of this bin and every higher one / base rate. */
  cumulativeLift: number;
}

/** The bins and the base rate they are compared with. */
export interface LiftTable {
  bins: LiftBin[];
  /** positives / customers. */
  baseRate: number;
  rows: number;
  positives: number;
}

/**
 * Lift and gain from scores and labels (sorts once).
 * @param scores higher means more likely positive
 * @param labels 1 positive, 0 negative
 * @param bins number of bins (default 10: deciles)
 */
export function liftTable(scores: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): LiftTable {
  return liftTableOn(thresholdCurve(scores, labels), bins);
}

/**
 * Lift and gain from a threshold curve: bin j (1-based) holds the customers ranked
 * round((j − 1)·n / bins) + 1 … round(j·n / bins).
 * @param bins number of bins (default 10: deciles), 1 … n
 */
export function liftTableOn(curve: ThresholdCurve, bins = 10): LiftTable {
  const n = curve.positives + curve.negatives;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`liftTable: bins must be a whole number ≥ 1, got ${bins}`);
  if (bins > n) throw new Error(`liftTable: ${bins} bins for ${n} customers; use at most ${n}`);
  if (curve.positives === 0) throw new Error('liftTable: the labels have no positive rows, so lift is undefined');
  const baseRate = curve.positives / n;
  const out: LiftBin[] = [];
  let previousRows = 0;
  let previousGain = 0;
  for (let j = 1; j <= bins; j++) {
    const cumulativeRows = Math.round((j * n) / bins);
    const found = positivesInTop(curve, cumulativeRows);
    const rows = cumulativeRows - previousRows;
    const positives = found - previousGain;
    const rate = rows > 0 ? positives / rows : 0;
    out.push({
      bin: j,
      rows,
      positives,
      rate,
      lift: rate / baseRate,
      cumulativeRows,
      cumulativeShare: cumulativeRows / n,
      cumulativeGain: found / curve.positives,
      cumulativeLift: found / cumulativeRows / baseRate,
    });
    previousRows = cumulativeRows;
    previousGain = found;
  }
  return { bins: out, baseRate, rows: n, positives: curve.positives };
}

/** Expected positives among the `k` highest-scored customers (ties shared in proportion). */
export function positivesInTop(curve: ThresholdCurve, k: number): number {
  const { tp, fp } = curve;
  const m = tp.length;
  if (k <= 0) return 0;
  // first group whose cumulative count reaches k
  let lo = 0;
  let hi = m - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tp[mid] + fp[mid] >= k) hi = mid;
    else lo = mid + 1;
  }
  const before = lo > 0 ? tp[lo - 1] + fp[lo - 1] : 0;
  const tpBefore = lo > 0 ? tp[lo - 1] : 0;
  const groupRows = tp[lo] + fp[lo] - before;
  if (groupRows <= 0) return tp[lo];
  return tpBefore + ((Math.min(k, tp[lo] + fp[lo]) - before) * (tp[lo] - tpBefore)) / groupRows;
}
