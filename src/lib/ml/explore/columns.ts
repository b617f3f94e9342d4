/** The columns the Explore page plots: numeric (not ids), categorical (few levels) and dates. */
import type { CategoryColumn, NumberColumn, Table } from '../core/table';
import { isIdLike } from '../data/ids';

/** Categorical columns with more levels than this get no bar chart or box grouping. */
export const maxPlottedLevels = 50;

/** Numeric columns worth plotting: numeric type, not an id, not ignored. */
export function numericColumnsOf(table: Table): NumberColumn[] {
  return table.columns.filter((c): c is NumberColumn => c.storage === 'number' && c.type === 'numeric' && c.role !== 'ignore' && !isIdLike(c));
}

/** Categorical columns worth plotting (at most 50 levels). */
export function categoricalColumnsOf(table: Table): CategoryColumn[] {
  return table.columns.filter(
    (c): c is CategoryColumn => c.storage === 'category' && (c.type === 'categorical' || c.type === 'boolean') && c.role !== 'ignore' && c.dictionary.length <= maxPlottedLevels,
  );
}

/** Date columns. */
export function dateColumnsOf(table: Table): NumberColumn[] {
  return table.columns.filter((c): c is NumberColumn => c.storage === 'number' && c.type === 'date' && c.role !== 'ignore');
}
