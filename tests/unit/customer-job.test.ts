import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import type { NumberColumn, Table } from '../../src/lib/ml/core/table';
import { lookupCustomer, type CustomerModelsConfig, type Profile, type TrainSummary } from '../../src/lib/ml/customer/customer-models';
import { profileTable } from '../../src/lib/ml/customer/profile-row';
import type { ProgressCallback } from '../../src/lib/ml/core/model';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';

const csv = readFileSync(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url), 'utf8');
const table = parseCsvText(csv, 'customer_purchasing_behaviors.csv').table;
const config = { target: 'purchase_amount', riskColumn: 'loyalty_score', riskThreshold: 5 };

/** The two models trained by the 'customer' job, scored and explained one profile at a time by 'score' jobs. */
async function trainCustomer(data: Table, settings: CustomerModelsConfig, onProgress?: ProgressCallback) {
  const models = await runJob(makeRunConfig('customer', settings), data, { onProgress });
  const resources = new Map([
    ['spend', models.spend],
    ['risk', models.risk],
  ]);
  const explain = async (model: string, profile: Profile) => {
    const [why] = (await runJob(makeRunConfig('score', { model, explain: true }), profileTable(models.summary.inputs, profile), { resources })).explanations ?? [];
    return why;
  };
  return {
    summary: models.summary,
    lookup: (id: string) => lookupCustomer(data, models.summary.idColumn, id, models.summary.inputs),
    async predict(profile: Profile) {
      const [spend, risk] = [await explain('spend', profile), await explain('risk', profile)];
      return { spend, risk: { ...risk, atRisk: risk.value >= 0.5 } };
    },
  };
}
type Trained = Awaited<ReturnType<typeof trainCustomer>>;
const withValue = (profile: Profile, name: string, value: number | string | null): Profile => new Map(profile).set(name, value);

/** SHAP's local accuracy: expected value + Σ contributions = prediction. */
function additivityError(e: { value: number; expected: number; contributions: { value: number }[] }): number {
  return Math.abs(e.expected + e.contributions.reduce((s, c) => s + c.value, 0) - e.value);
}

describe("the 'customer' job on the default data", () => {
  let api: Trained;
  let summary: TrainSummary;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    api = await trainCustomer(table, config, (done, total) => progress.push([done, total]));
    summary = api.summary;
  });

  test('trains a spend model without the target or id, and a risk model without the label source', () => {
    expect(summary.idColumn).toBe('user_id');
    expect(summary.spend.features).toStrictEqual(['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency']);
    expect(summary.risk.features).toStrictEqual(['age', 'annual_income', 'purchase_amount', 'region', 'purchase_frequency']);
    expect(summary.risk.excluded).toContainEqual({ column: 'loyalty_score', reason: 'the label is computed from it' });
    expect(summary.inputs.map((i) => i.name)).toStrictEqual(['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'region', 'purchase_frequency']);
    const income = summary.inputs.find((i) => i.name === 'annual_income')!;
    expect([income.min, income.max, income.kind]).toStrictEqual([30000, 75000, 'number']);
    expect(summary.inputs.find((i) => i.name === 'region')!.levels).toStrictEqual(['East', 'North', 'South', 'West']);
  });

  test('cross-validates with identical rows grouped, near scikit-learn GroupKFold RF (RMSE 14.49 ± 3.33)', () => {
    expect(summary.spend.splitter).toBe('group k-fold on identical rows');
    expect(summary.spend.cvRmse).toBeGreaterThan(14.49 - 3.33);
    expect(summary.spend.cvRmse).toBeLessThan(14.49 + 3.33);
    expect(summary.risk.positiveRate).toBeCloseTo(51 / 238, 12);
    expect(summary.risk.cvMetrics.roc_auc).toBeGreaterThanOrEqual(0.99);
    expect(summary.risk.cvRmse).toBeGreaterThan(0);
    expect(summary.risk.cvRmse).toBeLessThan(0.2);
  });

  test('reports progress up to the total', () => {
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toStrictEqual([12, 12]);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
  });

  test('looks a customer up by id and explains both predictions exactly (SHAP sums to the prediction)', async () => {
    for (const id of ['1', '77', '238']) {
      const record = api.lookup(id);
      expect(record.id).toBe(id);
      expect(record.profile.get('annual_income')).toBe((table.columns[2] as NumberColumn).values[record.row]);
      const p = await api.predict(record.profile);
      expect(additivityError(p.spend)).toBeLessThan(1e-6);
      expect(additivityError(p.risk)).toBeLessThan(1e-6);
      expect(p.spend.contributions.map((c) => c.column).sort()).toStrictEqual(summary.spend.features.slice().sort());
      expect(p.risk.value).toBeGreaterThanOrEqual(0);
      expect(p.risk.value).toBeLessThanOrEqual(1);
      expect(p.risk.atRisk).toBe(p.risk.value >= 0.5);
    }
  });

  test('customer 1 (loyalty 4.5) is at risk and predicted near their spend of 200', async () => {
    const p = await api.predict(api.lookup('1').profile);
    expect(p.risk.atRisk).toBe(true);
    expect(Math.abs(p.spend.value - 200)).toBeLessThan(summary.spend.cvRmse);
    // the expected value is the forest's cover-weighted mean: close to the mean spend
    const spend = (table.columns[3] as NumberColumn).values;
    expect(p.spend.expected).toBeCloseTo(spend.reduce((s, v) => s + v, 0) / spend.length, -1);
  });

  test('a richer profile (higher income) predicts more spend', async () => {
    const base = api.lookup('1').profile;
    const poor = (await api.predict(withValue(base, 'annual_income', 30000))).spend.value;
    const rich = (await api.predict(withValue(base, 'annual_income', 75000))).spend.value;
    expect(rich).toBeGreaterThan(poor);
    const income = (await api.predict(withValue(base, 'annual_income', 75000))).spend.contributions.find((c) => c.column === 'annual_income')!;
    expect(income.value).toBeGreaterThan(0);
  });

  test('missing profile values are imputed, not refused; one-hot levels sum into one contribution', async () => {
    const p = await api.predict(withValue(withValue(summary.initialProfile, 'region', null), 'age', null));
    expect(additivityError(p.spend)).toBeLessThan(1e-6);
    expect(p.spend.contributions.filter((c) => c.column === 'region')).toHaveLength(1);
  });

  test('is deterministic: models trained the same way again predict the same', async () => {
    const other = await trainCustomer(table, config);
    const profile = api.lookup('42').profile;
    expect(await other.predict(profile)).toStrictEqual(await api.predict(profile));
  });

  test('bad requests get clear errors', async () => {
    expect(() => api.lookup('999')).toThrow(/No customer with user_id "999"/);
    expect(() => api.lookup('  ')).toThrow(/Type a customer id/);
    await expect(api.predict(new Map([['favourite_colour', 'blue']]))).rejects.toThrow(/"favourite_colour", which no model reads/);
    await expect(api.predict(withValue(summary.initialProfile, 'age', 'old'))).rejects.toThrow(/"age" must be a number, got "old"/);
  });
});

