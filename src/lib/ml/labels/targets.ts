/** Which columns a model page offers as its target: numbers to predict, and labels to classify as they are. */
import type { Table } from '../core/table';

/** Numeric columns that can be a regression target (not ids, booleans or dates). */
export function regressionTargets(table: Table): string[] {
  return table.columns.filter((c) => c.storage === 'number' && c.type === 'numeric').map((c) => c.name);
}

/** Columns usable as a class label as they are: boolean, categorical with 2..20 values, or numeric with exactly two values. */
export function labelColumns(table: Table): string[] {
  return table.columns
    .filter((c) => {
      if (c.type === 'boolean') return true;
      if (c.storage === 'category' && c.type === 'categorical') return c.dictionary.length >= 2 && c.dictionary.length <= 20;
      if (c.storage === 'number' && c.type === 'numeric') {
        const distinct = new Set<number>();
        for (const v of c.values) if (!Number.isNaN(v) && distinct.add(v).size > 2) return false;
        return distinct.size === 2;
      }
      return false;
    })
    .map((c) => c.name);
}
