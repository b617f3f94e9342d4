/** Which columns a model page offers as its target: numbers to predict, and labels to classify as they are. */
import type { Column, Table } from '../core/table';

/** Numeric columns that can be a regression target (not ids, booleans or dates). */
export function regressionTargets(table: Table): string[] {
  return table.columns.filter((c) => c.storage === 'number' && c.type === 'numeric').map((c) => c.name);
}

/** Distinct present values of a column, counting no further than `limit + 1`. */
function distinctUpTo(column: Column, limit: number): number {
  const seen = new Set<number>();
  const values = column.storage === 'number' ? column.values : column.codes;
  for (let i = 0; i < values.length && seen.size <= limit; i++) {
    const v = values[i];
    if (column.storage === 'number' ? !Number.isNaN(v) : v >= 0) seen.add(v);
  }
  return seen.size;
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
