/**
 * A transaction log summarised per customer, with the definitions of BG/NBD (Fader, Hardie & Lee
 * 2005) and of the `lifetimes` library's summary_data_from_transaction_data:
 * - a purchase period is a calendar day (UTC) with at least one purchase row;
 * - frequency x = purchase days − 1 (repeat purchases); recency t_x = last − first purchase day;
 *   T = end − first purchase day; t_x and T in the chosen unit (days, or weeks = days / 7);
 * - monetary value = mean value of the repeat purchase days (0 when x = 0), the Gamma-Gamma input.
 * Returns and cancellations (a negative value, or an invoice starting with C) are not purchases:
 * they are counted per customer and their value is netted out of `totalSpend`. Rows without a
 * customer, after the end date or with a date or amount that does not read are left out and
 * counted in the report (the last two with line numbers).
 */
import type { Table } from '../core/table';
import { readLogRows, type BadCells, type LogColumns } from './log-columns';

/** Options of {@link summariseLog}. */
export interface SummaryOptions {
  /** End of observation (epoch ms; its whole day counts). Default: the last date in the log. */
  end?: number;
  /** Unit of recency and T. Default 'days'. */
  unit: 'days' | 'weeks';
  /** End of the calibration period (epoch ms): the summary stops there and the rest is the holdout. */
  calibrationEnd?: number;
}

/** Defaults of {@link SummaryOptions}. */
export const defaultSummaryOptions: SummaryOptions = { unit: 'days' };

/** What happened to the rows of the log. */
export interface LogReport {
  rows: number;
  /** Rows that made a purchase or a return of a customer in the table. */
  usedRows: number;
  rowsWithoutCustomer: number;
  /** Return and cancellation rows (of customers in the table or not). */
  returns: number;
  rowsAfterEnd: number;
  badDates: BadCells;
  badAmounts: BadCells;
  /** Customers with returns only (no purchase), left out. */
  customersWithoutPurchase: number;
  /** Customers whose first purchase is after the calibration end (holdout only), left out. */
  customersAfterCalibration: number;
  /** The report in sentences, for the page and the CLI. */
  messages: string[];
}

/** Per-customer summary, one entry per customer, as columns. */
export interface CustomerSummary {
  ids: string[];
  unit: 'days' | 'weeks';
  /** End of observation (of the calibration period when there is one), epoch ms at 00:00 UTC. */
  end: number;
  /** End of the holdout period when there is a calibration split. */
  holdoutEnd: number | null;
  firstPurchase: Float64Array;
  lastPurchase: Float64Array;
  /** Repeat purchase days x. */
  frequency: Float64Array;
  /** t_x, in `unit`. */
  recency: Float64Array;
  /** T, in `unit`. */
  age: Float64Array;
  /** Distinct orders (invoices; distinct timestamps without an invoice column). */
  orders: Float64Array;
  /** Mean value of the repeat purchase days (0 when x = 0). */
  monetary: Float64Array;
  /** Value of all purchases minus returns. */
  totalSpend: Float64Array;
  /** Value of all purchases divided by orders. */
  averageBasket: Float64Array;
  /** Days from the first to the last purchase day over the gaps between them (NaN with one purchase day). */
  daysBetweenOrders: Float64Array;
  tenureDays: Float64Array;
  daysSinceLast: Float64Array;
  returns: Float64Array;
  /** Purchase days in the holdout period (only with a calibration split). */
  holdoutFrequency: Float64Array | null;
  report: LogReport;
}

const dayMs = 86_400_000;

/**
 * Summarises a transaction log per customer.
 * @param columns which columns hold the customer, date, amount (or quantity and price) and invoice
 * @param options end (default last date), unit (default days), calibrationEnd (default none)
 */
