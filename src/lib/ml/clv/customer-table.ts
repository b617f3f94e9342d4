/**
 * The per-customer summary as a table the rest of the app works on (Explore, Segments, Risk…):
 * one row per customer, the log's customer column first, then the summary, RFM scores and segment,
 * and the CLV columns when there is a CLV analysis. Each derived column names the log columns it
 * came from, so lineage reaches back to the log.
 */
import { categoryCodes, type Column, type Table } from '../core/table';
import type { ClvResult } from './clv';
import type { LogColumns } from './log-columns';
import type { RfmScores } from './rfm';
import type { CustomerSummary } from './summary';

/** The columns of the customer table, in order, with what each means (for the page and the README). */
export const customerColumnMeanings: readonly [string, string][] = [
  ['first_purchase', 'date of the first purchase'],
  ['last_purchase', 'date of the last purchase'],
  ['tenure_days', 'days from the first purchase to the end date'],
  ['days_since_last', 'days from the last purchase to the end date'],
  ['orders', 'distinct orders (invoices, or timestamps without an invoice column)'],
  ['frequency', 'repeat purchase days: purchase days − 1 (BG/NBD x)'],
  ['recency', 'first to last purchase day, in the unit (BG/NBD t_x)'],
  ['T', 'first purchase day to the end date, in the unit (BG/NBD T)'],
  ['monetary_value', 'mean value of the repeat purchase days (0 without one)'],
  ['total_spend', 'value of all purchases minus returns'],
  ['avg_basket', 'value of all purchases / orders'],
  ['days_between_orders', 'first to last purchase day / repeat purchase days'],
  ['returns', 'return and cancellation rows'],
  ['r_score', 'recency score 1–5 (5: most recent)'],
  ['f_score', 'frequency score 1–5 (orders)'],
  ['m_score', 'monetary score 1–5 (total spend)'],
  ['rfm_segment', 'named segment from the R and F scores'],
  ['p_alive', 'BG/NBD probability the customer is still active'],
  ['expected_purchases', 'BG/NBD expected purchases over the horizon'],
  ['expected_value', 'Gamma-Gamma expected value per purchase'],
  ['clv', 'discounted value over the horizon'],
  ['clv_low', '95 % interval of clv from the parameters’ uncertainty (not the customer’s own variation)'],
  ['clv_high', 'upper end of that interval'],
];

function numberColumn(name: string, values: ArrayLike<number>, type: 'numeric' | 'date' = 'numeric'): Column {
  return { name, type, role: 'feature', storage: 'number', values: Float64Array.from(values) };
}

function categoryColumn(name: string, values: readonly string[], type: 'id' | 'categorical'): Column {
  const { codes, dictionary } = categoryCodes(values);
  return { name, type, role: type === 'id' ? 'id' : 'feature', storage: 'category', codes, dictionary };
}

/** The log columns each customer-table column is computed from (its lineage). */
export function customerTableLineage(columns: LogColumns): Map<string, string[]> {
  const value = columns.amount ? [columns.amount] : [columns.quantity ?? '', columns.price ?? ''];
  const inv = columns.invoice ? [columns.invoice] : [];
  const lineage = new Map<string, string[]>();
  for (const [name] of customerColumnMeanings) {
    const usesValue = ['monetary_value', 'total_spend', 'avg_basket', 'm_score', 'expected_value', 'clv', 'clv_low', 'clv_high', 'returns'].includes(name);
    const usesOrders = ['orders', 'avg_basket', 'f_score', 'rfm_segment'].includes(name);
    lineage.set(name, [columns.customer, columns.date, ...(usesValue ? value : []), ...(usesOrders || name === 'returns' ? inv : [])]);
  }
  return lineage;
}

/**
 * Builds the customer table.
 * @param name the table's name (e.g. `orders.csv by customer`)
 * @param customerColumn the name of the id column (the log's customer column)
 */
export function customerTable(name: string, customerColumn: string, summary: CustomerSummary, rfm: RfmScores, clv: ClvResult | null = null): Table {
  const columns: Column[] = [
    categoryColumn(customerColumn, summary.ids, 'id'),
    numberColumn('first_purchase', summary.firstPurchase, 'date'),
    numberColumn('last_purchase', summary.lastPurchase, 'date'),
    numberColumn('tenure_days', summary.tenureDays),
    numberColumn('days_since_last', summary.daysSinceLast),
    numberColumn('orders', summary.orders),
    numberColumn('frequency', summary.frequency),
    numberColumn('recency', summary.recency),
    numberColumn('T', summary.age),
    numberColumn('monetary_value', summary.monetary),
    numberColumn('total_spend', summary.totalSpend),
    numberColumn('avg_basket', summary.averageBasket),
    numberColumn('days_between_orders', summary.daysBetweenOrders),
    numberColumn('returns', summary.returns),
    numberColumn('r_score', rfm.recency),
    numberColumn('f_score', rfm.frequency),
    numberColumn('m_score', rfm.monetary),
    categoryColumn('rfm_segment', rfm.segment, 'categorical'),
  ];
  if (clv) {
    columns.push(numberColumn('p_alive', clv.probabilityAlive), numberColumn('expected_purchases', clv.expectedPurchases));
    if (clv.gammaGamma) columns.push(numberColumn('expected_value', clv.expectedValue), numberColumn('clv', clv.clv));
    if (clv.clvLow.some((v) => Number.isFinite(v))) columns.push(numberColumn('clv_low', clv.clvLow), numberColumn('clv_high', clv.clvHigh));
  }
  // Rounded for reading; the models keep their own full precision.
  for (const c of columns) if (c.storage === 'number' && c.type === 'numeric') c.values = c.values.map((v) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v));
  return { name, rowCount: summary.ids.length, columns };
}
