/**
 * Per-column summaries for the Data page and `cli profile`: missing and
 * distinct counts, range and mean of number columns, the most frequent values
 * of category and boolean columns, and whether the column is constant.
 */
import { cellText, type Column, type ColumnRole, type ColumnType, type Table } from '../core/table';

/** The summary of one column. */
export interface ColumnProfile {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  /** Rows without a value. */
  missing: number;
  /** Distinct non-missing values. */
  unique: number;
  /** Number columns (numeric, date as epoch ms, boolean as 0/1): smallest, mean and largest value. */
  min?: number;
  mean?: number;
  max?: number;
  /** Category and boolean columns: the most frequent values, most frequent first (ties: first seen). */
  top?: { value: string; count: number }[];
  /** At most one distinct value: useless as a feature. */
  isConstant: boolean;
}

/** Values listed in {@link ColumnProfile.top}. */
const topCount = 10;

/** Indices of the `k` largest counts, largest first, ties by lower index. */
function topIndices(counts: Int32Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c === 0 || (best.length === k && c <= counts[best[k - 1]])) continue;
    let at = best.length < k ? best.length : k - 1;
    best[at] = i;
    while (at > 0 && counts[best[at - 1]] < c) {
      best[at] = best[at - 1];
      best[--at] = i;
    }
  }
  return best;
}

function profileCategory(column: Extract<Column, { storage: 'category' }>, rowCount: number): ColumnProfile {
  const counts = new Int32Array(column.dictionary.length);
  let missing = 0;
  for (let i = 0; i < rowCount; i++) {
    const code = column.codes[i];
    if (code < 0) missing++;
    else counts[code]++;
  }
  let unique = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c] > 0) unique++;
  const top = topIndices(counts, topCount).map((c) => ({ value: column.dictionary[c], count: counts[c] }));
  return { name: column.name, type: column.type, role: column.role, missing, unique, top, isConstant: unique <= 1 };
}

function profileNumbers(column: Extract<Column, { storage: 'number' }>, rowCount: number): ColumnProfile {
  const present = new Float64Array(rowCount);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < rowCount; i++) {
    const v = column.values[i];
    if (v === v) {
      present[n++] = v;
      sum += v;
    }
  }
  const sorted = present.subarray(0, n).sort();
  let unique = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) unique++;
  const profile: ColumnProfile = { name: column.name, type: column.type, role: column.role, missing: rowCount - n, unique, isConstant: unique <= 1 };
  if (n > 0) {
    profile.min = sorted[0];
    profile.mean = sum / n;
    profile.max = sorted[n - 1];
  }
  if (column.type === 'boolean') {
    const ones = n - (sorted.indexOf(1) < 0 ? n : sorted.indexOf(1));
    const counts = [
      { value: cellText({ ...column, values: Float64Array.of(1) }, 0), count: ones },
      { value: cellText({ ...column, values: Float64Array.of(0) }, 0), count: n - ones },
    ];
    profile.top = counts.filter((c) => c.count > 0).sort((a, b) => b.count - a.count);
  }
  return profile;
}

/** The summary of a column's first `rowCount` rows. */
export function profileColumn(column: Column, rowCount: number): ColumnProfile {
  return column.storage === 'category' ? profileCategory(column, rowCount) : profileNumbers(column, rowCount);
}

/** The summary of every column of a table, in column order. */
export function profileTable(table: Table): ColumnProfile[] {
  return table.columns.map((column) => profileColumn(column, table.rowCount));
}