export function summariseLog(table: Table, columns: LogColumns, options: Partial<SummaryOptions> = {}): CustomerSummary {
  const o = { ...defaultSummaryOptions, ...options };
  const rows = readLogRows(table, columns);
  const n = table.rowCount;
  const unitDays = o.unit === 'weeks' ? 7 : 1;
  let lastTime = -Infinity;
  for (let i = 0; i < n; i++) if (rows.customer[i] >= 0 && rows.time[i] > lastTime) lastTime = rows.time[i];
  if (lastTime === -Infinity) throw new Error('The log has no row with both a customer and a date');
  const endDay = Math.floor((o.end ?? lastTime) / dayMs);
  const calibrationDay = o.calibrationEnd === undefined ? endDay : Math.floor(o.calibrationEnd / dayMs);
  if (calibrationDay > endDay) throw new Error('The calibration end is after the end of observation');

  // Counting sort of the usable rows by customer.
  const nc = rows.customers.length;
  const counts = new Int32Array(nc + 1);
  let rowsWithoutCustomer = 0;
  let rowsAfterEnd = 0;
  let returns = 0;
  const usable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = rows.customer[i];
    if (c < 0) {
      rowsWithoutCustomer++;
      continue;
    }
    if (Number.isNaN(rows.time[i]) || !Number.isFinite(rows.value[i])) continue;
    if (Math.floor(rows.time[i] / dayMs) > endDay) {
      rowsAfterEnd++;
      continue;
    }
    if (rows.cancelled[i] || rows.value[i] < 0) returns++;
    usable[i] = 1;
    counts[c + 1]++;
  }
  for (let c = 0; c < nc; c++) counts[c + 1] += counts[c];
  const order = new Int32Array(counts[nc]);
  const fill = counts.slice(0, nc);
  for (let i = 0; i < n; i++) if (usable[i]) order[fill[rows.customer[i]]++] = i;

  const out = {
    ids: [] as string[],
    first: [] as number[],
    last: [] as number[],
    frequency: [] as number[],
    orders: [] as number[],
    monetary: [] as number[],
    total: [] as number[],
    basket: [] as number[],
    returns: [] as number[],
    holdout: [] as number[],
  };
  let customersWithoutPurchase = 0;
  let customersAfterCalibration = 0;
  let usedRows = 0;
  let longest = 0;
  for (let c = 0; c < nc; c++) longest = Math.max(longest, counts[c + 1] - counts[c]);
  const keys = new Float64Array(longest);
  for (let c = 0; c < nc; c++) {
    const start = counts[c];
    const stop = counts[c + 1];
    if (start === stop) continue;
    // Most customers have a few rows: insertion sort by time in place, no allocation (stable).
    for (let a = start + 1; a < stop; a++) {
      const row = order[a];
      const t = rows.time[row];
      let b = a - 1;
      while (b >= start && rows.time[order[b]] > t) {
        order[b + 1] = order[b];
        b--;
      }
      order[b + 1] = row;
    }
    let firstDay = NaN;
    let lastDay = NaN;
    let days = 0;
    let repeatValue = 0;
    let dayValue = 0;
    let currentDay = NaN;
    let gross = 0;
    let returned = 0;
    let returnRows = 0;
    let holdoutDays = 0;
    let lastHoldoutDay = NaN;
    let orderCount = 0;
    for (let at = start; at < stop; at++) {
      const i = order[at];
      const day = Math.floor(rows.time[i] / dayMs);
      const v = rows.value[i];
      const isReturn = rows.cancelled[i] === 1 || v < 0;
      if (day > calibrationDay) {
        if (!isReturn && day !== lastHoldoutDay) {
          holdoutDays++;
          lastHoldoutDay = day;
        }
        continue;
      }
      if (isReturn) {
        returnRows++;
        returned += Math.abs(v);
        continue;
      }
      gross += v;
      keys[orderCount++] = rows.invoice ? rows.invoice[i] : rows.time[i];
      if (day !== currentDay) {
        if (days > 1) repeatValue += dayValue;
        if (days === 0) firstDay = day;
        days++;
        currentDay = day;
        dayValue = 0;
      }
      dayValue += v;
      lastDay = day;
    }
    if (days === 0) {
      if (returnRows > 0) customersWithoutPurchase++;
      else customersAfterCalibration++;
      continue;
    }
    if (days > 1) repeatValue += dayValue;
    usedRows += stop - start;
    const distinctOrders = distinctCount(keys, orderCount);
    out.ids.push(rows.customers[c]);
    out.first.push(firstDay);
    out.last.push(lastDay);
    out.frequency.push(days - 1);
    out.orders.push(distinctOrders);
    out.monetary.push(days > 1 ? repeatValue / (days - 1) : 0);
    out.total.push(gross - returned);
    out.basket.push(gross / distinctOrders);
    out.returns.push(returnRows);
    out.holdout.push(holdoutDays);
  }
  const m = out.ids.length;
  const first = Float64Array.from(out.first);
  const last = Float64Array.from(out.last);
  const frequency = Float64Array.from(out.frequency);
  const report: LogReport = {
    rows: n,
    usedRows,
    rowsWithoutCustomer,
    returns,
    rowsAfterEnd,
    badDates: rows.badDates,
    badAmounts: rows.badAmounts,
    customersWithoutPurchase,
    customersAfterCalibration,
    messages: [],
  };
  report.messages = reportMessages(report);
  return {
    ids: out.ids,
    unit: o.unit,
    end: calibrationDay * dayMs,
    holdoutEnd: o.calibrationEnd === undefined ? null : endDay * dayMs,
    firstPurchase: first.map((d) => d * dayMs),
    lastPurchase: last.map((d) => d * dayMs),
    frequency,
    recency: last.map((d, i) => (d - first[i]) / unitDays),
    age: first.map((d) => (calibrationDay - d) / unitDays),
    orders: Float64Array.from(out.orders),
    monetary: Float64Array.from(out.monetary),
    totalSpend: Float64Array.from(out.total),
    averageBasket: Float64Array.from(out.basket),
    daysBetweenOrders: Float64Array.from({ length: m }, (_, i) => (frequency[i] > 0 ? (last[i] - first[i]) / frequency[i] : NaN)),
    tenureDays: first.map((d) => calibrationDay - d),
    daysSinceLast: last.map((d) => calibrationDay - d),
    returns: Float64Array.from(out.returns),
    holdoutFrequency: o.calibrationEnd === undefined ? null : Float64Array.from(out.holdout),
    report,
  };
}

