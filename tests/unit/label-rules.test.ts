import { describe, expect, it } from 'vitest';
import { buildLabel, describeLabel, withLabelColumn } from '../../src/lib/ml/labels/label-rules';
import { crossValidate } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { loadCustomers } from './fixtures';

const tiny = tableFromArrays('tiny', {
  score: [1, 4, 5, NaN, 9],
  freq: [10, 20, 5, 1, 2],
  region: ['East', 'West', null, 'East', 'West'],
});

describe('buildLabel', () => {
  it('evaluates one numeric rule, missing values give NaN', () => {
    const built = buildLabel(tiny, { rules: [{ column: 'score', operator: '<', value: 5 }], combine: 'and' });
    expect(Array.from(built.label)).toStrictEqual([1, 1, 0, NaN, 0]);
    expect(built).toMatchObject({ columns: ['score'], positives: 2, present: 4, prevalence: 0.5, description: 'score < 5' });
  });

  it('combines rules with and / or', () => {
    const rules = [
      { column: 'score', operator: '<=' as const, value: 5 },
      { column: 'freq', operator: '>=' as const, value: 10 },
    ];
    expect(Array.from(buildLabel(tiny, { rules, combine: 'and' }).label)).toStrictEqual([1, 1, 0, NaN, 0]);
    expect(Array.from(buildLabel(tiny, { rules, combine: 'or' }).label)).toStrictEqual([1, 1, 1, NaN, 0]);
    expect(describeLabel({ rules, combine: 'or' })).toBe('score <= 5 or freq >= 10');
  });

  it('compares categorical columns with = and !=', () => {
    const built = buildLabel(tiny, { rules: [{ column: 'region', operator: '!=', value: 'East' }], combine: 'and' });
    expect(Array.from(built.label)).toStrictEqual([0, 1, NaN, 0, 1]);
    expect(built.description).toBe('region != "East"');
  });

  it('names the problem in bad rules', () => {
    expect(() => buildLabel(tiny, { rules: [], combine: 'and' })).toThrow(/at least one rule/);
    expect(() => buildLabel(tiny, { rules: [{ column: 'nope', operator: '<', value: 1 }], combine: 'and' })).toThrow(/Column "nope" not found/);
    expect(() => buildLabel(tiny, { rules: [{ column: 'region', operator: '<', value: 'East' }], combine: 'and' })).toThrow(/categorical: its rules take = or !=/);
    expect(() => buildLabel(tiny, { rules: [{ column: 'region', operator: '=', value: 'Mars' }], combine: 'and' })).toThrow(/no value "Mars"/);
    expect(() => buildLabel(tiny, { rules: [{ column: 'score', operator: '<', value: 'abc' }], combine: 'and' })).toThrow(/not a number/);
    // @ts-expect-error: only and / or
    expect(() => buildLabel(tiny, { rules: [{ column: 'score', operator: '<', value: 1 }], combine: 'xor' })).toThrow(/"and" or "or"/);
  });

  it('marks 51 of 238 default customers with loyalty_score < 5; 15 also buy fewer than 12 times', () => {
    const table = loadCustomers();
    const low = buildLabel(table, { rules: [{ column: 'loyalty_score', operator: '<', value: 5 }], combine: 'and' });
    expect(low.positives).toBe(51);
    expect(low.prevalence).toBeCloseTo(51 / 238, 12);
    const both = buildLabel(table, {
      rules: [
        { column: 'loyalty_score', operator: '<', value: 5 },
        { column: 'purchase_frequency', operator: '<', value: 12 },
      ],
      combine: 'and',
    });
    expect(both.positives).toBe(15);
    expect(both.columns).toStrictEqual(['loyalty_score', 'purchase_frequency']);
    const either = buildLabel(table, {
      rules: [
        { column: 'loyalty_score', operator: '<', value: 5 },
        { column: 'region', operator: '=', value: 'East' },
      ],
      combine: 'or',
    });
    expect(either.positives).toBe(54);
  });
});

describe('withLabelColumn', () => {
  it('adds a yes/no target under a free name', () => {
    const built = buildLabel(tiny, { rules: [{ column: 'score', operator: '<', value: 5 }], combine: 'and' });
    const once = withLabelColumn(tiny, built.label, 'score');
    expect(once.name).toBe('score_2');
    const column = once.table.columns.at(-1);
    expect(column).toMatchObject({ name: 'score_2', storage: 'category', role: 'target', dictionary: ['no', 'yes'] });
    expect(Array.from((column as { codes: Int32Array }).codes)).toStrictEqual([1, 1, 0, -1, 0]);
    expect(() => withLabelColumn(tiny, new Float64Array(2))).toThrow(/2 rows but the table has 5/);
  });

  it('trains a classifier on the label without the column it reads', async () => {
    const table = loadCustomers();
    const built = buildLabel(table, { rules: [{ column: 'loyalty_score', operator: '<', value: 5 }], combine: 'and' });
    const { table: labelled, name } = withLabelColumn(table, built.label);
    const result = await crossValidate(labelled, {
      target: name,
      task: 'classification',
      model: 'logistic',
      features: ['age', 'annual_income', 'purchase_amount', 'region', 'purchase_frequency'],
      positive: 'yes',
    });
    expect(result.positive).toBe('yes');
    expect(result.features).not.toContain('loyalty_score');
    // loyalty tracks spend and income closely on this data: the label is learnable from the others.
    expect(result.metrics.f1.mean).toBeGreaterThan(0.9);
  });

  it('rebalances training folds only: SMOTE and class weights keep every test row once', async () => {
    const table = loadCustomers();
    const built = buildLabel(table, { rules: [{ column: 'loyalty_score', operator: '<', value: 5 }], combine: 'and' });
    const { table: labelled, name } = withLabelColumn(table, built.label);
    const features = ['age', 'annual_income', 'region', 'purchase_frequency'];
    const run = (imbalance: 'none' | 'smote' | 'balanced-weights') =>
      crossValidate(labelled, { target: name, task: 'classification', model: 'logistic', features, imbalance, positive: 'yes' });
    const plain = await run('none');
    for (const imbalance of ['smote', 'balanced-weights'] as const) {
      const result = await run(imbalance);
      expect(result.oof.rows.length).toBe(238);
      expect(result.metrics.recall.mean).toBeGreaterThan(0.8);
      // Rebalancing moves the minority class's probabilities up on average.
      const meanPositive = (r: typeof plain) => r.oof.proba!.filter((_, i) => i % 2 === 1).reduce((s, v) => s + v, 0) / 238;
      expect(meanPositive(result)).toBeGreaterThan(meanPositive(plain) + 0.01);
    }
  });
});
