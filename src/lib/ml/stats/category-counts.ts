/** Counts of each category of a categorical column. */
import type { CategoryColumn } from '../core/table';

/** Category labels with their row counts, most frequent first (ties in dictionary order). */
export interface CategoryCounts {
  labels: string[];
  counts: Int32Array;
  missing: number;
  /** Non-missing rows. */
  total: number;
}

/** The count of every category of `column` (categories with no rows included, at the end). */
export function categoryCounts(column: CategoryColumn): CategoryCounts {
  const k = column.dictionary.length;
  const raw = new Int32Array(k);
  let missing = 0;
  for (let i = 0; i < column.codes.length; i++) {
    const c = column.codes[i];
    if (c < 0) missing++;
    else raw[c]++;
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => raw[b] - raw[a] || a - b);
  return {
    labels: order.map((i) => column.dictionary[i]),
    counts: Int32Array.from(order, (i) => raw[i]),
    missing,
    total: column.codes.length - missing,
  };
}
