import { describe, expect, it } from 'vitest';
import { availableEngineered, computeEngineered } from '../../src/lib/ml/features/engineered';
import { detectRoles } from '../../src/lib/ml/features/roles';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { momentsOf } from '../../src/lib/ml/stats/moments';
import { loadCustomers } from './fixtures';
import { readFileSync } from 'node:fs';
import { parseCsvBytes } from '../../src/lib/ml/data/csv/parse-text';
import { evaluateFormula } from '../../src/lib/ml/features/formula/evaluate';
import type { Table } from '../../src/lib/ml/core/table';

const t = tableFromArrays('t', {
  income: [10, 20, 30, 40],
  spend: [1, 4, 3, 2],
  loyalty: [4, 3, 2, 1],
  freq: [1, 2, 0, 4],
});
const roles = { income: 'income', spend: 'spend', loyalty: 'loyalty', frequency: 'freq' } as const;
const values = (name: string) => Array.from(computeEngineered(t, name, roles).column.values);

describe('engineered features on a hand-computed table', () => {
  it('ratios; division by zero is missing', () => {
    expect(values('spend_per_purchase')).toEqual([1, 2, NaN, 0.5]);
    expect(values('spend_to_income_ratio')).toEqual([0.1, 0.2, 0.1, 0.05]);
  });
  it('percent ranks (rank / n × 100) and the scores built on them', () => {
    // percent ranks: income 25 50 75 100; spend 25 100 75 50; loyalty 100 75 50 25; freq 50 75 25 100
    expect(values('income_percentile')).toEqual([25, 50, 75, 100]);
    expect(values('customer_value_score')).toEqual([50, 75, 56.25, 68.75]);
    expect(values('churn_risk_score')).toEqual([50, 25, 43.75, 31.25]);
    expect(values('growth_potential_score')).toEqual([0, -50, 0, 50]);
  });
  it('ties share the average rank', () => {
    const u = tableFromArrays('u', { income: [10, 10, 20, NaN] });
    expect(Array.from(computeEngineered(u, 'income_percentile', { income: 'income' }).column.values)).toEqual([50, 50, 100, NaN]);
  });
  it('carries formula, meaning and lineage', () => {
    const f = computeEngineered(t, 'customer_value_score', roles);
    expect(f.formula).toBe('(percentile(income) + percentile(spend) + percentile(loyalty) + percentile(freq)) / 4');
    expect(f.sources).toEqual(['income', 'spend', 'loyalty', 'freq']);
    expect(f.meaning).toMatch(/percent ranks/);
  });
  it('offers only features whose inputs are mapped, and says what is lacking', () => {
    expect(availableEngineered(t, { income: 'income', spend: 'spend' }).map((f) => f.name)).toEqual([
      'spend_to_income_ratio',
      'income_percentile',
      'growth_potential_score',
    ]);
    expect(() => computeEngineered(t, 'spend_per_purchase', { spend: 'spend' })).toThrow(/needs a numeric column for frequency/);
    expect(() => computeEngineered(t, 'nope', roles)).toThrow(/Unknown engineered feature "nope"/);
  });
  it('quotes column names with spaces in the formula', () => {
    const u = tableFromArrays('u', { 'Annual Income': [10, 20], 'Total Spend': [1, 3] });
    const r = detectRoles(u);
    expect(r).toEqual({ income: 'Annual Income', spend: 'Total Spend' });
    const f = computeEngineered(u, 'spend_to_income_ratio', r);
    expect(f.formula).toBe('`Total Spend` / `Annual Income`');
    expect(Array.from(f.column.values)).toEqual([0.1, 0.15]);
  });
});

describe('role detection', () => {
  it('skips constant, id and categorical columns; leaves a role unmapped rather than guessing', () => {
    const u = tableFromArrays('u', { Income: [1, 2, 3], Z_Revenue: [11, 11, 11], region: ['a', 'b', 'c'], visits: [1, 2, 3] });
    expect(detectRoles(u)).toEqual({ income: 'Income' });
    expect(availableEngineered(u, detectRoles(u)).map((f) => f.name)).toEqual(['income_percentile']);
  });
});

