/**
 * A histogram on a log scale for skewed amounts: equal-width bins of log10(x) over the positive
 * values. A log axis has no place for 0 or a negative number, so those are not binned but counted
 * and reported (never moved, clipped or shifted by log(1 + x), which would misdraw small amounts).
 */
import { histogram, type Histogram } from '../stats/histogram';

/** A histogram of log10 of the positive values, with what it leaves out. */
export interface LogHistogram {
  /** Edges are log10 of the values (edge 2 = 100). */
  histogram: Histogram;
  /** Zeros, not on the axis. */
  zeros: number;
  /** Negative values, not on the axis. */
  negatives: number;
}

/**
 * The log-scale histogram of `values` (NaN = missing, infinities left out like missing values).
 * @param bins bin count; 0 = Freedman–Diaconis on the log values
 */
export function logHistogram(values: Float64Array, bins = 0): LogHistogram {
  let positives = 0;
  let zeros = 0;
  let negatives = 0;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) missing++;
    else if (v > 0) positives++;
    else if (v === 0) zeros++;
    else negatives++;
  }
  const logs = new Float64Array(positives);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v > 0) logs[k++] = Math.log10(v);
  }
  const h = histogram(logs, { bins });
  return { histogram: { ...h, missing }, zeros, negatives };
}
