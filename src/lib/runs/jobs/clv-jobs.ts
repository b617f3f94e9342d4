/**
 * 'clv': a transaction log summarised per customer (RFM scores and segments) and, when asked, the
 * BG/NBD and Gamma-Gamma fits and each customer's value, as the customer table the app can take as
 * its dataset (src/lib/ml/clv/). Runs whole in a worker; the CLI `customers` and `clv` commands
 * call the same functions.
 */
import type { Table } from '../../ml/core/table';
import { profileTable, type ColumnProfile } from '../../ml/data/profile';
import { analyseClv, type ClvResult } from '../../ml/clv/clv';
import { customerTable, customerTableLineage } from '../../ml/clv/customer-table';
import type { LogColumns } from '../../ml/clv/log-columns';
import { ruleText, rfmSegmentRules, scoreRfm } from '../../ml/clv/rfm';
import { summariseLog, type LogReport } from '../../ml/clv/summary';
import { defineJob } from '../job-spec';

/** Settings of a 'clv' run. */
export interface ClvJobConfig {
  columns: LogColumns;
  unit: 'days' | 'weeks';
  /** End of observation, `yyyy-mm-dd`; default the last date in the log. */
  end?: string;
  /** End of the calibration period, `yyyy-mm-dd`; default none. */
  calibrationEnd?: string;
  /** Fit BG/NBD and Gamma-Gamma (false: the summary and RFM only). */
  fit: boolean;
  horizonMonths: number;
  discount: number;
  /** L2 penalty of both fits (default 0), as `lifetimes`' penalizer_coef. */
  l2?: number;
}

/** One RFM segment: its rule and how many customers it holds. */
export interface SegmentCount {
  name: string;
  rule: string;
  meaning: string;
  customers: number;
}

/** What a 'clv' run returns. */
export interface ClvJobResult {
  table: Table;
  profiles: ColumnProfile[];
  report: LogReport;
  /** The log columns each customer column comes from. */
  lineage: [string, string[]][];
  segments: SegmentCount[];
  end: string;
  unit: 'days' | 'weeks';
  horizonMonths: number;
  /** The fits and checks (without the per-customer arrays, which are columns of `table`). */
  models: Omit<ClvResult, 'probabilityAlive' | 'expectedPurchases' | 'expectedValue' | 'clv' | 'clvLow' | 'clvHigh'> | null;
  /** CLV in all, the top customers and the mean per RFM segment (null without Gamma-Gamma). */
  value: ClvValueSummary | null;
}

/** What the customers are worth, in a few numbers. */
export interface ClvValueSummary {
  total: number;
  mean: number;
  top: { customer: string; clv: number; low: number; high: number; probabilityAlive: number; expectedPurchases: number }[];
  bySegment: { segment: string; customers: number; meanClv: number }[];
  /** Histogram of CLV: `counts[k]` customers in [edges[k], edges[k+1]); the last bin holds everything above the 99th percentile too. */
  histogram: { edges: number[]; counts: number[] };
}

/** 30 equal bins from the lowest CLV to the 99th percentile, the top 1 % in the last bin. */
function histogramOf(values: number[]): ClvValueSummary['histogram'] {
  const sorted = Float64Array.from(values).sort();
  const lo = Math.min(0, sorted[0]);
  const hi = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))];
  const bins = 30;
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of sorted) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
  return { edges: Array.from({ length: bins + 1 }, (_, k) => lo + k * width), counts };
}

function valueSummary(ids: readonly string[], segments: readonly string[], clv: ClvResult): ClvValueSummary | null {
  const valued = ids.map((_, i) => i).filter((i) => Number.isFinite(clv.clv[i]));
  if (!valued.length) return null;
  const total = valued.reduce((s, i) => s + clv.clv[i], 0);
  const top = [...valued].sort((i, j) => clv.clv[j] - clv.clv[i]).slice(0, 10);
  const bySegment = new Map<string, { customers: number; sum: number }>();
  for (const i of valued) {
    const entry = bySegment.get(segments[i]) ?? { customers: 0, sum: 0 };
    entry.customers++;
    entry.sum += clv.clv[i];
    bySegment.set(segments[i], entry);
  }
  return {
    total,
    mean: total / valued.length,
    top: top.map((i) => ({ customer: ids[i], clv: clv.clv[i], low: clv.clvLow[i], high: clv.clvHigh[i], probabilityAlive: clv.probabilityAlive[i], expectedPurchases: clv.expectedPurchases[i] })),
    bySegment: [...bySegment].map(([segment, e]) => ({ segment, customers: e.customers, meanClv: e.sum / e.customers })).sort((a, b) => b.meanClv - a.meanClv),
    histogram: histogramOf(valued.map((i) => clv.clv[i])),
  };
}

function dateOf(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`The ${name} must be a date such as 1997-09-30, got "${text}"`);
  return ms;
}

export const clvJob = defineJob({
  title: 'summarise a transaction log by customer',
  input: 'table',
  runsOn: 'worker',
  async run(log: Table, config: ClvJobConfig, ctx): Promise<ClvJobResult> {
    ctx.onProgress?.(0, 3, 'summarising');
    const summary = summariseLog(log, config.columns, { unit: config.unit, end: dateOf(config.end, 'end date'), calibrationEnd: dateOf(config.calibrationEnd, 'calibration end') });
    if (summary.ids.length === 0) throw new Error('No customer has a purchase in this log');
    const rfm = scoreRfm(summary.daysSinceLast, summary.orders, summary.totalSpend);
    ctx.onProgress?.(1, 3, 'fitting');
    ctx.signal?.throwIfAborted();
    const clv = config.fit ? analyseClv(summary, { horizonMonths: config.horizonMonths, discount: config.discount, l2: config.l2 ?? 0 }) : null;
    ctx.onProgress?.(2, 3, 'profiling');
    const table = customerTable(`${log.name} by customer`, config.columns.customer, summary, rfm, clv);
    const counts = new Map<string, number>();
    for (const s of rfm.segment) counts.set(s, (counts.get(s) ?? 0) + 1);
    let models: ClvJobResult['models'] = null;
    if (clv) {
      const { probabilityAlive: _a, expectedPurchases: _p, expectedValue: _v, clv: _c, clvLow: _l, clvHigh: _h, ...rest } = clv;
      models = rest;
    }
    return {
      table,
      profiles: profileTable(table),
      report: summary.report,
      lineage: [...customerTableLineage(config.columns)],
      segments: rfmSegmentRules.map((rule) => ({ name: rule.name, rule: ruleText(rule), meaning: rule.meaning, customers: counts.get(rule.name) ?? 0 })),
      end: new Date(summary.end).toISOString().slice(0, 10),
      unit: config.unit,
      horizonMonths: config.horizonMonths,
      models,
      value: clv ? valueSummary(summary.ids, rfm.segment, clv) : null,
    };
  },
});
