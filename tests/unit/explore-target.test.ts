/**
 * Every feature against a target: hand-counted small tables, and the Telco-like fixture against
 * numpy (`np.corrcoef`, class means) and scipy (`contingency.association(method='cramer')`).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/cli/profile';
import { tableFromArrays, type Column, type Table } from '../../src/lib/ml/core/table';
import { targetCoding, targetView } from '../../src/lib/ml/explore/target';
import { exploreSummary } from '../../src/lib/ml/explore/summary';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';

const telco = (await readTable(fileURLToPath(new URL('../fixtures/telco_like.csv', import.meta.url)))).table;
const feature = (view: ReturnType<typeof targetView>, name: string) => {
  const f = view.features.find((x) => x.name === name);
  if (!f) throw new Error(`no feature ${name}`);
  return f;
};

describe('a two-valued target (Churn, Yes/No in the file)', () => {
  const view = targetView(telco, 'Churn');

  it('names its classes in the file\'s words, Yes positive', () => {
    // awk -F, 'NR>1{print $10}' tests/fixtures/telco_like.csv | sort | uniq -c → 275 No, 125 Yes
    expect([view.kind, view.classes, view.classCounts, view.positive]).toStrictEqual(['binary', ['No', 'Yes'], [275, 125], 'Yes']);
  });

  it('ranks every feature (not the id) by |r| or η, as numpy and scipy give them', () => {
    expect(view.features.map((f) => f.name)).toStrictEqual(['Contract', 'tenure', 'SeniorCitizen', 'PaymentMethod', 'TotalCharges', 'Partner', 'MonthlyCharges', 'gender']);
    expect(feature(view, 'Contract')).toMatchObject({ measure: 'eta', n: 400 });
    expect(feature(view, 'Contract').value).toBeCloseTo(0.3865480850068531, 12);
    expect(feature(view, 'tenure').value).toBeCloseTo(-0.11954573021870296, 12);
    expect(feature(view, 'TotalCharges')).toMatchObject({ measure: 'pearson', n: 394 });
    expect(feature(view, 'TotalCharges').value).toBeCloseTo(-0.05182575937875836, 12);
    // Booleans as 0/1: φ, signed (Partner = Yes churns less).
    expect(feature(view, 'Partner').value).toBeCloseTo(-0.050595989224661526, 12);
    expect(feature(view, 'gender').value).toBeCloseTo(0.017537089890925044, 12);
  });

  it('gives each number its mean per class and each categorical its rate of Yes per level', () => {
    const charges = feature(view, 'MonthlyCharges');
    expect(charges.means![0]).toBeCloseTo(66.74083636363636, 10);
    expect(charges.means![1]).toBeCloseTo(69.43911999999999, 10);
    const contract = feature(view, 'Contract');
    expect(contract.levels!.map((l) => [l.label, l.count])).toStrictEqual([['Month-to-month', 233], ['One year', 90], ['Two year', 77]]);
    // 108 of 233 month-to-month customers churned; 7 of 90; 10 of 77.
    expect(contract.levels!.map((l) => l.value)).toStrictEqual([108 / 233, 7 / 90, 10 / 77]);
    const partner = feature(view, 'Partner');
    expect(partner.levels!.map((l) => [l.label, l.count, l.value])).toStrictEqual([['Yes', 207, 60 / 207], ['No', 193, 65 / 193]]);
  });
});

describe('a numeric target and a target of several classes', () => {
  const t = tableFromArrays('t', {
    spend: [10, 20, 30, 40, 50, 60],
    visits: [1, 2, 3, 4, 5, 6],
    noise: [3, 1, 3, 1, 3, 1],
    region: ['n', 'n', 'n', 's', 's', 's'],
    plan: ['a', 'b', 'c', 'a', 'b', 'c'],
  });

  it('numeric: r of numbers, η of categoricals with the target\'s mean per level', () => {
    const view = targetView(t, 'spend');
    expect(view.kind).toBe('numeric');
    // plan: means 25, 35, 45 about 35: η = √(400/1750) = 0.478 beats noise's |r| = 0.293.
    expect(view.features.map((f) => [f.name, f.measure])).toStrictEqual([['visits', 'pearson'], ['region', 'eta'], ['plan', 'eta'], ['noise', 'pearson']]);
    expect(view.features[0].value).toBeCloseTo(1, 12);
    // region: means 20 and 50 about 35; SS between = 6 · 15² = 1350 of SS total 1750: η = √(27/35).
    expect(view.features[1].value).toBeCloseTo(Math.sqrt(27 / 35), 12);
    expect(view.features[1].levels).toStrictEqual([{ label: 'n', count: 3, value: 20 }, { label: 's', count: 3, value: 50 }]);
    // noise: r = Σ dx·dy / √(Σdx² Σdy²) = −30 / √(6 · 1750).
    expect(view.features[2].value).toBeCloseTo(Math.sqrt(400 / 1750), 12);
    expect(view.features[3].value).toBeCloseTo(-30 / Math.sqrt(6 * 1750), 12);
  });

  it('several classes: η of each number with its mean per class, V of categoricals', () => {
    const view = targetView(t, 'plan');
    expect([view.kind, view.classes, view.positive]).toStrictEqual(['classes', ['a', 'b', 'c'], null]);
    const visits = view.features.find((f) => f.name === 'visits')!;
    expect(visits.measure).toBe('eta');
    expect(visits.means).toStrictEqual([2.5, 3.5, 4.5]);
    // Means 2.5, 3.5, 4.5 about 3.5: SS between = 2 + 0 + 2 = 4 of 17.5.
    expect(visits.value).toBeCloseTo(Math.sqrt(4 / 17.5), 12);
    const region = view.features.find((f) => f.name === 'region')!;
    expect(region.measure).toBe('cramers-v');
    expect(region.value).toBeCloseTo(0, 12);
  });

  it('a number column of two values is binary, the larger one positive; a text or id column cannot be a target', () => {
    const two = tableFromArrays('t', { churned: [0, 1, 0, 0], x: [1, 5, 2, 1] });
    expect(targetCoding(two.columns[0])).toMatchObject({ kind: 'binary', classes: ['0', '1'], classCounts: [3, 1], positive: '1' });
    const id: Column = { ...telco.columns[0] };
    expect(() => targetCoding(id)).toThrow(/"customerID" cannot be compared with the features as a target: it is an id column/);
    expect(() => targetView(t, 'nope')).toThrow(/not a column/);
    const constant = tableFromArrays('t', { k: [2, 2, 2] });
    expect(() => targetCoding(constant.columns[0])).toThrow(/one value only/);
  });
});

describe('through the explore job', () => {
  it('the job compares every feature with the target it is given, and reports a target that cannot be one', async () => {
    const result = await runJob(makeRunConfig('explore', { method: 'pearson', target: 'Churn', columns: [] }), telco);
    expect(result.target?.features[0].name).toBe('Contract');
    expect(result.findings.map((f) => f.id)).toContain('missing:TotalCharges');
    const bad = exploreSummary(telco as Table, { method: 'pearson', target: 'customerID' });
    expect([bad.target, bad.targetError]).toStrictEqual([null, '"customerID" cannot be compared with the features as a target: it is an id column.']);
  });
});
