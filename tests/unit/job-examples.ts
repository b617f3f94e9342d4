/**
 * One example run of every job kind on the default data, in an order where each finds what it needs
 * (the parsed table, a trained model, the customer models). The unit tests run them through the job
 * table in Node; the end-to-end test runs the same RunConfigs through the worker pool in Chromium.
 */
import { readFileSync } from 'node:fs';
import type { Table } from '../../src/lib/ml/core/table';
import type { TrainSummary } from '../../src/lib/ml/customer/customer-models';
import { profileTable } from '../../src/lib/ml/customer/profile-row';
import type { JobKind } from '../../src/lib/runs/jobs';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig, type RunConfig } from '../../src/lib/runs/run-config';
import { resourceOf } from './job-resources';

/** One example: the run, what it reads, and what it keeps for later examples. */
export interface JobExample {
  run: RunConfig;
  /** 'file': the CSV as a Blob; 'table': the parsed table; 'profile': the customer models' initial profile row. */
  input: 'file' | 'table' | 'profile';
  saveAs?: string;
  resources?: string[];
  /** With input 'profile': the saved customer models. */
  customer?: string;
  /** With input 'file': this CSV text instead of the default data's. */
  csv?: string;
  /** With input 'file': the saved model file (a 'model-file' result) to read instead of the CSV. */
  file?: string;
}

/** The default data's CSV text. */
export const defaultCsv = readFileSync(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url), 'utf8');

/** A transaction log (the 'clv' example reads it). */
export const logCsv = readFileSync(new URL('../fixtures/transactions_log.csv', import.meta.url), 'utf8');
const logColumns = { customer: 'CustomerID', date: 'InvoiceDate', amount: 'Amount', invoice: 'InvoiceNo' };

const features = ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'];
const cv = { target: 'purchase_amount', task: 'regression' as const, model: 'ridge' as const, features };
const risk = { source: 'rules' as const, rules: [{ column: 'loyalty_score', operator: '<' as const, value: 5 }], combine: 'and' as const };
const riskCv = { target: 'at_risk', task: 'classification' as const, model: 'rf' as const, features: ['age', 'annual_income', 'region', 'purchase_frequency'], label: risk, modelOptions: { nEstimators: 15 } };
const segment = { features: ['annual_income', 'age', 'purchase_amount'], scale: 'standard' as const, kMin: 2, kMax: 6, nInit: 4, stabilityRuns: 0 };

