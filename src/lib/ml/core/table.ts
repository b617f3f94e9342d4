/**
 * The columnar table every part of the app shares: one typed array per column,
 * no per-row objects. Tables cross worker boundaries by transferring buffers.
 */

/** What a column means to the user (editable on the Data page). */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'date' | 'id' | 'text';

/** What a column does in a model (editable on the Data page). */
export type ColumnRole = 'feature' | 'target' | 'id' | 'ignore';

/** All column types, in the order the UI lists them. */
export const columnTypes: readonly ColumnType[] = ['numeric', 'categorical', 'boolean', 'date', 'id', 'text'];

/** All column roles, in the order the UI lists them. */
export const columnRoles: readonly ColumnRole[] = ['feature', 'target', 'id', 'ignore'];

interface ColumnBase {
  name: string;
  type: ColumnType;
  role: ColumnRole;
}

/**
 * Numbers, dates (epoch milliseconds, UTC), booleans (0/1) and numeric ids.
 * NaN marks a missing value.
 */
export interface NumberColumn extends ColumnBase {
  storage: 'number';
  values: Float64Array;
  /** Booleans: the file's own words for 0 and 1 (`['No', 'Yes']`, `['0', '1']`); 'false'/'true' without them. */
  labels?: readonly [string, string];
  /** Numbers the file wrote with this many decimals every time (`1.50`, `57.90`): shown and exported so. */
  decimals?: number;
  /** Dates with a time of day in some row: shown to the minute, or to the second when a row has seconds. */
  time?: 'minutes' | 'seconds';
}

/**
 * Categories, free text and string ids: an index into `dictionary` per row,
 * -1 for a missing value.
 */
export interface CategoryColumn extends ColumnBase {
  storage: 'category';
  codes: Int32Array;
  dictionary: string[];
}

/** One column of a table. */
export type Column = NumberColumn | CategoryColumn;

/** A loaded dataset. */
export interface Table {
  /** File or dataset name, shown to the user. */
  name: string;
  rowCount: number;
  columns: Column[];
  /**
   * The file line (1-based, the header on line 1) each row starts on, kept only when some row is
   * not on line row + 2: a quoted cell over several lines, blank or skipped lines before it.
   */
  rowLines?: Int32Array;
}

/** The file line row `row` of `table` starts on (1-based; the header is line 1 in a regular file). */
export function lineOfRow(table: Table, row: number): number {
  return table.rowLines?.[row] ?? row + 2;
}

/** Each columns array's columns by name (tables are never changed in place: a new table has a new array). */
const columnIndexes = new WeakMap<readonly Column[], Map<string, Column>>();

/** The column called `name`, or an error naming the columns there are. O(1) after the first call on a table. */
export function getColumn(table: Table, name: string): Column {
  let index = columnIndexes.get(table.columns);
  if (!index) {
    index = new Map();
    // The first column of a name wins, as a search from the start would find it.
    for (const c of table.columns) if (!index.has(c.name)) index.set(c.name, c);
    columnIndexes.set(table.columns, index);
  }
  const column = index.get(name);
  if (!column) {
    throw new Error(`Column "${name}" not found; the table has: ${table.columns.map((c) => c.name).join(', ')}`);
  }
  return column;
}

/** Is the value at `row` missing? */
export function isMissing(column: Column, row: number): boolean {
  return column.storage === 'number' ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
}

/** The value at `row` as display text ('' when missing). */
export function cellText(column: Column, row: number): string {
  if (column.storage === 'category') {
    const code = column.codes[row];
    return code < 0 ? '' : column.dictionary[code];
  }
  const v = column.values[row];
  if (Number.isNaN(v)) return '';
  if (column.type === 'date') return dateText(v, column.time);
  if (column.type === 'boolean') return booleanText(column, v);
  return column.decimals ? v.toFixed(column.decimals) : String(v);
}

/** A date as `yyyy-mm-dd`, with `hh:mm` or `hh:mm:ss` (UTC, as read) when the column has times of day. */
export function dateText(ms: number, time?: 'minutes' | 'seconds'): string {
  const iso = new Date(ms).toISOString();
  return time ? `${iso.slice(0, 10)} ${iso.slice(11, time === 'seconds' ? 19 : 16)}` : iso.slice(0, 10);
}

/** A boolean value (0 or 1) in the column's own words: `Yes`/`No` as the file wrote them, else true/false. */
export function booleanText(column: NumberColumn, value: number): string {
  return column.labels?.[value === 1 ? 1 : 0] ?? (value === 1 ? 'true' : 'false');
}

/** The buffers of a table, for `Comlink.transfer(table, transferablesOf(table))`. */
export function transferablesOf(table: Table): ArrayBuffer[] {
  return table.columns.map((c) => (c.storage === 'number' ? c.values.buffer : c.codes.buffer) as ArrayBuffer);
}

/** Codes of `values` into a dictionary in order of first appearance (null: -1). */
export function categoryCodes(values: ArrayLike<string | null>): { codes: Int32Array; dictionary: string[] } {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(v);
      index.set(v, code);
    }
    codes[i] = code;
  }
  return { codes, dictionary };
}

/** Builds a table from plain arrays (tests, small derived tables); strings become categories. */
export function tableFromArrays(
  name: string,
  data: Record<string, ArrayLike<number> | readonly (string | null)[]>,
  types: Partial<Record<string, ColumnType>> = {},
): Table {
  const entries = Object.entries(data);
  const rowCount = entries.length ? entries[0][1].length : 0;
  // Column names are user text: `types.__proto__` would be Object.prototype, not a type.
  const typeOf = (colName: string): ColumnType | undefined => (Object.hasOwn(types, colName) ? types[colName] : undefined);
  const columns: Column[] = entries.map(([colName, values]) => {
    if (values.length !== rowCount) throw new Error(`Column "${colName}" has ${values.length} rows, expected ${rowCount}`);
    const first = Array.from({ length: values.length }, (_, i) => values[i]).find((v) => v !== null);
    if (typeof first === 'string') {
      const { codes, dictionary } = categoryCodes(values as readonly (string | null)[]);
      const type = typeOf(colName) ?? 'categorical';
      return { name: colName, type, role: roleFor(type), storage: 'category', codes, dictionary };
    }
    const type = typeOf(colName) ?? 'numeric';
    return { name: colName, type, role: roleFor(type), storage: 'number', values: Float64Array.from(values as ArrayLike<number>) };
  });
  return { name, rowCount, columns };
}

/** The default role for a type: ids are ids, text is ignored, the rest are features. */
export function roleFor(type: ColumnType): ColumnRole {
  if (type === 'id') return 'id';
  if (type === 'text') return 'ignore';
  return 'feature';
}
