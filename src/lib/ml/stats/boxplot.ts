/** Box-plot statistics (Tukey): quartiles, whiskers at 1.5 IQR, outliers; overall and by a category. */
import type { CategoryColumn } from '../core/table';
import { quantileSorted, sortedFinite } from './quantile';

/** One box of a box plot. */
export interface BoxStats {
  /** Group label ('' for the overall box). */
  label: string;
  /** Non-missing values. */
  count: number;
  q1: number;
  median: number;
  q3: number;
  /** Smallest value at or above q1 − 1.5·IQR. */
  lowerWhisker: number;
  /** Largest value at or below q3 + 1.5·IQR. */
  upperWhisker: number;
  /** Values outside the whiskers, ascending. */
  outliers: Float64Array;
}

function boxOfSorted(label: string, sorted: Float64Array): BoxStats {
  const q1 = quantileSorted(sorted, 0.25);
  const median = quantileSorted(sorted, 0.5);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const lo = q1 - 1.5 * iqr;
  const hi = q3 + 1.5 * iqr;
  let first = 0;
  while (first < sorted.length && sorted[first] < lo) first++;
  let last = sorted.length - 1;
  while (last >= 0 && sorted[last] > hi) last--;
  const outliers = new Float64Array(first + (sorted.length - 1 - last));
  outliers.set(sorted.subarray(0, first), 0);
  outliers.set(sorted.subarray(last + 1), first);
  return {
    label,
    count: sorted.length,
    q1,
    median,
    q3,
    lowerWhisker: sorted.length ? sorted[first] : NaN,
    upperWhisker: sorted.length ? sorted[last] : NaN,
    outliers,
  };
}

/** The box of all non-missing values. */
export function boxStats(values: Float64Array, label = ''): BoxStats {
  return boxOfSorted(label, sortedFinite(values));
}

/** One box per category of `by` (dictionary order, empty groups left out); rows missing either value are skipped. */
export function boxStatsBy(values: Float64Array, by: CategoryColumn): BoxStats[] {
  if (values.length !== by.codes.length) throw new Error(`Box plot by "${by.name}": ${values.length} values but ${by.codes.length} categories`);
  const k = by.dictionary.length;
  const sizes = new Int32Array(k);
  for (let i = 0; i < values.length; i++) {
    const c = by.codes[i];
    if (c >= 0 && !Number.isNaN(values[i])) sizes[c]++;
  }
  const groups = Array.from(sizes, (s) => new Float64Array(s));
  const fill = new Int32Array(k);
  for (let i = 0; i < values.length; i++) {
    const c = by.codes[i];
    if (c >= 0 && !Number.isNaN(values[i])) groups[c][fill[c]++] = values[i];
  }
  const boxes: BoxStats[] = [];
  for (let c = 0; c < k; c++) if (sizes[c] > 0) boxes.push(boxOfSorted(by.dictionary[c], groups[c].sort()));
  return boxes;
}
