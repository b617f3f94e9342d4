/**
 * The profile of a model's input columns on its training rows, stored with the model so a later
 * file can be checked for drift: counts and missing share of every column; range, mean, std and
 * quantiles of numbers and dates; level frequencies of categories and booleans.
 * Plain data (arrays of numbers, no typed arrays): it is saved as JSON inside the model artifact.
 */
import { cellText, getColumn, type Column, type ColumnType, type Table } from '../core/table';
import { quantileSorted } from '../stats/quantile';

/** Probabilities of the stored quantiles: min, 1 %, 5 %, quartiles, 95 %, 99 %, max. */
export const profileQuantiles: readonly number[] = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];

/** Probabilities of the percentiles kept for drift checks against the training data: 0, 0.01, …, 1. */
export const profilePercentiles: readonly number[] = Array.from({ length: 101 }, (_, i) => i / 100);

/** Levels whose count is kept one by one; the rest are summed in `otherCount`. */
export const profileTopLevels = 50;

interface ColumnProfileBase {
  name: string;
  type: ColumnType;
  storage: Column['storage'];
  /** Rows with a value. */
  count: number;
  /** Share of the profiled rows without a value (0 when no rows were profiled). */
  missingShare: number;
}

/** Numeric and date columns (dates in epoch milliseconds); the statistics are null when no row has a value. */
export interface NumericColumnProfile extends ColumnProfileBase {
  kind: 'numeric';
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Population standard deviation (divides by count). */
  std: number | null;
  /** Quantiles at {@link profileQuantiles} (numpy's "linear" definition). */
  quantiles: number[] | null;
  /** Quantiles at {@link profilePercentiles}, for drift against the training data (absent in models saved before them). */
  percentiles?: number[] | null;
}

/** Categorical and boolean columns. */
export interface CategoryColumnProfile extends ColumnProfileBase {
  kind: 'categorical';
  /** The most frequent levels (at most {@link profileTopLevels}), most frequent first, ties by level text. */
  levels: { value: string; count: number }[];
  /** Rows with a level not listed in `levels`. */
  otherCount: number;
  /** Distinct levels among the rows. */
  distinct: number;
}

/** The profile of one input column. */
export type TrainingColumnProfile = NumericColumnProfile | CategoryColumnProfile;

/** The profile of the training rows. */
export interface TrainingProfile {
  /** Rows profiled. */
  rows: number;
  columns: TrainingColumnProfile[];
}

/**
 * Profiles `columns` of `table` over `rows`.
 * @param table the data
 * @param columns names of the columns to profile, in order
 * @param rows table rows to profile (e.g. the training rows)
 */
export function trainingProfile(table: Table, columns: readonly string[], rows: ArrayLike<number>): TrainingProfile {
  return { rows: rows.length, columns: columns.map((name) => profileColumn(getColumn(table, name), rows)) };
}

function isCategoryLike(column: Column): boolean {
  return column.storage === 'category' || column.type === 'categorical' || column.type === 'boolean';
}

function profileColumn(column: Column, rows: ArrayLike<number>): TrainingColumnProfile {
  return isCategoryLike(column) ? profileCategories(column, rows) : profileNumbers(column as Extract<Column, { storage: 'number' }>, rows);
}

function profileNumbers(column: Extract<Column, { storage: 'number' }>, rows: ArrayLike<number>): NumericColumnProfile {
  const present = new Float64Array(rows.length);
  let n = 0;
  for (let r = 0; r < rows.length; r++) {
    const v = column.values[rows[r]];
    if (!Number.isNaN(v)) present[n++] = v;
  }
  const base = { name: column.name, type: column.type, storage: column.storage, count: n, missingShare: missingShare(rows.length, n) };
  if (n === 0) return { ...base, kind: 'numeric', min: null, max: null, mean: null, std: null, quantiles: null, percentiles: null };
  const sorted = present.subarray(0, n).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  return {
    ...base,
    kind: 'numeric',
    min: sorted[0],
    max: sorted[n - 1],
    mean,
    std: Math.sqrt(ss / n),
    quantiles: profileQuantiles.map((p) => quantileSorted(sorted, p)),
    percentiles: profilePercentiles.map((p) => quantileSorted(sorted, p)),
  };
}

function profileCategories(column: Column, rows: ArrayLike<number>): CategoryColumnProfile {
  // Count by code for category storage, by cell text for numbers stored as categories or booleans.
  const counts = new Map<string, number>();
  let n = 0;
  if (column.storage === 'category') {
    const byCode = new Float64Array(column.dictionary.length);
    for (let r = 0; r < rows.length; r++) {
      const code = column.codes[rows[r]];
      if (code >= 0) {
        byCode[code]++;
        n++;
      }
    }
    // Equal labels under two codes (possible after merges) add up.
    column.dictionary.forEach((level, code) => {
      if (byCode[code] > 0) counts.set(level, (counts.get(level) ?? 0) + byCode[code]);
    });
  } else {
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (Number.isNaN(column.values[row])) continue;
      const level = cellText(column, row);
      counts.set(level, (counts.get(level) ?? 0) + 1);
      n++;
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const levels = ranked.slice(0, profileTopLevels).map(([value, count]) => ({ value, count }));
  const otherCount = ranked.slice(profileTopLevels).reduce((s, [, c]) => s + c, 0);
  return {
    name: column.name,
    type: column.type,
    storage: column.storage,
    count: n,
    missingShare: missingShare(rows.length, n),
    kind: 'categorical',
    levels,
    otherCount,
    distinct: ranked.length,
  };
}

function missingShare(rows: number, present: number): number {
  return rows ? (rows - present) / rows : 0;
}
