/**
 * Booleans in Explore's charts (class balance, box plots and means by a boolean, in the file's
 * words) and the log-scale histogram (zeros and negatives counted, never binned).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/cli/profile';
import { tableFromArrays, type Column, type Table } from '../../src/lib/ml/core/table';
import { exploreCharts } from '../../src/lib/ml/explore/charts';
import { booleanAsCategory, groupingColumnsOf } from '../../src/lib/ml/explore/columns';
import { logHistogram } from '../../src/lib/ml/explore/log-histogram';

const telco = (await readTable(fileURLToPath(new URL('../fixtures/telco_like.csv', import.meta.url)))).table;

describe('the log-scale histogram', () => {
  it('bins log10 of the positive values and counts the zeros and negatives it cannot show', () => {
    const h = logHistogram(Float64Array.from([0, -5, 1, 10, 100, 1000, NaN, 0]), 3);
    // log10: 0, 1, 2, 3 → edges 0, 1, 2, 3; the last bin holds 100 and 1000 (its right edge included).
    expect(Array.from(h.histogram.edges)).toStrictEqual([0, 1, 2, 3]);
    expect(Array.from(h.histogram.counts)).toStrictEqual([1, 1, 2]);
    expect([h.zeros, h.negatives, h.histogram.missing]).toStrictEqual([2, 1, 1]);
  });

  it('a chart asked for a log scale gets one when there are positive values, and says what it left out', () => {
    const t = tableFromArrays('t', { spend: [0, 0, 3, 30, 300, -20, 3000], debt: [-1, -2, 0, -4, -5, -6, -7] });
    const charts = exploreCharts(t, { bins: [['spend', 2]], boxBy: '', log: ['spend', 'debt'] });
    const spend = charts.histograms.find((h) => h.column === 'spend')!;
    expect([spend.scale, spend.zeros, spend.negatives]).toStrictEqual(['log', 2, 1]);
    // log10 3 = 0.477 to log10 3000 = 3.477 in two bins of width 1.5.
    expect(Array.from(spend.histogram.counts)).toStrictEqual([2, 2]);
    expect(spend.histogram.edges[0]).toBeCloseTo(Math.log10(3), 12);
    // No positive value: it stays linear.
    const debt = charts.histograms.find((h) => h.column === 'debt')!;
    expect(debt.scale).toBe('linear');
    expect(debt.histogram.counts.reduce((s, c) => s + c, 0)).toBe(7);
  });
});

describe('booleans in the charts, in the file\'s words', () => {
  it('two-valued columns get a class balance (Yes/No, 0/1, a two-level categorical), not a bar chart', () => {
    const charts = exploreCharts(telco, { bins: [], boxBy: '' });
    const balance = (name: string) => charts.balances.find((b) => b.column === name);
    // awk -F, 'NR>1{print $10}' tests/fixtures/telco_like.csv | sort | uniq -c → 275 No, 125 Yes
    expect(balance('Churn')).toStrictEqual({ column: 'Churn', labels: ['No', 'Yes'], counts: [275, 125], missing: 0 });
    expect(balance('SeniorCitizen')).toMatchObject({ labels: ['0', '1'], counts: [331, 69] });
    expect(balance('gender')).toMatchObject({ counts: [194, 206] });
    expect(charts.categories.map((c) => c.column)).toStrictEqual(['Contract', 'PaymentMethod']);
  });

  it('a boolean can group the box plots; boxes and means are named in its words', () => {
    const charts = exploreCharts(telco, { bins: [], boxBy: 'Churn' });
    expect(charts.groupings).toStrictEqual(['gender', 'SeniorCitizen', 'Partner', 'Contract', 'PaymentMethod', 'Churn']);
    expect(charts.boxBy).toBe('Churn');
    const charges = charts.boxes.find((b) => b.column === 'MonthlyCharges')!;
    expect(charges.boxes.map((b) => [b.label, b.count])).toStrictEqual([['No', 275], ['Yes', 125]]);
    // numpy: MonthlyCharges mean by Churn = 66.74083636…, 69.43912.
    expect(charges.boxes[0].mean).toBeCloseTo(66.74083636363636, 10);
    expect(charges.boxes[1].mean).toBeCloseTo(69.43911999999999, 10);
  });

  it('the boxes group by the target unless the user chose a grouping', () => {
    expect(exploreCharts(telco, { bins: [], boxBy: '', target: 'Churn' }).boxBy).toBe('Churn');
    expect(exploreCharts(telco, { bins: [], boxBy: 'Contract', target: 'Churn' }).boxBy).toBe('Contract');
    expect(exploreCharts(telco, { bins: [], boxBy: '' }).boxBy).toBe('gender');
  });

  it('a boolean as categories: codes 0/1/−1 and its labels, true/false without them', () => {
    const t: Table = tableFromArrays('t', { flag: [1, 0, NaN, 1] }, { flag: 'boolean' });
    const view = booleanAsCategory(t.columns[0] as Extract<Column, { storage: 'number' }>);
    expect([Array.from(view.codes), view.dictionary]).toStrictEqual([[1, 0, -1, 1], ['false', 'true']]);
    expect(groupingColumnsOf(t).map((c) => c.name)).toStrictEqual(['flag']);
    const small = exploreCharts(t, { bins: [], boxBy: '' });
    expect(small.balances).toStrictEqual([{ column: 'flag', labels: ['false', 'true'], counts: [1, 2], missing: 1 }]);
  });
});
