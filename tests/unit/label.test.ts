import { describe, expect, it } from 'vitest';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { applyLabel, labelProblem } from '../../src/lib/ml/labels/label';
import { loadCustomers } from './fixtures';

describe('the one label builder', () => {
  it('builds a rule label as a yes/no column and counts it', () => {
    const label = applyLabel(loadCustomers(), { source: 'rules', rules: [{ column: 'loyalty_score', operator: '<', value: 5 }], combine: 'and' });
    // awk -F, 'NR>1 && $5<5' customer_purchasing_behaviors.csv | wc -l
    expect([label.target, label.positive, label.positives, label.present, label.reads]).toStrictEqual(['at_risk', 'yes', 51, 238, ['loyalty_score']]);
    expect(label.description).toBe('loyalty_score < 5');
    expect(label.table.columns.at(-1)).toMatchObject({ name: 'at_risk', type: 'boolean', role: 'target', dictionary: ['no', 'yes'] });
    expect(labelProblem(label)).toBeNull();
  });

  it('takes a free name when the file already has the label name', () => {
    const table = tableFromArrays('t', { at_risk: [1, 2, 3], x: [1, 5, 9] });
    const label = applyLabel(table, { source: 'rules', rules: [{ column: 'x', operator: '>', value: 4 }], combine: 'and' });
    expect(label.target).toBe('at_risk_2');
  });

  it("counts a column's classes in its own words, again when its words or type change", () => {
    const table = tableFromArrays('t', { churn: ['No', 'Yes', 'No', null], flag: [0, 1, 1, NaN], amount: [1.5, 2, 1.5, 2.25] });
    const [churn, flag, amount] = table.columns;
    const classes = (t: typeof table, column: string) => applyLabel(t, { source: 'column', column }).classes;
    expect(classes(table, 'churn')).toStrictEqual([{ value: 'No', count: 2 }, { value: 'Yes', count: 1 }]);
    expect(classes(table, 'amount')).toStrictEqual([{ value: '1.5', count: 2 }, { value: '2', count: 1 }, { value: '2.25', count: 1 }]);
    // The same values written otherwise: merged words, a boolean's own words, fixed decimals.
    const rewritten = {
      ...table,
      columns: [
        churn.storage === 'category' ? { ...churn, dictionary: ['stayed', 'left'] } : churn,
        { ...flag, type: 'boolean' as const, labels: ['N', 'Y'] as const },
        { ...amount, decimals: 2 },
      ],
    };
    expect(classes(rewritten, 'churn')).toStrictEqual([{ value: 'left', count: 1 }, { value: 'stayed', count: 2 }]);
    expect(classes(rewritten, 'flag')).toStrictEqual([{ value: 'N', count: 1 }, { value: 'Y', count: 2 }]);
    expect(classes(rewritten, 'amount').map((c) => c.value)).toStrictEqual(['1.50', '2.00', '2.25']);
  });

  it('uses a column as it is, with its positive class (default: the last class in model order) and prevalence', () => {
    const table = tableFromArrays('t', { churn: ['No', 'Yes', 'No', 'No', null], tier: ['10', '2', '2', '10', '2'] });
    expect(applyLabel(table, { source: 'column', column: 'churn' })).toMatchObject({ target: 'churn', positive: 'Yes', positives: 1, present: 4, reads: [] });
    expect(applyLabel(table, { source: 'column', column: 'churn', positive: 'No' })).toMatchObject({ positive: 'No', positives: 3 });
    // Numbers sort as numbers: 10 comes after 2.
    expect(applyLabel(table, { source: 'column', column: 'tier' }).positive).toBe('10');
    expect(() => applyLabel(table, { source: 'column', column: 'churn', positive: 'yes' })).toThrow(/"yes" is not a value of "churn"; its values are: No, Yes/);
  });

  it('says when a label cannot train a classifier', () => {
    const everyone = applyLabel(loadCustomers(), { source: 'rules', rules: [{ column: 'age', operator: '>', value: 0 }], combine: 'and' });
    expect(labelProblem(everyone)).toBe('The label marks every customer as yes: a classifier needs both kinds.');
  });
});
