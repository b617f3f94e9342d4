/**
 * The rows of a table split into calendar periods (months or quarters, UTC) by a date column, and
 * the table of one period's rows, so each period can be compared with the first.
 */
import { getColumn, type Column, type Table } from '../core/table';

/** Length of a period. */
export type PeriodLength = 'month' | 'quarter';

/** One period and its rows (in table order). */
export interface Period {
  /** `2024-03` or `2024-Q1`. */
  label: string;
  rows: Int32Array;
}

/** The label of the period holding epoch milliseconds `ms`. */
export function periodLabel(ms: number, length: PeriodLength): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  return length === 'month' ? `${year}-${String(month + 1).padStart(2, '0')}` : `${year}-Q${Math.floor(month / 3) + 1}`;
}

/**
 * Splits the rows by the periods of `dateColumn`, earliest first; rows without a date are left out.
 * @throws when the column is not a date or holds fewer than two periods
 */
export function splitByPeriod(table: Table, dateColumn: string, length: PeriodLength): Period[] {
  const column = getColumn(table, dateColumn);
  if (column.type !== 'date' || column.storage !== 'number') throw new Error(`Column "${dateColumn}" is not a date column`);
  const byLabel = new Map<string, number[]>();
  const starts = new Map<string, number>();
  for (let r = 0; r < table.rowCount; r++) {
    const ms = column.values[r];
    if (Number.isNaN(ms)) continue;
    const label = periodLabel(ms, length);
    let rows = byLabel.get(label);
    if (!rows) {
      byLabel.set(label, (rows = []));
      starts.set(label, ms);
    }
    rows.push(r);
    if (ms < (starts.get(label) ?? ms)) starts.set(label, ms);
  }
  if (byLabel.size < 2) throw new Error(`Column "${dateColumn}" holds ${byLabel.size === 0 ? 'no date' : 'a single ' + length}; drift over time needs at least two`);
  return [...byLabel.keys()].sort((a, b) => (starts.get(a) ?? 0) - (starts.get(b) ?? 0)).map((label) => ({ label, rows: Int32Array.from(byLabel.get(label) ?? []) }));
}

function takeColumn(column: Column, rows: Int32Array): Column {
  if (column.storage === 'number') return { ...column, values: Float64Array.from(rows, (r) => column.values[r]) };
  return { ...column, codes: Int32Array.from(rows, (r) => column.codes[r]) };
}

/** The table of `rows` of `table` (new arrays; dictionaries and labels shared). */
export function tableOfRows(table: Table, rows: Int32Array, name: string): Table {
  return { name, rowCount: rows.length, columns: table.columns.map((c) => takeColumn(c, rows)) };
}
