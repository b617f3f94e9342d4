/**
 * Does a table look like a transaction log, and which columns are what? A customer column that
 * repeats (an id, or named like a customer), a date column (typed as dates, or named like one when
 * a bad cell kept it as text), and an amount, or a quantity and a price; an invoice column when
 * one is named so. Only a suggestion: the page lets the user change every choice.
 */
import type { Column, Table } from '../core/table';
import type { LogColumns } from './log-columns';

const customerName = /cust|client|member|account|buyer|user|shopper/i;
const dateName = /date|time|day|when|timestamp/i;
const amountName = /amount|total|revenue|sales|spend|value|sum|net|gross|paid/i;
const quantityName = /^(qty|quantity|units?|count|items?)$|quantity|qty/i;
const priceName = /price|unit.?cost|cost/i;
const invoiceName = /invoice|order|transaction|receipt|basket|ticket/i;

function distinctCount(column: Column, rowCount: number): number {
  if (column.storage === 'category') return column.dictionary.length;
  const seen = new Set<number>();
  for (let i = 0; i < rowCount; i++) if (!Number.isNaN(column.values[i])) seen.add(column.values[i]);
  return seen.size;
}

/** Numbers, or text named like an amount (a bad cell keeps a column of amounts as text; each cell is read again). */
const mayHoldAmounts = (c: Column) => (c.storage === 'number' && c.type === 'numeric') || (c.storage === 'category' && (amountName.test(c.name) || quantityName.test(c.name) || priceName.test(c.name)));

/** The log columns suggested for `table`, or null when it does not look like a transaction log. */
export function detectLogColumns(table: Table): LogColumns | null {
  const n = table.rowCount;
  if (n < 2) return null;
  const repeats = (c: Column) => distinctCount(c, n) < n;
  const customer =
    table.columns.find((c) => customerName.test(c.name) && (c.type === 'id' || c.type === 'categorical' || c.type === 'numeric') && repeats(c)) ??
    table.columns.find((c) => c.type === 'id' && !invoiceName.test(c.name) && repeats(c));
  const date = table.columns.find((c) => c.type === 'date') ?? table.columns.find((c) => dateName.test(c.name) && c.storage === 'category');
  if (!customer || !date) return null;
  const invoice = table.columns.find((c) => c !== customer && invoiceName.test(c.name));
  const numbers = table.columns.filter((c) => c !== customer && c !== invoice && c !== date && mayHoldAmounts(c));
  const quantity = numbers.find((c) => quantityName.test(c.name));
  const price = numbers.find((c) => c !== quantity && priceName.test(c.name));
  const amount = numbers.find((c) => c !== quantity && c !== price && amountName.test(c.name));
  const columns: LogColumns = { customer: customer.name, date: date.name, invoice: invoice?.name };
  if (amount) return { ...columns, amount: amount.name };
  if (quantity && price) return { ...columns, quantity: quantity.name, price: price.name };
  return null;
}
