import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/lib/ml/core/random';
import { tableFromArrays, type Column, type Table } from '../../../src/lib/ml/core/table';
import { parseCsvBytes } from '../../../src/lib/ml/data/csv/parse-text';
import { trainingProfile } from '../../../src/lib/ml/data/training-profile';
import { compareTables } from '../../../src/lib/ml/monitor/drift';
import { ksTwoSample } from '../../../src/lib/ml/monitor/ks';
import { psiNumeric } from '../../../src/lib/ml/monitor/psi';
import { alignToProfile, otherLevels, referenceFromProfile } from '../../../src/lib/ml/monitor/profile-reference';
import { trainModel } from '../../../src/lib/runs/artifact';
import { runJob } from '../../../src/lib/runs/local';
import { makeRunConfig } from '../../../src/lib/runs/run-config';

const read = (name: string) => parseCsvBytes(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)), name).table;
const everyRow = (t: Table) => Int32Array.from({ length: t.rowCount }, (_, i) => i);
const numbers = (t: Table, name: string) => (t.columns.find((c) => c.name === name) as Extract<Column, { storage: 'number' }>).values;

describe("a saved model's training data rebuilt from its profile", () => {
  const random = new Random(11);
  const n = 5000;
  const skewed = Float64Array.from({ length: n }, () => (random.next() < 0.03 ? NaN : Math.exp(random.normal())));
  const table = tableFromArrays('train', { spend: Array.from(skewed) });

  it('numbers: same count and missing share; PSI against the real rows near 0, KS distance under 0.01', () => {
    const rebuilt = referenceFromProfile(trainingProfile(table, ['spend'], everyRow(table)), 'rebuilt');
    const values = numbers(rebuilt, 'spend');
    expect(rebuilt.rowCount).toBe(n);
    expect(values.filter((v) => Number.isNaN(v)).length).toBe(skewed.filter((v) => Number.isNaN(v)).length);
    expect(psiNumeric(skewed, values)).toBeLessThan(0.002);
    expect(ksTwoSample(skewed.filter((v) => !Number.isNaN(v)), values.filter((v) => !Number.isNaN(v))).statistic).toBeLessThan(0.01);
  });

  it('categories: exact counts, the levels past the top 50 as one; yes/no back in the words of the compared data', () => {
    const levels = Array.from({ length: 60 }, (_, i) => `L${i}`);
    const codes = Int32Array.from({ length: 600 }, (_, i) => (i < 300 ? 0 : i % 60));
    const cat: Column = { name: 'plan', type: 'categorical', role: 'feature', storage: 'category', dictionary: levels, codes };
    const yes: Column = { name: 'member', type: 'boolean', role: 'feature', storage: 'number', values: Float64Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? 1 : 0)), labels: ['No', 'Yes'] };
    const t: Table = { name: 't', rowCount: 600, columns: [cat, yes] };
    const rebuilt = referenceFromProfile(trainingProfile(t, ['plan', 'member'], everyRow(t)), 'rebuilt', t);
    const plan = rebuilt.columns[0] as Extract<Column, { storage: 'category' }>;
    const count = (level: string) => plan.codes.filter((c) => plan.dictionary[c] === level).length;
    expect(count('L0')).toBe(300 + 5);
    expect(plan.dictionary.at(-1)).toBe(otherLevels);
    expect(plan.dictionary).toHaveLength(51);
    expect(numbers(rebuilt, 'member').reduce((s, v) => s + v, 0)).toBe(200);
    // The compared data counts the levels past the top 50 as one too: then nothing differs.
    expect(compareTables(rebuilt, alignToProfile(t, trainingProfile(t, ['plan', 'member'], everyRow(t)))).columns.map((c) => [c.column, c.drift, c.psi])).toEqual([
      ['plan', false, 0],
      ['member', false, 0],
    ]);
  });

  it("'drift' with source 'training': the loaded data against a model saved on the example data; the shifted income is first", async () => {
    const train = read('customer_purchasing_behaviors.csv');
    const features = ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'];
    const { artifact } = await trainModel(train, { target: 'purchase_amount', task: 'regression', model: 'ridge', features });
    const drift = (table: Table) => runJob(makeRunConfig('drift', { source: { kind: 'training' }, model: 'm' }, { seed: 1 }), table, { resources: new Map([['m', artifact]]) });
    const same = await drift(train);
    expect(same.comparisons[0].report.columns.filter((c) => c.drift)).toEqual([]);
    expect(same.reference.label).toContain('training data');
    const shifted = await drift(read('customer_purchasing_income_up30.csv'));
    expect(shifted.comparisons[0].report.columns[0]).toMatchObject({ column: 'annual_income', drift: true });
    expect(shifted.comparisons[0].report.columns.filter((c) => c.drift).map((c) => c.column)).toEqual(['annual_income']);
    await expect(runJob(makeRunConfig('drift', { source: { kind: 'training' } }), train)).rejects.toThrow('needs a saved model');
  });
});
