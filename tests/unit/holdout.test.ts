import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { findDuplicates } from '../../src/lib/ml/data/duplicates';
import { splitHoldout } from '../../src/lib/ml/evaluation/cv/holdout';
import { prepareCv } from '../../src/lib/ml/evaluation/cv/prepare';
import { fitOnRows } from '../../src/lib/ml/models/fit-rows';
import { transformTable } from '../../src/lib/ml/preprocess/pipeline';
import { regressionMetrics } from '../../src/lib/ml/evaluation/metrics/regression';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { runCv } from '../../src/cli/cv';
import { cvRecord, foldKeyOf } from '../../src/lib/experiments/build-record';

const csv = readFileSync(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url), 'utf8');
const { table } = parseCsvText(csv, 'customer_purchasing_behaviors.csv');
const features = ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'];

describe('splitHoldout', () => {
  it('holds out round(share · n) entries, the same ones for the same seed, another set for another seed', () => {
    const y = Float64Array.from({ length: 10 }, (_, i) => i);
    const a = splitHoldout(y, null, 0.2, 0, false);
    expect(a.test).toHaveLength(2);
    expect(a.keep).toHaveLength(8);
    expect([...a.keep, ...a.test].sort((p, q) => p - q)).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(splitHoldout(y, null, 0.2, 0, false)).toStrictEqual(a);
    const others = [1, 2, 3, 4].map((seed) => Array.from(splitHoldout(y, null, 0.2, seed, false).test).join());
    expect(new Set([Array.from(a.test).join(), ...others]).size).toBeGreaterThan(1);
  });

  it('keeps each group on one side and each class in its share', () => {
    const groups = [0, 0, 0, 1, 1, 2, 2, 2, 3, 4];
    const split = splitHoldout(new Float64Array(10), groups, 0.3, 1, false);
    for (const g of new Set(groups)) {
      const members = groups.flatMap((x, i) => (x === g ? [i] : []));
      const sides = new Set(members.map((i) => split.test.includes(i)));
      expect(sides.size, `group ${g}`).toBe(1);
    }
    const y = Float64Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));
    const stratified = splitHoldout(y, null, 0.25, 2, true);
    expect(Array.from(stratified.test).filter((i) => y[i] === 1)).toHaveLength(5);
    expect(Array.from(stratified.test).filter((i) => y[i] === 0)).toHaveLength(20);
    // Groups of identical rows (one class each): whatever the seed, both classes near their share.
    const pairs = Array.from({ length: 100 }, (_, i) => Math.floor(i / 4));
    for (let seed = 0; seed < 20; seed++) {
      const split = splitHoldout(y, pairs, 0.25, seed, true);
      expect(Array.from(split.test).filter((i) => y[i] === 1), `seed ${seed}`).toHaveLength(4);
      expect(Array.from(split.test).filter((i) => y[i] === 0), `seed ${seed}`).toHaveLength(20);
    }
  });

  it('refuses shares outside (0, 0.5]', () => {
    expect(() => splitHoldout(new Float64Array(10), null, 0, 0, false)).toThrow('The test share must be above 0 and at most 0.5, got 0');
    expect(() => splitHoldout(new Float64Array(10), null, 0.6, 0, false)).toThrow(/at most 0.5, got 0.6/);
  });
});

