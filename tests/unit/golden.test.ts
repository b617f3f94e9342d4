/**
 * Golden results: a few cross-validation runs, a segmentation and the Customer models on the
 * default data, frozen from the code as it stood before the run/job redesign
 * (tests/fixtures/golden-runs.json). The same seed must keep giving the same numbers, to the
 * last bit: a refactor that changes one is a behaviour change, not a clean-up.
 * GOLDEN_UPDATE=1 npx vitest run tests/unit/golden.test.ts rewrites the file (only for a
 * deliberate change of results, said so in the commit).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossValidate, type CvConfig, type CvResult } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { buildLabel, withLabelColumn } from '../../src/lib/ml/labels/label-rules';
import { segmentCustomers } from '../../src/lib/ml/segments/segmentation';
import { profileTable } from '../../src/lib/ml/customer/profile-row';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import type { Table } from '../../src/lib/ml/core/table';
import { loadCustomers } from './fixtures';

const goldenUrl = new URL('../fixtures/golden-runs.json', import.meta.url);

/** What is kept of a CV run: every metric per fold and the out-of-fold predictions. */
function cvDigest(result: CvResult) {
  return {
    splitter: result.splitter,
    features: result.features,
    metrics: result.metrics,
    per_fold: result.per_fold,
    predictions: Array.from(result.oof.predictions),
    proba: result.oof.proba ? Array.from(result.oof.proba) : null,
  };
}

const regression: CvConfig[] = (['linear', 'ridge', 'lasso', 'elasticnet', 'knn', 'rf', 'gbm'] as const).map((model) => ({
  target: 'purchase_amount',
  task: 'regression',
  model,
  features: ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'],
  seed: 3,
}));

function riskTable(): Table {
  const table = loadCustomers();
  return withLabelColumn(table, buildLabel(table, { rules: [{ column: 'loyalty_score', operator: '<', value: 6 }], combine: 'and' }).label).table;
}

const classification: CvConfig[] = [
  ...(['logistic', 'knn', 'rf', 'gbm'] as const).map(
    (model): CvConfig => ({ target: 'at_risk', task: 'classification', model, features: ['age', 'annual_income', 'region', 'purchase_frequency'], positive: 'yes', seed: 1 }),
  ),
  { target: 'at_risk', task: 'classification', model: 'logistic', features: ['age', 'annual_income', 'region'], imbalance: 'smote', seed: 2 },
  { target: 'at_risk', task: 'classification', model: 'rf', features: ['age', 'annual_income', 'region'], imbalance: 'balanced-weights', duplicateGrouping: 'off', seed: 2 },
];

const multiclass: CvConfig[] = (['rf', 'gbm', 'logistic'] as const).map((model) => ({
  target: 'region',
  task: 'classification',
  model,
  features: ['age', 'annual_income', 'purchase_amount', 'loyalty_score'],
  seed: 0,
  modelOptions: model === 'logistic' ? {} : { nEstimators: 30 },
}));

async function computeGolden() {
  const customers = loadCustomers();
  const risk = riskTable();
  const cv: Record<string, ReturnType<typeof cvDigest>> = {};
  for (const config of regression) cv[`regression/${config.model}`] = cvDigest(await crossValidate(customers, config));
  for (const [i, config] of classification.entries()) cv[`classification/${config.model}/${i}`] = cvDigest(await crossValidate(risk, config));
  for (const config of multiclass) cv[`multiclass/${config.model}`] = cvDigest(await crossValidate(customers, config));
  cv['regression/mlp'] = cvDigest(await crossValidate(customers, { ...regression[0], model: 'mlp', folds: 3, modelOptions: { epochs: 15, hiddenLayers: [8] } }));

  const segmentation = await segmentCustomers(customers, { features: ['annual_income', 'age', 'purchase_amount'], kMin: 2, kMax: 7, seed: 4 });
  const segments = {
    bestK: segmentation.bestK,
    sweep: segmentation.sweep,
    segmentOfRow: Array.from(segmentation.segmentOfRow),
    personas: segmentation.personas.map((p) => p.name),
    explainedVarianceRatio: segmentation.explainedVarianceRatio,
  };

  const models = await runJob(makeRunConfig('customer', { target: 'purchase_amount', riskColumn: 'loyalty_score', riskThreshold: 5, nEstimators: 30 }), customers);
  const { summary } = models;
  const resources = new Map([
    ['spend', models.spend],
    ['risk', models.risk],
  ]);
  const row = profileTable(summary.inputs, summary.initialProfile);
  const [spendWhy] = (await runJob(makeRunConfig('score', { model: 'spend', explain: true }), row, { resources })).explanations ?? [];
  const [riskWhy] = (await runJob(makeRunConfig('score', { model: 'risk', explain: true }), row, { resources })).explanations ?? [];
  const customer = {
    spend: { features: summary.spend.features, cvRmse: summary.spend.cvRmse, cvMetrics: summary.spend.cvMetrics },
    risk: { features: summary.risk.features, cvRmse: summary.risk.cvRmse, cvMetrics: summary.risk.cvMetrics, positiveRate: summary.risk.positiveRate },
    initialProfile: Object.fromEntries(summary.initialProfile),
    spendValue: spendWhy.value,
    spendExpected: spendWhy.expected,
    spendContributions: spendWhy.contributions,
    riskValue: riskWhy.value,
    riskContributions: riskWhy.contributions,
  };
  return { cv, segments, customer };
}

describe('golden results of the default data (same seed, same bits)', async () => {
  const actual = JSON.parse(JSON.stringify(await computeGolden()));
  if (process.env.GOLDEN_UPDATE === '1') writeFileSync(goldenUrl, JSON.stringify(actual, null, 1) + '\n');
  const golden = JSON.parse(readFileSync(goldenUrl, 'utf8'));

  it.each(Object.keys(golden.cv))('cross-validation %s', (key) => {
    expect(actual.cv[key]).toStrictEqual(golden.cv[key]);
  });
  it('segmentation: sweep, best k, labels and personas', () => {
    expect(actual.segments).toStrictEqual(golden.segments);
  });
  it('customer models: CV summaries and the explained prediction of the median customer', () => {
    expect(actual.customer).toStrictEqual(golden.customer);
  });
});
