/**
 * Rows identical on every compared column (ids left out): a dataset with many copies
 * makes shuffled cross-validation test on rows it trained on. The grouping itself is
 * the shared `findDuplicates` (the one cross-validation uses); this picks the columns.
 */
import { findDuplicates } from '../data/duplicates';
import type { Table } from '../core/table';

/** Options of {@link duplicateRows}. */
export interface DuplicateRowsOptions {
  /** Column names not compared, besides those with role or type 'id'. */
  exclude: readonly string[];
}

/** Default duplicate options. */
export const defaultDuplicateRowsOptions: DuplicateRowsOptions = { exclude: [] };

/** Groups of identical rows. */
export interface DuplicateRows {
  /** Group of each row, numbered in order of first appearance. */
  group: Int32Array;
  /** Number of groups (distinct rows). */
  distinct: number;
  /** Rows in the largest group. */
  largest: number;
  /** Names of the columns compared. */
  compared: string[];
}

/** Groups the rows of `table` that are identical on all columns except ids and `exclude`. */
export function duplicateRows(table: Table, options: Partial<DuplicateRowsOptions> = {}): DuplicateRows {
  const { exclude } = { ...defaultDuplicateRowsOptions, ...options };
  const compared = table.columns.filter((c) => c.role !== 'id' && c.type !== 'id' && !exclude.includes(c.name)).map((c) => c.name);
  const d = findDuplicates(table, compared);
  return { group: d.groupOf, distinct: d.distinct, largest: d.largest, compared };
}
