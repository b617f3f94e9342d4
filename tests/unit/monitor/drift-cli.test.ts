import { describe, expect, it } from 'vitest';
import { runDrift } from '../../../src/cli/drift';

const fixture = (name: string) => new URL(`../../fixtures/${name}`, import.meta.url).pathname;
const base = fixture('customer_purchasing_behaviors.csv');

type Out = { columns: { column: string; type: string; psi: number; test: string; statistic: number; p_value: number; drift: boolean }[]; drifted_share: number; dataset_drift: boolean; skipped?: unknown; only_in_reference?: string[] };

describe('CLI drift', () => {
  it('a file against itself: every PSI and KS 0, no drift, the id column skipped and said so', async () => {
    const out = (await runDrift([base, base], {})) as Out;
    expect(Object.keys(out)).toEqual(['columns', 'drifted_share', 'dataset_drift', 'skipped']);
    expect(out.columns.map((c) => c.column)).toEqual(['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'region', 'purchase_frequency']);
    for (const c of out.columns) {
      expect(Object.keys(c)).toEqual(['column', 'type', 'psi', 'test', 'statistic', 'p_value', 'drift']);
      expect(c).toMatchObject({ psi: 0, statistic: 0, p_value: 1, drift: false });
    }
    expect(out.columns.find((c) => c.column === 'region')).toMatchObject({ type: 'categorical', test: 'chi-square' });
    expect(out).toMatchObject({ drifted_share: 0, dataset_drift: false, skipped: [{ column: 'user_id', reason: 'id-like: it is typed as an id' }] });
  });

  it('annual_income raised 30 %: that column first, drifted by KS, the others untouched', async () => {
    const out = (await runDrift([base, fixture('customer_purchasing_income_up30.csv')], {})) as Out;
    expect(out.columns[0]).toMatchObject({ column: 'annual_income', type: 'numeric', test: 'ks', drift: true });
    expect(out.columns[0].psi).toBeGreaterThan(0.25);
    expect(out.columns[0].p_value).toBeLessThan(1e-20);
    expect(out.columns.slice(1).every((c) => c.psi === 0 && !c.drift)).toBe(true);
    expect(out.drifted_share).toBeCloseTo(1 / 6, 12);
    expect(out.dataset_drift).toBe(false);
    // The share is a flag: one drifted column of six is a drifted data set at 0.15.
    expect(((await runDrift([base, fixture('customer_purchasing_income_up30.csv')], { 'drift-share': '0.15' })) as Out).dataset_drift).toBe(true);
    // Above the row limit the distance decides: with --test-rows 100 (238 rows), Wasserstein/σ.
    const distance = (await runDrift([base, fixture('customer_purchasing_income_up30.csv')], { 'test-rows': '100' })) as Out;
    expect(distance.columns[0]).toMatchObject({ column: 'annual_income', test: 'wasserstein', drift: true });
    expect(distance.columns[0].p_value).toBe(out.columns[0].p_value);
  });

  it('reads every format the app opens: the same customers as .csv.gz, .xlsx, Parquet and JSON Lines do not drift', async () => {
    for (const name of ['customers.csv.gz', 'customers.xlsx', 'customers.parquet', 'customers.jsonl']) {
      const out = (await runDrift([base, fixture(name)], {})) as Out;
      expect(out.columns.length).toBe(6);
      expect(out.columns.every((c) => c.psi === 0 && c.statistic === 0 && !c.drift)).toBe(true);
    }
  });

  it('names a column only one file has', async () => {
    const out = (await runDrift([base, fixture('customers_no_income.csv')], {})) as Out;
    expect(out.only_in_reference).toEqual(['annual_income']);
    expect(out.columns.map((c) => c.column)).not.toContain('annual_income');
  });

  it('fails with one line on bad input', async () => {
    await expect(runDrift([base], {})).rejects.toThrow(/usage: drift REF CUR/);
    await expect(runDrift([base, 'nope.csv'], {})).rejects.toThrow(/File not found: nope.csv/);
    await expect(runDrift([base, base], { alpha: 'x' })).rejects.toThrow(/--alpha must be a number/);
    await expect(runDrift([base, base], { alpha: '2' })).rejects.toThrow(/alpha must be between 0 and 1/);
    await expect(runDrift([base, fixture('telco_like.csv')], {})).rejects.toThrow(/share no column/);
  });
});