/** An example of every job kind. */
export function jobExamples(): JobExample[] {
  return [
    // First, on another file (the default data's parse comes next and is the table of the rest). Without
    // the fits: an optimiser can turn the last-bit differences of Math.log between engines into bigger ones.
    { run: makeRunConfig('parse', { name: 'transactions_log.csv' }), input: 'file', csv: logCsv },
    { run: makeRunConfig('clv', { columns: logColumns, unit: 'weeks', fit: false, horizonMonths: 12, discount: 0.01 }), input: 'table' },
    { run: makeRunConfig('parse', { name: 'customer_purchasing_behaviors.csv' }), input: 'file', saveAs: 'data' },
    { run: makeRunConfig('profile', {}), input: 'table' },
    { run: makeRunConfig('explore', { method: 'spearman' }), input: 'table' },
    { run: makeRunConfig('explore-charts', { bins: [['age', 5]], boxBy: 'region' }), input: 'table' },
    { run: makeRunConfig('label', { label: risk }), input: 'table' },
    { run: makeRunConfig('cv', cv, { seed: 2 }), input: 'table' },
    { run: makeRunConfig('cv', riskCv, { seed: 1 }), input: 'table' },
    { run: makeRunConfig('learning-curve', { cv, metric: 'r2', fractions: [0.3, 1] }, { seed: 2 }), input: 'table' },
    { run: makeRunConfig('explain', { cv: { ...cv, model: 'gbm', modelOptions: { nEstimators: 20 } }, options: { nRepeats: 3, shapRows: 40 } }, { seed: 2 }), input: 'table' },
    { run: makeRunConfig('suspicion', { cv: riskCv }, { seed: 1 }), input: 'table' },
    { run: makeRunConfig('tune', { cv, space: { alpha: { type: 'float', min: 0.01, max: 100, log: true } }, method: 'random', nTrials: 4, metric: 'r2', searchSeed: 3 }, { seed: 2 }), input: 'table' },
    { run: makeRunConfig('train', { ...riskCv, features: riskCv.features }, { seed: 1 }), input: 'table', saveAs: 'risk-model' },
    { run: makeRunConfig('score', { model: 'risk-model' }), input: 'table', resources: ['risk-model'] },
    { run: makeRunConfig('drift', { source: { kind: 'table', current: 'data-table' }, model: 'risk-model' }), input: 'table', resources: ['data-table', 'risk-model'] },
    { run: makeRunConfig('score-file', { model: 'risk-model', name: 'customer_purchasing_behaviors.csv' }), input: 'file', resources: ['risk-model'] },
    { run: makeRunConfig('model-file', { ...cv, name: 'Spend', createdAt: '2026-01-01T00:00:00.000Z' }, { seed: 2 }), input: 'table', saveAs: 'spend-file' },
    { run: makeRunConfig('score-file', { model: 'spend-text', name: 'customer_purchasing_behaviors.csv' }), input: 'file', resources: ['spend-text'] },
    { run: makeRunConfig('check-model', { name: 'spend.model.json' }), input: 'file', file: 'spend-file' },
    { run: makeRunConfig('sweep', { features: segment.features, scale: 'minmax', kMin: 2, kMax: 5, nInit: 3 }, { seed: 5 }), input: 'table' },
    { run: makeRunConfig('segment', segment, { seed: 4 }), input: 'table' },
    { run: makeRunConfig('segment-view', { segment, k: 3 }, { seed: 4 }), input: 'table', saveAs: 'view' },
    { run: makeRunConfig('export-code', { kind: 'cv', run: makeRunConfig('cv', { ...riskCv, folds: 3 }, { seed: 2 }), options: { source: { fileName: 'customer_purchasing_behaviors.csv', separator: ',' } } }), input: 'table' },
    { run: makeRunConfig('export-code', { kind: 'segments', segmentation: { ...segment, seed: 4 }, k: 3, options: { source: { fileName: 'customer_purchasing_behaviors.csv', separator: null } } }), input: 'table' },
    {
      run: makeRunConfig('segments-file', { segment, k: 3, assignment: 'view-rows', personas: ['Big spenders', 'Careful', '__proto__'], createdAt: '2026-01-01T00:00:00.000Z' }, { seed: 4 }),
      input: 'table',
      resources: ['view-rows'],
      saveAs: 'segments-file',
    },
    { run: makeRunConfig('score-file', { model: 'segments-text', name: 'customer_purchasing_behaviors.csv' }), input: 'file', resources: ['segments-text'] },
    { run: makeRunConfig('simulate', { ...cv, months: 4, batchSize: 100, shifts: { numeric: [{ column: 'annual_income', kind: 'mean', amount: 0.4 }], concept: { feature: 'age', amount: 0.5, start: 3, shape: 'step' } } }, { seed: 6 }), input: 'table' },
    { run: makeRunConfig('noise', { target: 'purchase_amount', task: 'regression', models: ['ridge', 'knn'], features, levels: [0, 0.25], repeats: 2 }, { seed: 6 }), input: 'table' },
    { run: makeRunConfig('customer', { target: 'purchase_amount', riskColumn: 'loyalty_score', riskThreshold: 5, nEstimators: 15, folds: 3 }), input: 'table', saveAs: 'customer' },
    { run: makeRunConfig('counterfactual', { model: 'customer-risk', threshold: 0.5, features: [{ name: 'purchase_frequency', kind: 'number', min: 10, max: 28, step: 1, sd: 4.5, levels: [] }, { name: 'region', kind: 'category', min: 0, max: 0, step: 1, sd: 0, levels: ['East', 'North', 'South', 'West'] }] }), input: 'profile', customer: 'customer', resources: ['customer-risk'] },
    { run: makeRunConfig('score', { model: 'customer-spend', explain: true }), input: 'profile', customer: 'customer', resources: ['customer-spend'] },
  ];
}

/** The kinds the examples cover. */
export function kindsOf(examples: readonly JobExample[]): JobKind[] {
  return [...new Set(examples.map((e) => e.run.kind))];
}

/** A result as plain JSON (typed arrays as arrays, Maps as objects), without the timings and training times that differ between runs. */
export function comparable(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'seconds' || key === 'createdAt' ? undefined : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v instanceof Map ? Object.fromEntries(v) : v,
    ),
  );
}

/** Runs every example through the job table in this thread; results by example index. */
export async function runExamplesInNode(examples: readonly JobExample[]): Promise<unknown[]> {
  let table: Table | null = null;
  const saved = new Map<string, unknown>();
  const results: unknown[] = [];
  for (const example of examples) {
    let input: unknown = table;
    if (example.input === 'file') input = new Blob([example.file ? (saved.get(example.file) as { text: string }).text : (example.csv ?? defaultCsv)]);
    if (example.input === 'profile') {
      const { summary } = saved.get(example.customer ?? '') as { summary: TrainSummary };
      input = profileTable(summary.inputs, summary.initialProfile);
    }
    const resources = new Map((example.resources ?? []).map((name) => [name, resourceOf(saved, name)]));
    const result = await runJob(example.run as never, input as never, { resources });
    if (example.run.kind === 'parse') table = (result as { table: Table }).table;
    if (example.saveAs) saved.set(example.saveAs, result);
    results.push(result);
  }
  return results;
}
