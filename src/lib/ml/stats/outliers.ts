/** Outliers by Tukey's IQR rule: values below q1 − k·IQR or above q3 + k·IQR. */
import { quantileSorted, sortedFinite } from './quantile';

/** Options of {@link iqrOutliers}. */
export interface IqrOptions {
  /** Fence multiplier k; 1.5 is Tukey's "outlier", 3 his "far out". */
  k: number;
}

/** Default IQR options. */
export const defaultIqrOptions: IqrOptions = { k: 1.5 };

/** The fences and the rows outside them. */
export interface IqrOutliers {
  q1: number;
  q3: number;
  lowerFence: number;
  upperFence: number;
  /** Row indices of the outliers, ascending. */
  rows: Int32Array;
  /** Non-missing values considered. */
  count: number;
}

/** The fences (numpy-linear quartiles) and the outlying rows of `values`; missing values are never outliers. */
export function iqrOutliers(values: Float64Array, options: Partial<IqrOptions> = {}): IqrOutliers {
  const { k } = { ...defaultIqrOptions, ...options };
  const sorted = sortedFinite(values);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const lowerFence = q1 - k * iqr;
  const upperFence = q3 + k * iqr;
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] < lowerFence || values[i] > upperFence) m++;
  const rows = new Int32Array(m);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (values[i] < lowerFence || values[i] > upperFence) rows[j++] = i;
  return { q1, q3, lowerFence, upperFence, rows, count: sorted.length };
}
