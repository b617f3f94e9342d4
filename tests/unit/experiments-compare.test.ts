import { describe, expect, it } from 'vitest';
import { cvRecord, foldKeyOf, segmentRecord, tuneRecord, type RecordContext } from '../../src/lib/experiments/build-record';
import { bestRunIndex, metricKeys, pairedAgainstBest, runLabels, runLetter } from '../../src/lib/experiments/compare-runs';
import { thinCurve } from '../../src/lib/experiments/compact-curve';
import { comparePaired, describePaired, formatAmount, pairedStats } from '../../src/lib/experiments/paired-difference';
import { parameterDiff } from '../../src/lib/experiments/param-diff';
import { anyRun, filterChoices, queryRuns } from '../../src/lib/experiments/run-query';
import type { RunRecord } from '../../src/lib/experiments/run-record';
import { trialDimensions, trialLines } from '../../src/lib/experiments/trial-dimensions';
import type { CvResult } from '../../src/lib/ml/evaluation/cv/cross-validate';
import type { SegmentationResult } from '../../src/lib/ml/segments/segmentation';
import type { CvJobConfig } from '../../src/lib/runs/jobs/model-jobs';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { loadCustomers } from './fixtures';

const data = { name: 'customers.csv', rows: 4, cols: 3, hash: '0123456789abcdef' };
const context: RecordContext = { startedAt: 1_000, finishedAt: 3_500, appVersion: '0.1.0', columns: [{ name: 'age', type: 'numeric' }, { name: 'spend', type: 'numeric' }, { name: 'region', type: 'categorical' }] };

/** A hand-made regression result with these R² per fold. */
function regression(model: CvJobConfig['model'], r2: number[], rmse = r2.map((v) => 10 - v)): CvResult {
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const std = (xs: number[]) => Math.sqrt(mean(xs.map((v) => (v - mean(xs)) ** 2)));
  return {
    task: 'regression',
    model,
    target: 'spend',
    folds: r2.length,
    splitter: 'kfold',
    features: ['age', 'region'],
    excluded: [{ column: 'spend_score', reason: 'computed from the target' }, ...Array.from({ length: 5000 }, (_, i) => ({ column: `c${i}`, reason: 'not selected' }))],
    metrics: { r2: { mean: mean(r2), std: std(r2) }, rmse: { mean: mean(rmse), std: std(rmse) } },
    per_fold: r2.map((v, i) => ({ r2: v, rmse: rmse[i] })),
    oof: { rows: new Int32Array([0, 1, 2, 3]), fold: new Int32Array([0, 0, 1, 1]), yTrue: new Float64Array([1, 2, 3, 4]), predictions: new Float64Array([1.1, 1.9, 3.2, 3.7]) },
    duplicates: { count: 0, distinct: 4, largest: 1, grouped: false, reason: '' },
    seconds: 0.5,
  };
}

function cvRun(model: CvJobConfig['model'], options: Record<string, unknown> = {}, seed = 0) {
  const config: CvJobConfig = { target: 'spend', task: 'regression', model, features: ['age', 'region'], folds: 3, duplicateGrouping: 'auto', ...(Object.keys(options).length ? { modelOptions: options } : {}) };
  return makeRunConfig('cv', config, { seed, data });
}

