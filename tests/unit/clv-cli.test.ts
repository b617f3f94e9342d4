import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClv } from '../../src/cli/clv';
import { runCustomers } from '../../src/cli/customers';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const retail = { customer: 'CustomerID', date: 'InvoiceDate', quantity: 'Quantity', price: 'UnitPrice', invoice: 'InvoiceNo' };
const log = { customer: 'CustomerID', date: 'InvoiceDate', amount: 'Amount', invoice: 'InvoiceNo' };

describe('CLI customers', () => {
  it('summarises the retail log: the contract keys, returns and rows without a customer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'customers-'));
    const out = join(dir, 'customers.csv');
    const result = (await runCustomers([fixture('retail_log.csv')], { ...retail, out })) as Record<string, unknown>;
    expect(result).toMatchObject({ customers: 57, rows: 681, rows_without_customer: 53, returns: 38, customers_without_purchase: 2, end: '2010-12-13' });
    expect(result.columns).toEqual(expect.arrayContaining(['CustomerID', 'frequency', 'recency', 'T', 'monetary_value', 'r_score', 'f_score', 'm_score', 'rfm_segment']));
    const segments = result.segments as { name: string; customers: number }[];
    expect(segments.reduce((s, x) => s + x.customers, 0)).toBe(57);
    const { table } = parseCsvText(readFileSync(out, 'utf8'), 'customers.csv');
    expect(table.rowCount).toBe(57);
    expect(table.columns.map((c) => c.name)).toStrictEqual(result.columns);
  });

  it('reports bad dates and amounts with their lines', async () => {
    const result = (await runCustomers([fixture('transactions_log.csv')], log)) as Record<string, unknown>;
    expect(result).toMatchObject({ rows: 1159, rows_without_customer: 2, returns: 3, bad_dates: { count: 1, lines: [302] }, bad_amounts: { count: 1, lines: [402] } });
  });

  it('fails with one clear message', async () => {
    await expect(runCustomers([fixture('retail_log.csv')], { customer: 'CustomerID', date: 'InvoiceDate' })).rejects.toThrow(/--amount COL, or --quantity COL and --price COL/);
    await expect(runCustomers([fixture('retail_log.csv')], { ...retail, end: 'soon' })).rejects.toThrow(/--end must be a date/);
    await expect(runCustomers(['nope.csv'], retail)).rejects.toThrow(/File not found/);
    await expect(runCustomers([fixture('retail_log.csv')], { ...retail, customer: 'Client' })).rejects.toThrow(/Column "Client" not found/);
  });
});

describe('CLI clv', () => {
  it('fits BG/NBD and Gamma-Gamma on the calibration period and checks the holdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clv-'));
    const out = join(dir, 'clv.csv');
    const result = (await runClv([fixture('transactions_log.csv')], { ...log, 'calibration-end': '1997-09-30', out })) as Record<string, any>;
    expect(result.customers).toBe(400);
    expect(result.unit).toBe('weeks');
    expect(result.calibration_end).toBe('1997-09-30');
    expect(Object.keys(result.bgnbd)).toEqual(expect.arrayContaining(['r', 'alpha', 'a', 'b', 'loglik']));
    expect(result.bgnbd.converged).toBe(true);
    // 400 customers drawn with r = 0.243, α = 4.414, a = 0.793, b = 2.426: the truth within 3 standard errors (r is the farthest, 2.9).
    for (const [k, truth] of [['r', 0.243], ['alpha', 4.414], ['a', 0.793], ['b', 2.426]] as const) {
      expect(Math.abs(result.bgnbd[k] - truth), k).toBeLessThan(3 * result.bgnbd.standard_errors[k]);
    }
    expect(result.gamma_gamma).toMatchObject({ customers: 140, converged: true });
    expect(Object.keys(result.gamma_gamma)).toEqual(expect.arrayContaining(['p', 'q', 'v', 'customers']));
    expect(Math.abs(result.gamma_gamma.frequency_monetary_correlation)).toBeLessThan(0.3);
    expect(result.repeat_counts.reduce((s: number, c: { observed: number }) => s + c.observed, 0)).toBe(400);
    expect(result.holdout.by_frequency).toHaveLength(8);
    expect(result.holdout.actual).toBeGreaterThan(0);
    expect(result.clv.top[0].clv).toBeGreaterThanOrEqual(result.clv.top[1].clv);
    const { table } = parseCsvText(readFileSync(out, 'utf8'), 'clv.csv');
    expect(table.rowCount).toBe(400);
    expect(table.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['p_alive', 'expected_purchases', 'expected_value', 'clv', 'rfm_segment']));
  }, 30_000);

  it('refuses a bad horizon or discount', async () => {
    await expect(runClv([fixture('transactions_log.csv')], { ...log, 'horizon-months': '1.5' })).rejects.toThrow(/--horizon-months must be an integer/);
    await expect(runClv([fixture('transactions_log.csv')], { ...log, discount: '2' })).rejects.toThrow(/monthly discount must be in \[0, 1\)/);
    await expect(runClv([fixture('transactions_log.csv')], { ...log, unit: 'months' })).rejects.toThrow(/--unit must be days or weeks/);
  });
});
