/** Which columns a model page offers as its target: numbers to predict, and labels to classify as they are. */
import type { Column, Table } from '../core/table';

/** Numeric columns that can be a regression target (not ids, booleans or dates). */
export function regressionTargets(table: Table): string[] {
  return table.columns.filter((c) => c.storage === 'number' && c.type === 'numeric').map((c) => c.name);
}

/** Distinct counts already made, per values array and limit: the pages ask again whenever the table is rebuilt (a type changed, a column added). */
const distinctCounts = new WeakMap<object, Map<number, number>>();

/** Distinct present values of a column, counting no further than `limit + 1`. */
function distinctUpTo(column: Column, limit: number): number {
  const values = column.storage === 'number' ? column.values : column.codes;
  const known = distinctCounts.get(values) ?? new Map<number, number>();
  distinctCounts.set(values, known);
  let count = known.get(limit);
  if (count !== undefined) return count;
  if (column.storage === 'category') {
    // Codes index the dictionary: a flag per code instead of a set.
    const seen = new Uint8Array(column.dictionary.length);
    count = 0;
    for (let i = 0; i < column.codes.length && count <= limit; i++) {
      const code = column.codes[i];
      if (code < 0 || seen[code]) continue;
      seen[code] = 1;
      count++;
    }
  } else {
    const seen = new Set<number>();
    for (let i = 0; i < column.values.length && seen.size <= limit; i++) if (!Number.isNaN(column.values[i])) seen.add(column.values[i]);
    count = seen.size;
  }
  known.set(limit, count);
  return count;
}

/**
 * Columns usable as a class label as they are, whatever type the user gave them: two to 20 classes
 * (a numeric column only with exactly two values, so amounts are not offered). Dates never.
 */
export function labelColumns(table: Table): string[] {
  return table.columns
    .filter((c) => {
      if (c.type === 'date') return false;
      const distinct = distinctUpTo(c, 20);
      return c.type === 'numeric' ? distinct === 2 : distinct >= 2 && distinct <= 20;
    })
    .map((c) => c.name);
}