describe('paired difference over folds', () => {
  it('is the mean of the per-fold differences with the sample standard error', () => {
    // differences 1, 2, 3: mean 2, sample sd 1, se 1/√3
    const stats = pairedStats([3, 4, 5], [2, 2, 2]);
    expect([stats.n, stats.mean]).toStrictEqual([3, 2]);
    expect(stats.se).toBeCloseTo(1 / Math.sqrt(3), 14);
    // a fold without a value in one run is left out of the pairing
    expect(pairedStats([1, NaN, 4], [0, 1, 1])).toStrictEqual({ n: 2, mean: 2, se: 1 });
    expect(pairedStats([1], [0])).toStrictEqual({ n: 1, mean: 1, se: NaN });
  });

  it('says which run wins, by how much and in how many standard errors', () => {
    const a = cvRecord(cvRun('rf'), regression('rf', [0.9, 0.8, 0.85]), context);
    const b = cvRecord(cvRun('ridge'), regression('ridge', [0.88, 0.79, 0.8]), context);
    const c = comparePaired(a, b, 'r2');
    // differences 0.02, 0.01, 0.05: mean 0.02667, sample sd 0.02082, se 0.01202, 2.2 standard errors
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.mean).toBeCloseTo(0.026667, 6);
    expect(c.se).toBeCloseTo(0.0120185, 6);
    expect(describePaired(c, 'Random forest', 'Ridge regression')).toBe('Random forest beats Ridge regression by 0.027 R², about 2.2 standard errors (paired over 3 folds).');
  });

  it('counts a smaller error as the win, and calls a small difference fold noise', () => {
    const a = cvRecord(cvRun('rf'), regression('rf', [0.9, 0.8, 0.85], [3, 4, 5]), context);
    const b = cvRecord(cvRun('ridge'), regression('ridge', [0.88, 0.79, 0.8], [2, 2, 2]), context);
    const rmse = comparePaired(a, b, 'rmse');
    expect(rmse.ok && describePaired(rmse, 'A', 'B')).toBe('B beats A by 2.00 RMSE, about 3.5 standard errors (paired over 3 folds).');
    const noisy = comparePaired(cvRecord(cvRun('rf'), regression('rf', [0.9, 0.7, 0.8]), context), cvRecord(cvRun('ridge'), regression('ridge', [0.8, 0.8, 0.8]), context), 'r2');
    // differences 0.1, −0.1, 0: mean 0, or nearly, in floating point
    expect(noisy.ok && describePaired({ ...noisy, mean: 0.01, se: 0.05 }, 'A', 'B')).toBe('A beats B by 0.010 R², about 0.2 standard errors (paired over 3 folds): within fold noise.');
    expect(noisy.ok && describePaired({ ...noisy, mean: 0, se: 0.05 }, 'A', 'B')).toBe('A and B score the same R² (paired over 3 folds).');
    expect(noisy.ok && describePaired({ ...noisy, mean: 0.5, se: 0 }, 'A', 'B')).toBe('A beats B by 0.50 R² in every one of the 3 folds by the same amount (paired over 3 folds).');
  });

  it('refuses to pair runs on other folds, and says why', () => {
    const a = cvRecord(cvRun('rf'), regression('rf', [0.9, 0.8, 0.85]), context);
    const otherSeed = cvRecord(cvRun('ridge', {}, 7), regression('ridge', [0.88, 0.79, 0.8]), context);
    expect(comparePaired(a, otherSeed, 'r2')).toStrictEqual({ ok: false, reason: 'they were not evaluated on the same folds (same data, seed, folds and target)' });
    expect(comparePaired(a, a, 'f1')).toStrictEqual({ ok: false, reason: 'one of them has no F1 per fold' });
  });

  it('formats amounts to about two significant digits', () => {
    expect([formatAmount(0.01234), formatAmount(-3.456), formatAmount(123.4)]).toStrictEqual(['0.012', '3.46', '123']);
  });

  it('pairs real cross-validations of two models on the same folds', async () => {
    const table = loadCustomers();
    const fingerprint = { name: 'customers', rows: table.rowCount, cols: table.columns.length, hash: 'aaaaaaaaaaaaaaaa' };
    const runOf = (model: CvJobConfig['model']) => makeRunConfig('cv', { target: 'purchase_amount', task: 'regression', model, folds: 5 } as CvJobConfig, { seed: 0, data: fingerprint });
    const [linear, ridge] = [runOf('linear'), runOf('ridge')];
    const records = [cvRecord(linear, await runJob(linear, table), context), cvRecord(ridge, await runJob(ridge, table), context)];
    expect(records[0].foldKey).toBe(records[1].foldKey);
    const a = records[0].perFold.find((f) => f.key === 'r2')!.values;
    const b = records[1].perFold.find((f) => f.key === 'r2')!.values;
    const c = comparePaired(records[0], records[1], 'r2');
    expect(c.ok && c.n).toBe(5);
    expect(c.ok && c.mean).toBeCloseTo(a.reduce((s, v, i) => s + v - b[i], 0) / 5, 12);
    const lines = pairedAgainstBest(records, 'r2');
    expect(lines).toHaveLength(1);
    expect(lines[0].text).toMatch(/^(Linear regression beats Ridge regression|Ridge regression beats Linear regression) by [\d.]+ R², about [\d.]+ standard errors? \(paired over 5 folds\)/);
  });

  it('pairs against the best cross-validation, and says why a search or a stopped run has no pairing', () => {
    const rf = cvRecord(cvRun('rf'), regression('rf', [0.9, 0.8, 0.85]), context);
    const ridge = cvRecord(cvRun('ridge'), regression('ridge', [0.88, 0.79, 0.8]), context);
    const stopped = cvRecord(cvRun('knn'), null, context);
    const search = tuneRecord(makeRunConfig('tune', { cv: cvRun('gbm').config, space: {}, method: 'random', nTrials: 1, metric: 'r2', searchSeed: 0 }, { seed: 0, data }), { trials: [], best: { index: 0, params: {}, budget: 1, score: 0.99, round: 0 }, baseline: null, cancelled: false }, context);
    const lines = pairedAgainstBest([search, ridge, stopped, rf], 'r2');
    expect(lines.map((l) => [l.index, l.best])).toStrictEqual([[0, 3], [1, 3], [2, 3]]);
    expect(lines[0].text).toBe('Gradient boosting search: no R² per fold to pair (a search keeps its trials, not folds).');
    expect(lines[1].text).toBe('Random forest beats Ridge regression by 0.027 R², about 2.2 standard errors (paired over 3 folds).');
    expect(lines[2].text).toBe('k-nearest neighbours: no R² per fold to pair (the run was stopped before it finished).');
  });
});

