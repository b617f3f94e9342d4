/**
 * The columns the Explore page plots and compares: numeric (not ids), booleans (0/1, in the
 * file's own words), categorical (few levels) and dates, and a category view of any of them
 * that can group rows (a categorical or a boolean).
 */
import { booleanText, type CategoryColumn, type Column, type NumberColumn, type Table } from '../core/table';
import { isIdLike } from '../data/ids';

/** Categorical columns with more levels than this get no bar chart, box grouping or association. */
export const maxPlottedLevels = 50;

/** Numeric columns worth plotting: numeric type, not an id, not ignored. */
export function numericColumnsOf(table: Table): NumberColumn[] {
  return table.columns.filter((c): c is NumberColumn => c.storage === 'number' && c.type === 'numeric' && c.role !== 'ignore' && !isIdLike(c));
}

/** Boolean columns stored as 0/1 numbers (as the CSV reader makes them), not ignored. */
export function booleanColumnsOf(table: Table): NumberColumn[] {
  return table.columns.filter((c): c is NumberColumn => c.storage === 'number' && c.type === 'boolean' && c.role !== 'ignore');
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

const booleanCodes = new WeakMap<Float64Array, Int32Array>();

/**
 * A boolean number column as categories: code 0 and 1 for its values, named in the file's words
 * (`No`/`Yes`, `0`/`1`; true/false without them), −1 where missing. The codes are made once per values array.
 */
export function booleanAsCategory(column: NumberColumn): CategoryColumn {
  let codes = booleanCodes.get(column.values);
  if (!codes) {
    codes = new Int32Array(column.values.length);
    for (let i = 0; i < codes.length; i++) {
      const v = column.values[i];
      codes[i] = Number.isNaN(v) ? -1 : v === 1 ? 1 : 0;
    }
    booleanCodes.set(column.values, codes);
  }
  return { name: column.name, type: column.type, role: column.role, storage: 'category', codes, dictionary: [booleanText(column, 0), booleanText(column, 1)] };
}

/** The columns rows can be grouped by (box plots, class balance): categoricals of at most 50 levels and booleans, in table order, each as categories. */
export function groupingColumnsOf(table: Table): CategoryColumn[] {
  const out: CategoryColumn[] = [];
  for (const c of table.columns) {
    if (c.role === 'ignore') continue;
    if (c.storage === 'number' && c.type === 'boolean') out.push(booleanAsCategory(c));
    else if (c.storage === 'category' && (c.type === 'categorical' || c.type === 'boolean') && c.dictionary.length <= maxPlottedLevels) out.push(c);
  }
  return out;
}

/** Is `column` compared as numbers (numeric, or a boolean as 0/1) rather than as categories? */
export function isNumberLike(column: Column): column is NumberColumn {
  return column.storage === 'number' && (column.type === 'numeric' || column.type === 'boolean');
}

/**
 * The columns Explore compares with each other and with a target: numeric (not ids), booleans and
 * categoricals of at most 50 levels; not ignored, not ids, in table order.
 */
export function comparableColumnsOf(table: Table): Column[] {
  return table.columns.filter((c) => {
    if (c.role === 'ignore' || c.role === 'id' || c.type === 'id') return false;
    if (c.storage === 'number') return c.type === 'boolean' || (c.type === 'numeric' && !isIdLike(c));
    return (c.type === 'categorical' || c.type === 'boolean') && c.dictionary.length <= maxPlottedLevels;
  });
}
