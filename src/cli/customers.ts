/**
 * `npm run -s cli -- customers LOG --customer COL --date COL (--amount COL | --quantity COL --price COL)
 *   [--invoice COL] [--end DATE] [--unit days|weeks] [--out FILE.csv]`: a transaction log summarised
 * per customer with RFM scores and segments (src/lib/ml/clv/), as one JSON line; `--out` writes the
 * customer table.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { tableCsv } from '../lib/io/table-csv';
import type { Table } from '../lib/ml/core/table';
import { parseDateCell } from '../lib/ml/data/csv/date-cell';
import { customerTable } from '../lib/ml/clv/customer-table';
import type { LogColumns } from '../lib/ml/clv/log-columns';
import { ruleText, rfmSegmentRules, scoreRfm } from '../lib/ml/clv/rfm';
import { summariseLog, type CustomerSummary, type SummaryOptions } from '../lib/ml/clv/summary';
import { requireFlag, stringFlag } from './args';
import { readTable } from './profile';

type Flags = Record<string, string | boolean>;

/** A date flag (`yyyy-mm-dd`, or as the log writes dates) as epoch ms, or undefined when absent. */
export function dateFlag(flags: Flags, name: string): number | undefined {
  const text = stringFlag(flags, name);
  if (text === undefined) return undefined;
  const ms = parseDateCell(text, 'dmy');
  if (Number.isNaN(ms)) throw new Error(`--${name} must be a date such as 1997-09-30, got "${text}"`);
  return ms;
}

/** The log's column flags. */
export function logColumnsOf(flags: Flags): LogColumns {
  const amount = stringFlag(flags, 'amount');
  const quantity = stringFlag(flags, 'quantity');
  const price = stringFlag(flags, 'price');
  if (!amount && !(quantity && price)) throw new Error('give --amount COL, or --quantity COL and --price COL');
  if (amount && (quantity || price)) throw new Error('give either --amount or --quantity and --price, not both');
  return { customer: requireFlag(flags, 'customer'), date: requireFlag(flags, 'date'), amount, quantity, price, invoice: stringFlag(flags, 'invoice') };
}

/** The summary options of the flags (`--end`, `--unit`, `--calibration-end`). */
export function summaryOptionsOf(flags: Flags, defaultUnit: SummaryOptions['unit']): Partial<SummaryOptions> {
  const unit = flags.unit ?? defaultUnit;
  if (unit !== 'days' && unit !== 'weeks') throw new Error(`--unit must be days or weeks, got "${String(unit)}"`);
  return { unit, end: dateFlag(flags, 'end'), calibrationEnd: dateFlag(flags, 'calibration-end') };
}

/** Reads the log named by the first positional argument. */
export async function readLog(positional: string[], usage: string): Promise<{ table: Table; file: string; warnings: string[] }> {
  const [file] = positional;
  if (!file) throw new Error(`usage: ${usage}`);
  if (!existsSync(file)) throw new Error(`File not found: ${file}`);
  const { table, warnings } = await readTable(file);
  return { table, file, warnings };
}

/** The report of a summary in the CLI's keys. */
export function reportJson(summary: CustomerSummary) {
  const r = summary.report;
  return {
    customers: summary.ids.length,
    rows: r.rows,
    rows_used: r.usedRows,
    rows_without_customer: r.rowsWithoutCustomer,
    returns: r.returns,
    rows_after_end: r.rowsAfterEnd,
    bad_dates: r.badDates,
    bad_amounts: r.badAmounts,
    customers_without_purchase: r.customersWithoutPurchase,
    end: new Date(summary.end).toISOString().slice(0, 10),
    unit: summary.unit,
    messages: r.messages,
  };
}

/** Summarises a log per customer and returns the CLI's JSON object. */
export async function runCustomers(positional: string[], flags: Flags): Promise<unknown> {
  const { table, file } = await readLog(positional, 'customers LOG --customer COL --date COL (--amount COL | --quantity COL --price COL) [--invoice COL] [--end DATE] [--out FILE.csv]');
  const columns = logColumnsOf(flags);
  const options = summaryOptionsOf(flags, 'days');
  if (options.calibrationEnd !== undefined) throw new Error('--calibration-end belongs to the clv command');
  const summary = summariseLog(table, columns, options);
  const rfm = scoreRfm(summary.daysSinceLast, summary.orders, summary.totalSpend);
  const customers = customerTable(`${basename(file)} by customer`, columns.customer, summary, rfm);
  const out = stringFlag(flags, 'out');
  if (out) writeFileSync(out, tableCsv(customers) + '\n');
  const counts = new Map<string, number>();
  for (const s of rfm.segment) counts.set(s, (counts.get(s) ?? 0) + 1);
  return {
    ...reportJson(summary),
    columns: customers.columns.map((c) => c.name),
    segments: rfmSegmentRules.map((rule) => ({ name: rule.name, rule: ruleText(rule), customers: counts.get(rule.name) ?? 0 })),
    ...(out ? { out } : {}),
  };
}