describe('comparing runs', () => {
  const rf = cvRecord(cvRun('rf', { nTrees: 100, maxDepth: 8 }), regression('rf', [0.9, 0.8, 0.85]), context);
  const rf2 = cvRecord(cvRun('rf', { nTrees: 300, maxDepth: 8 }), regression('rf', [0.91, 0.8, 0.86]), context);
  const ridge = cvRecord(cvRun('ridge'), regression('ridge', [0.88, 0.79, 0.8]), context);

  it('lines up settings by name and marks those that differ', () => {
    const rows = parameterDiff([rf, rf2, ridge]);
    const row = (name: string) => rows.find((r) => r.name === name);
    expect(row('option: nTrees')).toStrictEqual({ name: 'option: nTrees', values: ['100', '300', 'default'], differs: true });
    expect(row('model')).toStrictEqual({ name: 'model', values: ['rf', 'rf', 'ridge'], differs: true });
    expect(row('folds')).toStrictEqual({ name: 'folds', values: ['3', '3', '3'], differs: false });
    expect(row('features')?.values[0]).toBe('2: age, region');
    expect(row('left out for leaking')?.values).toStrictEqual(['spend_score', 'spend_score', 'spend_score']);
    expect(rows.filter((r) => r.differs).map((r) => r.name)).toStrictEqual(['model', 'option: maxDepth', 'option: nTrees']);
  });

  it('names runs by model, with a letter where two share a name, and finds the best by a metric', () => {
    expect(runLabels([rf, rf2, ridge])).toStrictEqual(['Random forest (A)', 'Random forest (B)', 'Ridge regression']);
    expect([runLetter(0), runLetter(25), runLetter(26), runLetter(27)]).toStrictEqual(['A', 'Z', 'AA', 'AB']);
    expect(metricKeys([rf, ridge])).toStrictEqual(['r2', 'rmse']);
    expect(bestRunIndex([rf, rf2, ridge], 'r2')).toBe(1);
    // RMSE (10 − R² here): lower is better, so the same run wins
    expect(bestRunIndex([rf, rf2, ridge], 'rmse')).toBe(1);
    expect(bestRunIndex([rf, ridge], 'silhouette')).toBe(-1);
  });

  it('keys folds by data, seed, folds and target; features only when duplicates were grouped', () => {
    const run = cvRun('rf');
    const fewer = makeRunConfig('cv', { ...run.config, features: ['age'] }, { seed: 0, data });
    expect(foldKeyOf(run, false)).toBe(foldKeyOf(fewer, false));
    expect(foldKeyOf(run, true)).not.toBe(foldKeyOf(fewer, true));
    expect(foldKeyOf(run, false)).not.toBe(foldKeyOf(makeRunConfig('cv', { ...run.config, folds: 10 }, { seed: 0, data }), false));
  });
});