describe('on the default data', () => {
  const table = loadCustomers();
  it('detects the four roles by name', () => {
    expect(detectRoles(table)).toEqual({
      income: 'annual_income',
      spend: 'purchase_amount',
      loyalty: 'loyalty_score',
      frequency: 'purchase_frequency',
    });
    expect(availableEngineered(table, detectRoles(table))).toHaveLength(6);
  });
  it('spend_to_income_ratio matches the reference (mean 0.007203, min 0.004444, max 0.008571)', () => {
    const m = momentsOf(computeEngineered(table, 'spend_to_income_ratio', detectRoles(table)).column.values);
    expect(m.mean).toBeCloseTo(0.007203, 6);
    expect(m.min).toBeCloseTo(0.004444, 6);
    expect(m.max).toBeCloseTo(0.008571, 6);
  });
  it('churn risk plus value is 100 everywhere', () => {
    const r = detectRoles(table);
    const v = computeEngineered(table, 'customer_value_score', r).column.values;
    const c = computeEngineered(table, 'churn_risk_score', r).column.values;
    for (let i = 0; i < v.length; i++) expect(v[i] + c[i]).toBeCloseTo(100, 10);
  });
});

describe('Customer Personality features (marketing_campaign.csv), found by column names', () => {
  // Expected values from Python's csv and datetime on the same file: the latest Dt_Customer is 2014-06-29.
  const table: Table = parseCsvBytes(new Uint8Array(readFileSync('static/data/marketing_campaign.csv')), 'marketing_campaign.csv').table;
  const column = (name: string) => Array.from(computeEngineered(table, name, detectRoles(table)).column.values);

  it('offers the six features with their formulas', () => {
    const offered = new Map(availableEngineered(table, detectRoles(table)).map((f) => [f.name, f.formula]));
    expect(offered.get('age')).toBe('colmax(year(Dt_Customer)) - Year_Birth');
    expect(offered.get('tenure_days')).toBe('colmax(days(Dt_Customer)) - days(Dt_Customer)');
    expect(offered.get('total_spend')).toBe('MntWines + MntFruits + MntMeatProducts + MntFishProducts + MntSweetProducts + MntGoldProds');
    expect(offered.get('total_purchases')).toBe('NumWebPurchases + NumCatalogPurchases + NumStorePurchases');
    expect(offered.get('children')).toBe('Kidhome + Teenhome');
    expect(offered.get('accepted_campaigns')).toBe('AcceptedCmp3 + AcceptedCmp4 + AcceptedCmp5 + AcceptedCmp1 + AcceptedCmp2');
  });

  it('computes them as pandas would on the first customers (ids 5524, 2174, 4141)', () => {
    expect(column('age').slice(0, 3)).toEqual([57, 60, 49]);
    expect(column('tenure_days').slice(0, 3)).toEqual([663, 113, 312]);
    expect(column('total_spend').slice(0, 3)).toEqual([1617, 27, 776]);
    expect(column('total_purchases').slice(0, 3)).toEqual([22, 4, 20]);
    expect(column('children').slice(0, 3)).toEqual([0, 2, 0]);
    expect(column('accepted_campaigns').reduce((a, b) => a + b, 0)).toBe(667);
    expect(momentsOf(Float64Array.from(column('age'))).mean).toBeCloseTo(45.19419642857143, 10);
  });

  it('are not offered on the default data, which lacks those columns', () => {
    const names = availableEngineered(loadCustomers(), detectRoles(loadCustomers())).map((f) => f.name);
    expect(names.filter((n) => ['age', 'tenure_days', 'total_spend', 'children'].includes(n))).toEqual([]);
  });
});

describe('date functions of the formula language', () => {
  it('year, days and colmax', () => {
    const t = tableFromArrays('d', { when: [Date.UTC(2012, 8, 4), Date.UTC(2014, 5, 29), NaN] });
    expect(Array.from(evaluateFormula('year(when)', t))).toEqual([2012, 2014, NaN]);
    expect(Array.from(evaluateFormula('colmax(days(when)) - days(when)', t))).toEqual([663, 0, NaN]);
  });
});
