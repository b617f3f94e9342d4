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