describe('run records', () => {
  it('keep the run, settings, metrics per fold and bounded curves, with an id made from their content', () => {
    const run = cvRun('rf', { nTrees: 50 });
    const record = cvRecord(run, regression('rf', [0.9, 0.8]), { ...context, findings: [{ column: 'age', check: 'target-correlation', value: 0.99, sentence: 'age follows the target' }] });
    expect(record).toMatchObject({
      version: 1,
      page: 'predict',
      kind: 'cv',
      status: 'done',
      run,
      seconds: 2.5,
      model: 'rf',
      target: 'spend',
      params: [{ name: 'nTrees', value: 50 }],
      perFold: [{ key: 'r2', values: [0.9, 0.8] }, { key: 'rmse', values: [9.1, 9.2] }],
      findings: [{ column: 'age', check: 'target-correlation', sentence: 'age follows the target' }],
      // columns merely not chosen are not listed (a wide file would make every record huge)
      exclusions: [{ column: 'spend_score', reason: 'computed from the target' }],
      backend: 'cpu',
      data: { ...data, columns: context.columns, columnsOmitted: 0 },
      curves: { predicted: { x: [1, 2, 3, 4], y: [1.1, 1.9, 3.2, 3.7] } },
    });
    expect(record.metrics[0]).toStrictEqual({ key: 'r2', mean: 0.8500000000000001, std: 0.04999999999999999 });
    expect(record.id).toMatch(/^[0-9a-f]{16}$/);
    expect(cvRecord(run, regression('rf', [0.9, 0.8]), { ...context, findings: [{ column: 'age', check: 'target-correlation', value: 0.99, sentence: 'age follows the target' }] }).id).toBe(record.id);
    expect(cvRecord(run, regression('rf', [0.9, 0.8]), { ...context, finishedAt: 4_000 }).id).not.toBe(record.id);
  });

  it('marks a cancelled run with how far it got and no results', () => {
    const record = cvRecord(cvRun('mlp'), null, { ...context, progress: { done: 2, total: 5 } });
    expect(record).toMatchObject({ status: 'cancelled', metrics: [], perFold: [], progress: { done: 2, total: 5 }, backend: 'tfjs-auto' });
    expect(record.curves).toBeUndefined();
  });

  it('records a tuning search with its trials, and a sweep with its elbow and silhouette', () => {
    const cv = cvRun('rf').config;
    const run = makeRunConfig('tune', { cv, space: { nTrees: { type: 'int', min: 10, max: 200 } }, method: 'random', nTrials: 3, metric: 'r2', searchSeed: 4 }, { seed: 0, data });
    const trials = [
      { index: 1, params: { nTrees: 120 }, budget: 1, score: 0.91, round: 0 },
      { index: 0, params: { nTrees: 20 }, budget: 1, score: 0.85, round: 0 },
    ];
    const tune = tuneRecord(run, { trials, best: trials[0], baseline: 0.8, cancelled: true }, context);
    expect(tune).toMatchObject({ kind: 'tune', page: 'predict', status: 'cancelled', metrics: [{ key: 'r2', mean: 0.91 }], baseline: 0.8 });
    expect(tune.trials?.map((t) => t.index)).toStrictEqual([0, 1]);
    expect(tune.params).toContainEqual({ name: 'best: nTrees', value: 120 });

    const seg = makeRunConfig('segment', { features: ['age', 'spend'], scale: 'standard', kMin: 2, kMax: 4, nInit: 5, stabilityRuns: 0 }, { seed: 3, data });
    const result = { bestK: 3, sweep: [2, 3, 4].map((k) => ({ k, inertia: 100 / k, silhouette: k === 3 ? 0.6 : 0.4, silhouetteSampled: false, sizes: [] })) } as unknown as SegmentationResult;
    const sweep = segmentRecord(seg, result, context);
    expect(sweep).toMatchObject({ page: 'segments', kind: 'segment', model: 'kmeans', task: 'clustering', backend: 'wasm', settings: [{ name: 'seed', value: 3 }] });
    expect(sweep.metrics.map((m) => [m.key, m.mean])).toStrictEqual([['best_k', 3], ['silhouette', 0.6], ['inertia', 100 / 3]]);
    expect(sweep.curves).toStrictEqual({ elbow: { x: [2, 3, 4], y: [50, 33.333, 25] }, silhouette: { x: [2, 3, 4], y: [0.4, 0.6, 0.4] } });
    expect(sweep.params).toContainEqual({ name: 'nInit', value: 5 });
  });

  it('bounds a long curve to 200 points, first and last kept, values to 5 digits', () => {
    const x = Array.from({ length: 10_001 }, (_, i) => i / 10_000);
    const curve = thinCurve(x, x.map((v) => Math.sqrt(v)));
    expect(curve.x).toHaveLength(200);
    expect([curve.x[0], curve.x[199], curve.y[199]]).toStrictEqual([0, 1, 1]);
    expect(curve.y[1]).toBe(Number(Math.sqrt(curve.x[1]).toPrecision(5)));
    expect(thinCurve([1, 2], [3, 4])).toStrictEqual({ x: [1, 2], y: [3, 4] });
  });
});

