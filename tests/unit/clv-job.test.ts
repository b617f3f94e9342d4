import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getColumn } from '../../src/lib/ml/core/table';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';

const { table: log } = parseCsvText(readFileSync(new URL('../fixtures/transactions_log.csv', import.meta.url), 'utf8'), 'transactions_log.csv');
const columns = { customer: 'CustomerID', date: 'InvoiceDate', amount: 'Amount', invoice: 'InvoiceNo' };

describe("the 'clv' job", () => {
  it('makes the customer table with RFM segments, the fits and the checks', async () => {
    const result = await runJob(makeRunConfig('clv', { columns, unit: 'weeks', fit: true, horizonMonths: 12, discount: 0.01, calibrationEnd: '1997-09-30' }), log);
    expect(result.table.name).toBe('transactions_log.csv by customer');
    expect(result.table.rowCount).toBe(400);
    expect(getColumn(result.table, 'clv').storage).toBe('number');
    expect(result.profiles.map((p) => p.name)).toStrictEqual(result.table.columns.map((c) => c.name));
    expect(result.segments.reduce((s, x) => s + x.customers, 0)).toBe(400);
    expect(result.models?.bgnbd.converged).toBe(true);
    expect(result.models?.gammaGamma?.customers).toBe(140);
    expect(result.models?.holdout?.buckets).toHaveLength(8);
    expect(new Map(result.lineage).get('clv')).toStrictEqual(['CustomerID', 'InvoiceDate', 'Amount']);
    expect(result.report.badDates.lines).toStrictEqual([302]);
    expect(result.value?.top).toHaveLength(10);
    expect(result.value?.bySegment.reduce((s, x) => s + x.customers, 0)).toBe(400);
    expect(result.value?.mean).toBeCloseTo((result.value?.total ?? 0) / 400, 9);
  });

  it('summarises without fitting, and says why when a column is missing', async () => {
    const result = await runJob(makeRunConfig('clv', { columns, unit: 'days', fit: false, horizonMonths: 12, discount: 0.01, end: '1997-06-30' }), log);
    expect(result.models).toBeNull();
    expect(result.value).toBeNull();
    expect(result.end).toBe('1997-06-30');
    expect(result.report.rowsAfterEnd).toBeGreaterThan(0);
    await expect(runJob(makeRunConfig('clv', { columns: { ...columns, date: 'When' }, unit: 'days', fit: false, horizonMonths: 12, discount: 0.01 }), log)).rejects.toThrow(/Column "When" not found/);
    await expect(runJob(makeRunConfig('clv', { columns, unit: 'days', fit: false, horizonMonths: 12, discount: 0.01, end: 'June' }), log)).rejects.toThrow(/end date must be a date/);
  });
});

describe('CLV intervals', () => {
  it('hold each CLV, and their width matches parameter draws from the same covariance', async () => {
    const { summariseLog } = await import('../../src/lib/ml/clv/summary');
    const { analyseClv, customerValue } = await import('../../src/lib/ml/clv/clv');
    const { expectedAverageValue } = await import('../../src/lib/ml/clv/gamma-gamma');
    const { Random } = await import('../../src/lib/ml/core/random');
    const summary = summariseLog(log, columns, { unit: 'weeks', calibrationEnd: Date.UTC(1997, 8, 30) });
    const result = analyseClv(summary);
    for (let i = 0; i < summary.ids.length; i++) {
      expect(result.clvLow[i]).toBeLessThanOrEqual(result.clv[i]);
      expect(result.clvHigh[i]).toBeGreaterThanOrEqual(result.clv[i]);
    }
    // The most valuable customer: the delta method's standard error against the spread of CLV over
    // 2,000 seeded draws of log θ from the two fits' covariances (Cholesky), within 25 %.
    const i = result.clv.indexOf(Math.max(...result.clv));
    const se = (result.clvHigh[i] - result.clv[i]) / 1.96;
    const random = new Random(3);
    const draw = (mean: number[], cov: number[][]) => {
      const n = mean.length;
      const l = cov.map(() => new Array<number>(n).fill(0));
      for (let a = 0; a < n; a++) for (let b = 0; b <= a; b++) {
        let s = cov[a][b];
        for (let k = 0; k < b; k++) s -= l[a][k] * l[b][k];
        l[a][b] = a === b ? Math.sqrt(s) : s / l[b][b];
      }
      const z = mean.map(() => random.normal());
      return mean.map((m, a) => Math.exp(m + l[a].reduce((s, v, k) => s + v * z[k], 0)));
    };
    const bg = result.bgnbd.params;
    const gg = result.gammaGamma!.params;
    const values: number[] = [];
    for (let k = 0; k < 2000; k++) {
      const [r, alpha, a, b] = draw([bg.r, bg.alpha, bg.a, bg.b].map(Math.log), result.bgnbd.logCovariance!);
      const [p, q, v] = draw([gg.p, gg.q, gg.v].map(Math.log), result.gammaGamma!.logCovariance!);
      const m = expectedAverageValue({ p, q, v }, summary.frequency[i], summary.monetary[i]);
      values.push(customerValue({ r, alpha, a, b }, summary.frequency[i], summary.recency[i], summary.age[i], m, 12, 0.01, 7));
    }
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(se / sd - 1)).toBeLessThan(0.25);
  });
});