describe('a cross-validation with a held-out test set', () => {
  const config = { target: 'purchase_amount', task: 'regression' as const, model: 'ridge' as const, features, seed: 3, testShare: 0.2 };

  it('draws the folds from the other rows only, identical rows on one side', () => {
    const prepared = prepareCv(table, config);
    const test = prepared.holdout!;
    expect(test.rows.length + prepared.rows.length).toBe(238);
    expect(test.rows.length).toBeGreaterThanOrEqual(48);
    const inTest = new Set(test.rows);
    expect(Array.from(prepared.rows).some((r) => inTest.has(r))).toBe(false);
    const foldRows = new Set(prepared.folds.flatMap((f) => [...f.train, ...f.test].map((i) => prepared.rows[i])));
    expect([...foldRows].some((r) => inTest.has(r))).toBe(false);
    // The default data repeats rows: a test row never has a twin among the cross-validation rows.
    const dup = findDuplicates(table, [...features, 'purchase_amount']);
    const testGroups = new Set(Array.from(test.rows, (r) => dup.groupOf[r]));
    expect(Array.from(prepared.rows).some((r) => testGroups.has(dup.groupOf[r]))).toBe(false);
    expect(prepareCv(table, { ...config, testShare: 0 }).holdout).toBeUndefined();
  });

  it("the 'cv' job scores the held-out rows with the model fitted on all the others", async () => {
    const result = await runJob(makeRunConfig('cv', config, { seed: 3 }), table);
    const prepared = prepareCv(table, config);
    const test = prepared.holdout!;
    expect(result.test).toMatchObject({ rows: test.rows.length, trainRows: prepared.rows.length });
    const { model, pipeline } = await fitOnRows(table, prepared.features, prepared.rows, prepared.y, { task: 'regression', model: 'ridge', seed: 3 });
    const expected = regressionMetrics(test.y, model.predict(transformTable(pipeline, table, test.rows)));
    expect(result.test!.metrics).toStrictEqual(expected);
    expect(new Set(result.oof.rows).size).toBe(prepared.rows.length);
    expect(Array.from(result.oof.rows).some((r) => test.rows.includes(r))).toBe(false);
    const without = await runJob(makeRunConfig('cv', { ...config, testShare: undefined }, { seed: 3 }), table);
    expect(without.test).toBeUndefined();
    expect(without.oof.rows).toHaveLength(238);
  });

  it('tuning and classification keep the test rows out too; the CLI prints them as test', async () => {
    const label = { source: 'rules' as const, rules: [{ column: 'loyalty_score', operator: '<' as const, value: 5 }], combine: 'and' as const };
    const risk = { target: 'at_risk', task: 'classification' as const, model: 'logistic' as const, features: ['age', 'annual_income', 'region'], label, testShare: 0.2 };
    for (const seed of [0, 1, 2]) {
      const result = await runJob(makeRunConfig('cv', risk, { seed }), table);
      expect(Object.keys(result.test!.metrics)).toEqual(expect.arrayContaining(['accuracy', 'f1', 'roc_auc']));
      // Identical rows are grouped on the default data; the held-out rows still hold both classes.
      expect(Number.isFinite(result.test!.metrics.roc_auc), `seed ${seed}`).toBe(true);
    }
    const tuned = await runJob(makeRunConfig('tune', { cv: { ...config }, space: { alpha: { type: 'float', min: 0.1, max: 10, log: true } }, method: 'random', nTrials: 2, metric: 'r2', searchSeed: 1 }, { seed: 3 }), table);
    expect(tuned.trials).toHaveLength(2);
    const printed = (await runCv(['tests/fixtures/customer_purchasing_behaviors.csv'], { target: 'purchase_amount', task: 'regression', model: 'ridge', 'test-share': '0.2' })) as {
      test: { rows: number; metrics: Record<string, number> };
      run: { config: { testShare: number } };
    };
    expect(printed.test.rows).toBeGreaterThanOrEqual(48);
    expect(Object.keys(printed.test.metrics)).toStrictEqual(['r2', 'rmse', 'mae', 'mape']);
    expect(printed.run.config.testShare).toBe(0.2);
    await expect(runCv(['tests/fixtures/customer_purchasing_behaviors.csv'], { target: 'purchase_amount', task: 'regression', model: 'ridge', 'test-share': 'lots' })).rejects.toThrow(
      '--test-share must be a number, got "lots"',
    );
  });
});

describe('a run with a held-out test set in the run history', () => {
  it('records the test metrics beside the fold means, and keeps its folds apart from runs without one', async () => {
    const context = { startedAt: 0, finishedAt: 1000, appVersion: 'test', columns: [] };
    const run = makeRunConfig('cv', { target: 'purchase_amount', task: 'regression' as const, model: 'ridge' as const, features, testShare: 0.2 }, { seed: 3 });
    const result = await runJob(run, table);
    const record = cvRecord(run, result, context);
    expect(record.metrics.find((m) => m.key === 'test_r2')).toStrictEqual({ key: 'test_r2', mean: result.test!.metrics.r2, std: 0 });
    expect(record.metrics[0].key).toBe('r2');
    expect(record.settings).toContainEqual({ name: 'held-out test share', value: 0.2 });
    const plain = makeRunConfig('cv', { ...run.config, testShare: undefined }, { seed: 3 });
    expect(foldKeyOf(run, true)).not.toBe(foldKeyOf(plain, true));
    expect(foldKeyOf(plain, true)).toBe(foldKeyOf(makeRunConfig('cv', { ...run.config, testShare: 0 }, { seed: 3 }), true));
    expect(foldKeyOf(plain, true)).not.toContain('testShare');
  });
});