describe('the runs table query', () => {
  const make = (i: number, page: 'predict' | 'risk', model: CvJobConfig['model'], r2: number): RunRecord => ({
    ...cvRecord(cvRun(model), regression(model, [r2, r2]), { ...context, finishedAt: 10_000 + i }),
    page,
  });
  const records = Array.from({ length: 2000 }, (_, i) => make(i, i % 4 === 0 ? 'risk' : 'predict', i % 2 ? 'rf' : 'ridge', (i % 100) / 100));

  it('filters, sorts and pages 2,000 runs', () => {
    const page = queryRuns(records, { ...anyRun, page: 'predict', model: 'rf' }, { key: 'metric', descending: true }, 0, 50);
    expect(page.total).toBe(1000);
    expect(page.pages).toBe(20);
    expect(page.rows).toHaveLength(50);
    expect(page.rows.every((r) => r.page === 'predict' && r.model === 'rf')).toBe(true);
    expect(page.rows[0].metrics[0].mean).toBe(0.99);
    const newest = queryRuns(records, anyRun, { key: 'finishedAt', descending: true }, 99, 50);
    expect(newest.index).toBe(39);
    expect(newest.rows.at(-1)?.finishedAt).toBe(10_000);
  });

  it('offers the targets, models and datasets present', () => {
    expect(filterChoices(records)).toStrictEqual({ targets: ['spend'], models: ['rf', 'ridge'], datasets: [{ hash: data.hash, label: 'customers.csv (4 × 3, 012345)' }] });
  });
});

describe('parallel coordinates of a search', () => {
  it('makes an axis per parameter (choices as positions), the budget when it varies, and the score last', () => {
    const trials = [
      { index: 0, params: [{ name: 'depth', value: 4 }, { name: 'loss', value: 'l2' }], score: 0.8, budget: 0.5, round: 0 },
      { index: 1, params: [{ name: 'depth', value: 8 }, { name: 'loss', value: 'huber' }], score: 0.9, budget: 1, round: 1 },
      { index: 2, params: [{ name: 'depth', value: 2 }, { name: 'loss', value: 'l2' }], score: NaN, budget: 1, round: 1 },
    ];
    expect(trialDimensions(trials, 'R²')).toStrictEqual([
      { label: 'depth', values: [4, 8] },
      { label: 'loss', values: [0, 1], ticks: ['l2', 'huber'] },
      { label: 'budget', values: [0.5, 1] },
      { label: 'R²', values: [0.8, 0.9] },
    ]);
    expect(trialDimensions([], 'R²')).toStrictEqual([]);
  });

  it('draws the same trials as plain lines without WebGL: axes scaled to 0..1, lines coloured by score bins', () => {
    const dims = [
      { label: 'depth', values: [2, 4, 6] },
      { label: 'loss', values: [0, 1, 0], ticks: ['l2', 'huber'] },
      { label: 'RMSE', values: [0, 1, 2] },
    ];
    const lines = trialLines(dims, 2);
    expect(lines.ranges).toStrictEqual([{ min: 2, max: 6 }, { min: 0, max: 1 }, { min: 0, max: 2 }]);
    // bins of width 1: [0, 1) holds the first trial, [1, 2] the other two
    expect(lines.bins.map((b) => b.y)).toStrictEqual([
      [0, 0, 0, null],
      [0.5, 1, 0.5, null, 1, 0, 1, null],
    ]);
    expect(lines.bins[1].x).toStrictEqual([0, 1, 2, null, 0, 1, 2, null]);
  });
});
