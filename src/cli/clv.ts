/**
 * `npm run -s cli -- clv LOG --customer COL --date COL (--amount COL | --quantity COL --price COL)
 *   [--invoice COL] [--end DATE] [--unit days|weeks] [--calibration-end DATE] [--horizon-months 12]
 *   [--discount 0.01] [--l2 0] [--out FILE.csv]`: BG/NBD and Gamma-Gamma fitted on the log's
 * customers (of the calibration period when one is given; the rest is the holdout check), and
 * each customer's value over the horizon, as one JSON line; `--out` writes the customer table
 * with p_alive, expected_purchases, expected_value and clv.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { tableCsv } from '../lib/io/table-csv';
import { analyseClv } from '../lib/ml/clv/clv';
import { customerTable } from '../lib/ml/clv/customer-table';
import { scoreRfm } from '../lib/ml/clv/rfm';
import { summariseLog } from '../lib/ml/clv/summary';
import { intFlag, stringFlag } from './args';
import { logColumnsOf, readLog, reportJson, summaryOptionsOf } from './customers';

type Flags = Record<string, string | boolean>;

function numberFlag(flags: Flags, name: string, fallback: number): number {
  const text = stringFlag(flags, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${text}"`);
  return n;
}

const round = (v: number, digits = 6) => (Number.isFinite(v) ? Number(v.toPrecision(digits)) : null);

/** Fits the CLV models on a log and returns the CLI's JSON object. */
export async function runClv(positional: string[], flags: Flags): Promise<unknown> {
  const { table, file } = await readLog(positional, 'clv LOG --customer COL --date COL (--amount COL | --quantity COL --price COL) [--calibration-end DATE] [--horizon-months 12] [--discount 0.01]');
  const columns = logColumnsOf(flags);
  const summary = summariseLog(table, columns, summaryOptionsOf(flags, 'weeks'));
  const horizonMonths = intFlag(flags, 'horizon-months', 12);
  const discount = numberFlag(flags, 'discount', 0.01);
  const result = analyseClv(summary, { horizonMonths, discount, l2: numberFlag(flags, 'l2', 0) });
  const { bgnbd, gammaGamma } = result;
  const rfm = scoreRfm(summary.daysSinceLast, summary.orders, summary.totalSpend);
  const out = stringFlag(flags, 'out');
  if (out) writeFileSync(out, tableCsv(customerTable(`${basename(file)} by customer`, columns.customer, summary, rfm, result)) + '\n');
  const order = Array.from(summary.ids, (_, i) => i).filter((i) => Number.isFinite(result.clv[i]));
  order.sort((i, j) => result.clv[j] - result.clv[i]);
  const total = order.reduce((s, i) => s + result.clv[i], 0);
  return {
    ...reportJson(summary),
    ...(summary.holdoutEnd !== null ? { calibration_end: new Date(summary.end).toISOString().slice(0, 10), holdout_end: new Date(summary.holdoutEnd).toISOString().slice(0, 10) } : {}),
    bgnbd: {
      r: round(bgnbd.params.r),
      alpha: round(bgnbd.params.alpha),
      a: round(bgnbd.params.a),
      b: round(bgnbd.params.b),
      loglik: round(bgnbd.loglik, 8),
      standard_errors: { r: round(bgnbd.standardErrors.r, 3), alpha: round(bgnbd.standardErrors.alpha, 3), a: round(bgnbd.standardErrors.a, 3), b: round(bgnbd.standardErrors.b, 3) },
      converged: bgnbd.converged,
      gradient: round(bgnbd.gradientNorm, 3),
      message: bgnbd.message,
    },
    gamma_gamma: gammaGamma
      ? {
          p: round(gammaGamma.params.p),
          q: round(gammaGamma.params.q),
          v: round(gammaGamma.params.v),
          customers: gammaGamma.customers,
          loglik: round(gammaGamma.loglik, 8),
          standard_errors: { p: round(gammaGamma.standardErrors.p, 3), q: round(gammaGamma.standardErrors.q, 3), v: round(gammaGamma.standardErrors.v, 3) },
          frequency_monetary_correlation: round(gammaGamma.frequencyMonetaryCorrelation, 3),
          converged: gammaGamma.converged,
          message: gammaGamma.message,
        }
      : null,
    clv: {
      horizon_months: horizonMonths,
      discount,
      total: round(total, 8),
      mean: order.length ? round(total / order.length) : null,
      top: order.slice(0, 10).map((i) => ({ customer: summary.ids[i], clv: round(result.clv[i]), clv_low: round(result.clvLow[i]), clv_high: round(result.clvHigh[i]), p_alive: round(result.probabilityAlive[i], 4), expected_purchases: round(result.expectedPurchases[i], 4) })),
    },
    repeat_counts: result.repeatCounts.map((c) => ({ frequency: c.frequency, observed: c.observed, model: round(c.model, 5) })),
    holdout: result.holdout
      ? {
          periods: round(result.holdout.periods),
          actual: result.holdout.actual,
          predicted: round(result.holdout.predicted),
          by_frequency: result.holdout.buckets.map((b) => ({ frequency: b.frequency, customers: b.customers, actual: round(b.actual, 4), predicted: round(b.predicted, 4) })),
        }
      : null,
    notes: result.notes,
    ...(out ? { out } : {}),
  };
}
