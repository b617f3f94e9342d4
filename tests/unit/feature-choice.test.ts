import { describe, expect, it } from 'vitest';
import { tableFromArrays, type Table } from '../../src/lib/ml/core/table';
import { prepareCv } from '../../src/lib/ml/evaluation/cv/prepare';
import { chooseFeatures } from '../../src/lib/ml/leakage/feature-choice';
import { loadCustomers } from './fixtures';

function withColumn(table: Table, name: string, values: number[]): Table {
  return { ...table, columns: [...table.columns, ...tableFromArrays(table.name, { [name]: values }).columns] };
}

describe('the one feature chooser', () => {
  it('offers every usable column but the target, the group column and ids; all start checked', () => {
    const table = loadCustomers();
    const choice = chooseFeatures(table, { target: 'purchase_amount', groupColumn: 'region' });
    expect(choice.choices.map((c) => c.name)).toStrictEqual(['age', 'annual_income', 'loyalty_score', 'purchase_frequency']);
    expect(choice.features).toStrictEqual(['age', 'annual_income', 'loyalty_score', 'purchase_frequency']);
    expect(choice.exclusions).toStrictEqual([]);
  });

  it('leaves a column computed from the target unchecked, with the chain in words', () => {
    const base = loadCustomers();
    const spend = base.columns.find((c) => c.name === 'purchase_amount');
    const table = withColumn(base, 'per_purchase', spend?.storage === 'number' ? Array.from(spend.values, (v) => v / 3) : []);
    const lineage = [{ name: 'per_purchase', sources: ['purchase_amount', 'purchase_frequency'] }];
    const choice = chooseFeatures(table, { target: 'purchase_amount', lineage });
    const leak = choice.choices.find((c) => c.name === 'per_purchase');
    expect(leak).toStrictEqual({ name: 'per_purchase', isDerived: true, leak: '"per_purchase" is computed from the target "purchase_amount" (per_purchase ← purchase_amount)' });
    expect(choice.features).not.toContain('per_purchase');
    expect(choice.exclusions.map((e) => e.column)).toStrictEqual(['per_purchase']);
    // Asked for by name it is still left out, unless the leak is kept on purpose.
    expect(chooseFeatures(table, { target: 'purchase_amount', lineage, features: ['age', 'per_purchase'] }).features).toStrictEqual(['age']);
    expect(chooseFeatures(table, { target: 'purchase_amount', lineage, features: ['age', 'per_purchase'], keepLeaky: true }).features).toStrictEqual(['age', 'per_purchase']);
  });

  it('never offers what a rule label reads, and flags columns computed from it', () => {
    const base = withColumn(loadCustomers(), 'at_risk', Array.from({ length: 238 }, (_, i) => i % 2));
    const table = withColumn(base, 'loyal_x2', Array.from({ length: base.rowCount }, (_, i) => i));
    const choice = chooseFeatures(table, { target: 'at_risk', labelReads: ['loyalty_score'], lineage: [{ name: 'loyal_x2', sources: ['loyalty_score'] }] });
    expect(choice.choices.map((c) => c.name)).not.toContain('loyalty_score');
    expect(choice.choices.find((c) => c.name === 'loyal_x2')?.leak).toMatch(/computed from "loyalty_score", which the label "at_risk" is computed from/);
  });

  it('on a plain file, finds a copy of the target without any lineage', () => {
    const base = loadCustomers();
    const spend = base.columns.find((c) => c.name === 'purchase_amount');
    const table = withColumn(base, 'amount_copy', spend?.storage === 'number' ? Array.from(spend.values, (v) => v * 2 + 1) : []);
    const plain = chooseFeatures(table, { target: 'purchase_amount' });
    expect(plain.features).toContain('amount_copy');
    const guarded = chooseFeatures(table, { target: 'purchase_amount', detectFileLeaks: true });
    expect(guarded.features).not.toContain('amount_copy');
    expect(guarded.exclusions[0].reason).toMatch(/a copy of the target "purchase_amount"/);
  });

  it('respects the roles set on the Data page: id and ignore are never features, another target is not offered', () => {
    const table = loadCustomers('numeric');
    const roles = new Map([
      ['user_id', 'id'],
      ['region', 'ignore'],
      ['loyalty_score', 'target'],
    ]);
    const marked = { ...table, columns: table.columns.map((c) => (roles.has(c.name) ? { ...c, role: roles.get(c.name) as 'id' } : c)) };
    const choice = chooseFeatures(marked, { target: 'purchase_amount' });
    expect(choice.choices.map((c) => c.name)).toStrictEqual(['age', 'annual_income', 'purchase_frequency']);
    // Asked for anyway (the CLI's --features), an ignored or id column is left out of the run with its reason.
    const prepared = prepareCv(marked, { target: 'purchase_amount', task: 'regression', model: 'ridge', features: ['age', 'region', 'user_id'] });
    expect(prepared.features).toStrictEqual(['age']);
    expect(prepared.excluded).toContainEqual({ column: 'region', reason: 'marked ignore' });
    expect(prepared.excluded).toContainEqual({ column: 'user_id', reason: 'marked as an id' });
    expect(prepared.excluded).toContainEqual({ column: 'loyalty_score', reason: 'another target' });
  });

  it('names the problem with a bad request', () => {
    const table = loadCustomers();
    expect(() => chooseFeatures(table, { target: 'nope' })).toThrow(/Column "nope" not found/);
    expect(() => chooseFeatures(table, { target: 'age', features: ['age'] })).toThrow(/The target "age" cannot also be a feature/);
    expect(() => chooseFeatures(table, { target: 'age', features: ['region'], groupColumn: 'region' })).toThrow(/The group column "region" cannot also be a feature/);
  });

  it('bounds the default of a wide table to the limit, the columns with the fewest missing values, and says from how many', () => {
    const arrays: Record<string, number[]> = { y: [1, 2, 3, 4, 5, 6] };
    // w0..w9: w2 and w5 miss a value, w7 misses two; the rest are complete.
    for (let j = 0; j < 10; j++) arrays[`w${j}`] = [0, 1, 2, 3, 4, 5].map((i) => ((j === 2 || j === 5) && i === 0) || (j === 7 && i < 2) ? NaN : (i * (j + 3)) % 7);
    const table = tableFromArrays('wide.csv', arrays);
    const limited = chooseFeatures(table, { target: 'y', limit: 8 });
    // The seven complete columns and w2 (one missing, before w5), in table order.
    expect(limited.features).toStrictEqual(['w0', 'w1', 'w2', 'w3', 'w4', 'w6', 'w8', 'w9']);
    expect(limited.limitedFrom).toBe(10);
    expect(limited.choices).toHaveLength(10);
    // Asked-for features and a default under the limit are left alone.
    expect(chooseFeatures(table, { target: 'y', limit: 8, features: ['w7', 'w5'] }).features).toStrictEqual(['w7', 'w5']);
    const all = chooseFeatures(table, { target: 'y', limit: 10 });
    expect(all.features).toHaveLength(10);
    expect(all.limitedFrom).toBeUndefined();
  });
});
