import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { defaultSegmentFeatures } from '../../src/lib/ml/segments/default-features';
import { isOutcomeName } from '../../src/lib/ml/labels/label';
import type { Table } from '../../src/lib/ml/core/table';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const reasonOf = (choice: ReturnType<typeof defaultSegmentFeatures>, name: string): string | undefined => choice.leftOut.find((l) => l.name === name)?.reason;

describe('default Segments features', () => {
  it('on the example data: the five numeric columns, not the id or the region', () => {
    const { table } = parseCsvText(fixture('customer_purchasing_behaviors.csv'), 'customers.csv');
    const choice = defaultSegmentFeatures(table);
    expect(choice.features).toEqual(['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency']);
    expect(reasonOf(choice, 'user_id')).toBe('marked as an id');
    expect(reasonOf(choice, 'region')).toBe('categorical (4 levels): a category, not an amount of behaviour; add it by hand to one-hot encode it with the categorical weight');
    expect(choice.categorical).toEqual(['region']);
    expect(choice.overLimit).toBe(0);
  });

  it('on a Telco-like file: behaviour only, never Churn, the id or the SeniorCitizen flag', () => {
    const { table } = parseCsvText(fixture('telco_like.csv'), 'telco.csv');
    const choice = defaultSegmentFeatures(table);
    expect(choice.features).toEqual(['tenure', 'MonthlyCharges', 'TotalCharges']);
    // Churn (Yes/No) and SeniorCitizen (0/1) can still be added by hand.
    expect(choice.candidates).toEqual(expect.arrayContaining(['Churn', 'SeniorCitizen', 'Partner']));
    expect(reasonOf(choice, 'Churn')).toMatch(/outcome/);
    expect(reasonOf(choice, 'SeniorCitizen')).toMatch(/yes\/no/);
    expect(reasonOf(choice, 'customerID')).toBeDefined();
    expect(choice.candidates).not.toContain('customerID');
  });

  it('leaves out the target, ignored columns, constant, near-constant and mostly missing columns, with their thresholds', () => {
    // 20 rows: `rare` has one value in 19 of 20 rows (95 %), `holes` misses 5 of 20 (25 %), `few` misses 4 (20 %, kept).
    const lines = ['spend,visits,flat,rare,holes,few,score,skip'];
    for (let i = 0; i < 20; i++) lines.push([i * 3.5, i % 7, 1, i === 0 ? 2 : 0, i < 5 ? '' : ((i * 7) % 20) + 0.5, i < 4 ? '' : ((i * 3) % 20) + 0.25, i % 5, i].join(','));
    const parsed = parseCsvText(lines.join('\n'), 'small.csv').table;
    const table: Table = { ...parsed, columns: parsed.columns.map((c) => (c.name === 'score' ? { ...c, role: 'target' } : c.name === 'skip' ? { ...c, role: 'ignore' } : c)) };
    const choice = defaultSegmentFeatures(table);
    expect(choice.features).toEqual(['spend', 'visits', 'few']);
    expect(reasonOf(choice, 'flat')).toBe('constant');
    expect(reasonOf(choice, 'rare')).toBe('near-constant: one value in 95 % of rows (at least 95 %)');
    expect(reasonOf(choice, 'holes')).toMatch(/^missing in 25 % of rows \(over 20 %/);
    expect(reasonOf(choice, 'score')).toMatch(/^the target/);
    expect(reasonOf(choice, 'skip')).toBe('marked ignore');
    expect(choice.candidates).not.toContain('skip');
  });

  it('bounds a wide file to the limit, the columns with the fewest missing values first', () => {
    const width = 5000;
    const header = Array.from({ length: width }, (_, j) => `c${j}`);
    const rows = [header.join(',')];
    // Columns c0..c9 miss a value in row 0; every other column is complete.
    for (let i = 0; i < 40; i++) rows.push(header.map((_, j) => (i === 0 && j < 10 ? '' : ((i * 7 + j * 13) % 97) / 4)).join(','));
    const { table } = parseCsvText(rows.join('\n'), 'wide.csv');
    const choice = defaultSegmentFeatures(table);
    expect(choice.candidates).toHaveLength(width);
    expect(choice.features).toEqual(header.slice(10, 60));
    expect(choice.overLimit).toBe(width - 50);
    expect(reasonOf(choice, 'c0')).toMatch(/over the default limit of 50 columns/);
    expect(defaultSegmentFeatures(table, { limit: 3 }).features).toEqual(['c10', 'c11', 'c12']);
  });

  it('names outcomes by words of the column name', () => {
    for (const name of ['Churn', 'Exited', 'is_churned', 'Response', 'AcceptedCmpResponse', 'loan_default', 'Attrition_Flag']) expect(isOutcomeName(name), name).toBe(true);
    for (const name of ['age', 'MntWines', 'Complain', 'responses_count_x', 'Recency']) expect(isOutcomeName(name), name).toBe(false);
  });
});
