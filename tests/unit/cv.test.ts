import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCv } from '../../src/cli/cv';
import { crossValidate } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { modelInfo } from '../../src/lib/ml/models/registry';
import { tableFromArrays, type Column } from '../../src/lib/ml/core/table';
import { thresholdCurve } from '../../src/lib/ml/evaluation/threshold';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { loadCustomersWithFolds } from './fixtures';

const fixture = fileURLToPath(new URL('../fixtures/customers_with_folds.csv', import.meta.url));
const plain = fileURLToPath(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const features = 'age,annual_income,loyalty_score,region,purchase_frequency';

describe('crossValidate', () => {
  it('reports coefficients per fold, in standardised and original units', async () => {
    const result = await crossValidate(loadCustomersWithFolds(), {
      target: 'purchase_amount',
      task: 'regression',
      model: 'ridge',
      features: features.split(','),
      groupColumn: 'fold',
    });
    const age = result.coefficients?.find((c) => c.feature === 'age');
    expect(age?.perFold.length).toBe(5);
    expect(result.coefficients?.map((c) => c.feature)).toContain('region_East');
    // Standardised weight = original weight × training-fold std of age (about 9.3 years).
    const ratio = (age?.perFold[0] ?? 0) / (age?.perFoldOriginal[0] ?? 1);
    expect(ratio).toBeGreaterThan(8.5);
    expect(ratio).toBeLessThan(10.2);
    expect(result.oof.rows.length).toBe(238);
    expect(result.importances?.length).toBe(8);
  });

  it('reports progress, honours an aborted signal, and names bad config', async () => {
    const table = loadCustomersWithFolds();
    const seen: number[] = [];
    await crossValidate(table, { target: 'loyalty_score', task: 'regression', model: 'linear' }, { onProgress: (d) => void seen.push(d) });
    expect(seen.at(-1)).toBe(5);
    const controller = new AbortController();
    controller.abort();
    await expect(crossValidate(table, { target: 'loyalty_score', task: 'regression', model: 'linear' }, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect(crossValidate(table, { target: 'nope', task: 'regression', model: 'linear' })).rejects.toThrow(/Column "nope" not found/);
    await expect(crossValidate(table, { target: 'region', task: 'classification', model: 'ridge' })).rejects.toThrow(/does not do classification/);
    await expect(crossValidate(table, { target: 'age', task: 'regression', model: 'linear', features: ['age'] })).rejects.toThrow(/cannot also be a feature/);
  });

  it('a binary result carries the threshold curve of its out-of-fold scores, and typed ROC and PR curves', async () => {
    const table = loadCustomersWithFolds();
    const values = (table.columns.find((c) => c.name === 'loyalty_score') as { values: Float64Array }).values;
    const labelled = { ...table, columns: [...table.columns, { name: 'loyal', type: 'categorical', role: 'feature', storage: 'category', codes: Int32Array.from(values, (v) => (v > 6 ? 1 : 0)), dictionary: ['no', 'yes'] } as Column] };
    const result = await crossValidate(labelled, { target: 'loyal', task: 'classification', model: 'logistic', features: ['age', 'annual_income', 'purchase_frequency'] });
    const pos = result.classes!.indexOf(result.positive!);
    // What the threshold panel computed on the page before: the positive class's probability against 0/1 labels.
    const labels = Float64Array.from(result.oof.yTrue, (v) => (v === pos ? 1 : 0));
    const scores = Float64Array.from(labels, (_, i) => result.oof.proba![i * 2 + pos]);
    expect(result.threshold).toStrictEqual(thresholdCurve(scores, labels));
    expect(result.curves?.roc.fpr).toBeInstanceOf(Float64Array);
    expect(result.curves?.pr.precision).toBeInstanceOf(Float64Array);
  });

  it('a run that asks for the metrics only gets the same metrics without the out-of-fold rows and curves', async () => {
    const table = loadCustomersWithFolds();
    const config = { target: 'purchase_amount', task: 'regression' as const, model: 'ridge' as const, features: ['age', 'annual_income', 'loyalty_score'] };
    const full = await runJob(makeRunConfig('cv', config), table);
    const lean = await runJob(makeRunConfig('cv', { ...config, metricsOnly: true }), table);
    expect(lean.metrics).toStrictEqual(full.metrics);
    expect(lean.per_fold).toStrictEqual(full.per_fold);
    expect(full.oof.rows.length).toBe(238);
    expect([lean.oof.rows.length, lean.oof.yTrue.length, lean.oof.predictions.length]).toStrictEqual([0, 0, 0]);
    expect(lean.curves).toBeUndefined();
  });

  it('multi-class classification gives macro metrics and one-vs-rest ROC-AUC', async () => {
    const t = tableFromArrays('t', {
      x: Array.from({ length: 90 }, (_, i) => (i % 3) * 5 + ((i * 7) % 10) / 10),
      label: Array.from({ length: 90 }, (_, i) => ['a', 'b', 'c'][i % 3]),
    });
    const result = await crossValidate(t, { target: 'label', task: 'classification', model: 'knn' });
    expect(result.metrics.accuracy.mean).toBe(1);
    expect(result.metrics.roc_auc.mean).toBe(1);
    expect(result.confusion).toStrictEqual([
      [30, 0, 0],
      [0, 30, 0],
      [0, 0, 30],
    ]);
  });

  it('runs every registered model that is present (rf, gbm, mlp when their modules exist)', async () => {
    const table = loadCustomersWithFolds();
    for (const kind of Object.keys(modelInfo) as (keyof typeof modelInfo)[]) {
      if (!modelInfo[kind].tasks.includes('regression') || kind === 'mlp') continue;
      let result;
      try {
        result = await crossValidate(table, { target: 'purchase_amount', task: 'regression', model: kind, features: features.split(','), folds: 3 });
      } catch (error) {
        // A module another engineer has not written yet: tolerated here, tested in its own file.
        if (/Cannot find module|Failed to load|does not provide/.test(String(error))) continue;
        throw error;
      }
      expect(result.metrics.r2.mean, kind).toBeGreaterThan(0.9);
    }
  });
});

describe('cv CLI', () => {
  it('reproduces the reference folds with --group-column fold (ridge R² 0.9944)', async () => {
    const out = (await runCv([fixture], {
      target: 'purchase_amount',
      task: 'regression',
      model: 'ridge',
      'group-column': 'fold',
      features,
    })) as { metrics: Record<string, { mean: number; std: number }>; per_fold: unknown[]; excluded: unknown[]; duplicates: { grouped: boolean } };
    expect(Math.abs(out.metrics.r2.mean - 0.9944)).toBeLessThanOrEqual(0.002);
    expect(out.per_fold.length).toBe(5);
    expect(out.duplicates.grouped).toBe(false);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['task', 'model', 'folds', 'metrics', 'per_fold', 'seconds', 'excluded', 'duplicates']));
  });

  it('prints one JSON line on stdout; errors are one line on stderr with a non-zero exit', () => {
    const tsx = ['tsx', 'src/cli/main.ts', 'cv', plain];
    const stdout = execFileSync('npx', [...tsx, '--target', 'purchase_amount', '--task', 'regression', '--model', 'linear'], { cwd: root, encoding: 'utf8' });
    const json = JSON.parse(stdout);
    expect(json.task).toBe('regression');
    expect(json.folds).toBe(5);
    expect(json.excluded).toContainEqual({ column: 'user_id', reason: 'id column' });
    expect(json.duplicates.grouped).toBe(true);
    const bad = spawnSync('npx', [...tsx, '--target', 'purchase_amount', '--task', 'regression', '--model', 'forest'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--model must be one of linear, ridge/);
  });
});
