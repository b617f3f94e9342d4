/**
 * Reading a transaction log's columns row by row: the customer of each row, its time (epoch
 * milliseconds), its value (an amount, or quantity × price) and whether it is a cancellation.
 * Cells that do not read are reported with their line numbers, never silently dropped; a date or
 * amount column that a bad cell made the CSV reader keep as text is read cell by cell here.
 */
import { getColumn, lineOfRow, type Column, type Table } from '../core/table';
import { parseDateCell, type DateOrder } from '../data/csv/date-cell';
import { isMissingCell } from '../data/csv/missing-cell';
import { parseNumberCell } from '../data/csv/number-cell';

/** Which columns of the log hold what. */
export interface LogColumns {
  customer: string;
  date: string;
  /** The value of each row; or give `quantity` and `price`. */
  amount?: string;
  quantity?: string;
  price?: string;
  /** Invoice numbers: a number starting with `C` marks a cancellation, and distinct invoices count orders. */
  invoice?: string;
}

/** Cells of one kind that did not read: how many and the first lines. */
export interface BadCells {
  count: number;
  /** File lines (1 is the header) of the first 20. */
  lines: number[];
}

/** The log read into columns, one entry per row. */
export interface LogRows {
  /** Customer index per row into `customers`, -1 when the row has no customer. */
  customer: Int32Array;
  customers: string[];
  /** Epoch ms per row, NaN when the date is missing or does not read. */
  time: Float64Array;
  /** Value per row, NaN when it does not read. */
  value: Float64Array;
  /** 1 where the invoice number starts with C. */
  cancelled: Uint8Array;
  /** Invoice per row as a number (a code for text invoices), NaN without one. */
  invoice: Float64Array | null;
  badDates: BadCells;
  badAmounts: BadCells;
}

const maxLines = 20;

/** Counts a bad cell of `row`, keeping its file line among the first. */
function note(bad: BadCells, table: Table, row: number): void {
  bad.count++;
  if (bad.lines.length < maxLines) bad.lines.push(lineOfRow(table, row));
}

/** Per-row customer indexes and names; numeric ids are written as plain digits. */
function readCustomers(column: Column, n: number): { customer: Int32Array; customers: string[] } {
  const customer = new Int32Array(n);
  if (column.storage === 'category') {
    const customers = column.dictionary.slice();
    customer.set(column.codes);
    return { customer, customers };
  }
  const index = new Map<number, number>();
  const customers: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = column.values[i];
    if (Number.isNaN(v)) {
      customer[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) {
      k = customers.length;
      index.set(v, k);
      customers.push(Number.isInteger(v) ? v.toFixed(0) : String(v));
    }
    customer[i] = k;
  }
  return { customer, customers };
}

/** The day-month order that reads more of these texts (month first on a tie with '/', as the CSV reader does). */
function dateOrderOf(texts: readonly string[]): DateOrder {
  let mdy = 0;
  let dmy = 0;
  for (const t of texts) {
    if (!Number.isNaN(parseDateCell(t, 'mdy'))) mdy++;
    if (!Number.isNaN(parseDateCell(t, 'dmy'))) dmy++;
  }
  if (mdy !== dmy) return mdy > dmy ? 'mdy' : 'dmy';
  return texts.some((t) => t.includes('/')) ? 'mdy' : 'dmy';
}

/** Each row's value of a column read as dates (ms) or numbers; NaN where a cell does not read. */
function readValues(column: Column, n: number, as: 'date' | 'number'): Float64Array {
  if (column.storage === 'number') {
    if (as === 'date' && column.type !== 'date') throw new Error(`Column "${column.name}" holds numbers, not dates`);
    if (as === 'number' && column.type === 'date') throw new Error(`Column "${column.name}" holds dates, not amounts`);
    return column.values;
  }
  const order = as === 'date' ? dateOrderOf(column.dictionary) : 'dmy';
  const parsed = column.dictionary.map((t) => (isMissingCell(t) ? NaN : as === 'date' ? parseDateCell(t, order) : parseNumberCell(t)));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = column.codes[i] < 0 ? NaN : parsed[column.codes[i]];
  return out;
}

/** Reads the log's columns; throws when a named column is missing or of the wrong kind. */
export function readLogRows(table: Table, columns: LogColumns): LogRows {
  const n = table.rowCount;
  if (!columns.amount && !(columns.quantity && columns.price)) throw new Error('Give an amount column, or a quantity and a price column');
  const { customer, customers } = readCustomers(getColumn(table, columns.customer), n);
  const time = readValues(getColumn(table, columns.date), n, 'date');
  let value: Float64Array;
  if (columns.amount) {
    value = readValues(getColumn(table, columns.amount), n, 'number');
  } else {
    const quantity = readValues(getColumn(table, columns.quantity as string), n, 'number');
    const price = readValues(getColumn(table, columns.price as string), n, 'number');
    value = new Float64Array(n);
    for (let i = 0; i < n; i++) value[i] = quantity[i] * price[i];
  }
  const cancelled = new Uint8Array(n);
  let invoice: Float64Array | null = null;
  if (columns.invoice) {
    const column = getColumn(table, columns.invoice);
    if (column.storage === 'category') {
      const isCancel = column.dictionary.map((t) => /^\s*c/i.test(t));
      invoice = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const code = column.codes[i];
        invoice[i] = code < 0 ? NaN : code;
        if (code >= 0 && isCancel[code]) cancelled[i] = 1;
      }
    } else {
      invoice = column.values;
    }
  }
  const badDates: BadCells = { count: 0, lines: [] };
  const badAmounts: BadCells = { count: 0, lines: [] };
  for (let i = 0; i < n; i++) {
    if (customer[i] < 0) continue;
    if (Number.isNaN(time[i])) note(badDates, table, i);
    if (!Number.isFinite(value[i])) note(badAmounts, table, i);
  }
  return { customer, customers, time, value, cancelled, invoice, badDates, badAmounts };
}