/** Distinct values among the first `count` of `keys` (sorted in place; insertion sort for the few orders most customers have). */
function distinctCount(keys: Float64Array, count: number): number {
  if (count > 32) keys.subarray(0, count).sort();
  else {
    for (let a = 1; a < count; a++) {
      const v = keys[a];
      let b = a - 1;
      while (b >= 0 && keys[b] > v) {
        keys[b + 1] = keys[b];
        b--;
      }
      keys[b + 1] = v;
    }
  }
  let distinct = 0;
  for (let k = 0; k < count; k++) if (k === 0 || keys[k] !== keys[k - 1]) distinct++;
  return distinct;
}

function linesText(bad: BadCells): string {
  const more = bad.count > bad.lines.length ? ', …' : '';
  return `line${bad.count > 1 ? 's' : ''} ${bad.lines.join(', ')}${more}`;
}

/** The report as sentences a user can act on. */
function reportMessages(r: LogReport): string[] {
  const messages: string[] = [];
  const rows = (k: number) => `${k.toLocaleString('en-US')} row${k === 1 ? '' : 's'}`;
  const were = (k: number) => (k === 1 ? 'was' : 'were');
  if (r.rowsWithoutCustomer) messages.push(`${rows(r.rowsWithoutCustomer)} without a customer id ${were(r.rowsWithoutCustomer)} left out.`);
  if (r.badDates.count) messages.push(`${rows(r.badDates.count)} with a date that does not read ${were(r.badDates.count)} left out (${linesText(r.badDates)}).`);
  if (r.badAmounts.count) messages.push(`${rows(r.badAmounts.count)} with an amount that does not read ${were(r.badAmounts.count)} left out (${linesText(r.badAmounts)}).`);
  if (r.rowsAfterEnd) messages.push(`${rows(r.rowsAfterEnd)} after the end date ${were(r.rowsAfterEnd)} left out.`);
  if (r.returns) messages.push(`${rows(r.returns)} ${r.returns === 1 ? 'is a return or cancellation' : 'are returns or cancellations'}: not counted as purchases, their value netted out of total spend.`);
  if (r.customersWithoutPurchase) messages.push(`${r.customersWithoutPurchase} customer${r.customersWithoutPurchase === 1 ? '' : 's'} with returns only were left out.`);
  if (r.customersAfterCalibration) messages.push(`${r.customersAfterCalibration} customer${r.customersAfterCalibration === 1 ? '' : 's'} whose first purchase is after the calibration end were left out.`);
  return messages;
}