describe("the 'customer' job: set-up errors and leakage", () => {
  test('scoring without the trained model says which model is missing', async () => {
    await expect(runJob(makeRunConfig('score', { model: 'spend' }), table)).rejects.toThrow(/needs the resource "spend", which was not given/);
  });

  test('rejects a rule nobody meets, a non-numeric target and the same column twice', async () => {
    await expect(trainCustomer(table, { ...config, riskThreshold: 0, nEstimators: 5 })).rejects.toThrow(/Nobody is at risk with "loyalty_score < 0" \(0 of 238 rows\)/);
    await expect(trainCustomer(table, { ...config, target: 'region', nEstimators: 5 })).rejects.toThrow(/The spend target "region" is categorical; pick a numeric column/);
    await expect(trainCustomer(table, { ...config, riskColumn: 'purchase_amount', nEstimators: 5 })).rejects.toThrow(/cannot be the spend target/);
    await expect(trainCustomer(table, { ...config, target: 'nope', nEstimators: 5 })).rejects.toThrow(/nope/);
  });

  test('a derived column computed from the target is not a spend feature, but stays a risk feature', async () => {
    const spend = (table.columns[3] as NumberColumn).values;
    const income = (table.columns[2] as NumberColumn).values;
    const ratio: NumberColumn = {
      name: 'spend_to_income_ratio',
      type: 'numeric',
      role: 'feature',
      storage: 'number',
      values: spend.map((s, i) => s / income[i]),
    };
    const withRatio: Table = { ...table, columns: [...table.columns, ratio] };
    const api = await trainCustomer(withRatio, { ...config, nEstimators: 10, lineage: [{ name: 'spend_to_income_ratio', sources: ['purchase_amount', 'annual_income'] }] });
    const s = api.summary;
    expect(s.spend.features).not.toContain('spend_to_income_ratio');
    expect(s.spend.excluded).toContainEqual({ column: 'spend_to_income_ratio', reason: '"spend_to_income_ratio" is computed from the target "purchase_amount" (spend_to_income_ratio ← purchase_amount)' });
    expect(s.risk.features).toContain('spend_to_income_ratio');
    const p = await api.predict(api.lookup('5').profile);
    expect(additivityError(p.risk)).toBeLessThan(1e-6);
  });

  test('without an id column, customers are looked up by row number', async () => {
    const noId: Table = { ...table, columns: table.columns.filter((c) => c.name !== 'user_id') };
    const api = await trainCustomer(noId, { ...config, nEstimators: 5 });
    expect(api.summary.idColumn).toBeNull();
    expect(api.lookup('3').row).toBe(2);
    expect(() => api.lookup('239')).toThrow(/use a row number from 1 to 238/);
  });
});
