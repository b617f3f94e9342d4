/** Number of distinct non-missing values of a column. */
import type { Column } from '../core/table';
import { sortedFinite } from './quantile';

/** Distinct non-missing values of `column` (by sorting: no hash set of 100k floats). */
export function countDistinct(column: Column): number {
  if (column.storage === 'category') {
    const seen = new Uint8Array(column.dictionary.length);
    let n = 0;
    for (let i = 0; i < column.codes.length; i++) {
      const c = column.codes[i];
      if (c >= 0 && !seen[c]) {
        seen[c] = 1;
        n++;
      }
    }
    return n;
  }
  const sorted = sortedFinite(column.values);
  let n = sorted.length ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) n++;
  return n;
}
