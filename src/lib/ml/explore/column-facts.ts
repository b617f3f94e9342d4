/**
 * What the per-column findings need of a column, in one pass and (for numbers) one sort: present
 * and distinct values, the most frequent value and its count, zeros, negatives, infinities, whole
 * numbers, and the finite values sorted for quartiles and moments.
 */
import type { CategoryColumn } from '../core/table';

/** Facts of a number column. */
export interface NumberFacts {
  /** Non-missing values (infinities included). */
  present: number;
  /** The finite values, ascending. */
  sorted: Float64Array;
  positiveInfinite: number;
  negativeInfinite: number;
  /** Distinct present values. */
  distinct: number;
  /** The most frequent present value (the smallest of a tie) and its count. */
  mode: number;
  modeCount: number;
  zeros: number;
  negatives: number;
  /** Are all finite values whole numbers? */
  allIntegers: boolean;
}

/** The facts of `values` (NaN = missing). */
export function numberFacts(values: Float64Array): NumberFacts {
  let present = 0;
  let positiveInfinite = 0;
  let negativeInfinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    present++;
    if (v === Infinity) positiveInfinite++;
    else if (v === -Infinity) negativeInfinite++;
  }
  const sorted = new Float64Array(present - positiveInfinite - negativeInfinite);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) sorted[k++] = values[i];
  sorted.sort();
  let distinct = (positiveInfinite > 0 ? 1 : 0) + (negativeInfinite > 0 ? 1 : 0);
  let mode = NaN;
  let modeCount = 0;
  let zeros = 0;
  let negatives = negativeInfinite;
  let allIntegers = true;
  for (let i = 0; i < sorted.length; ) {
    const v = sorted[i];
    let j = i + 1;
    while (j < sorted.length && sorted[j] === v) j++;
    distinct++;
    if (j - i > modeCount) {
      modeCount = j - i;
      mode = v;
    }
    if (v === 0) zeros += j - i;
    else if (v < 0) negatives += j - i;
    if (!Number.isInteger(v)) allIntegers = false;
    i = j;
  }
  if (positiveInfinite > modeCount) [mode, modeCount] = [Infinity, positiveInfinite];
  if (negativeInfinite > modeCount) [mode, modeCount] = [-Infinity, negativeInfinite];
  return { present, sorted, positiveInfinite, negativeInfinite, distinct, mode, modeCount, zeros, negatives, allIntegers };
}

/** Facts of a categorical column. */
export interface CategoryFacts {
  present: number;
  /** Levels that occur. */
  distinct: number;
  /** Rows per dictionary code. */
  counts: Int32Array;
  /** The most frequent code (the first of a tie), −1 when empty. */
  mode: number;
  /** The least frequent code that occurs, −1 when empty. */
  rarest: number;
}

/** The facts of a categorical column. */
export function categoryFacts(column: CategoryColumn): CategoryFacts {
  const counts = new Int32Array(column.dictionary.length);
  let present = 0;
  for (let i = 0; i < column.codes.length; i++) {
    const c = column.codes[i];
    if (c < 0) continue;
    counts[c]++;
    present++;
  }
  let distinct = 0;
  let mode = -1;
  let rarest = -1;
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] === 0) continue;
    distinct++;
    if (mode < 0 || counts[c] > counts[mode]) mode = c;
    if (rarest < 0 || counts[c] < counts[rarest]) rarest = c;
  }
  return { present, distinct, counts, mode, rarest };
}
