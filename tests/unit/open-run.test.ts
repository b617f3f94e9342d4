import { describe, expect, it } from 'vitest';
import { runConfigFromHash } from '../../src/lib/runs/run-config';
import { dataset } from '../../src/lib/state/dataset.svelte';
import { applyRunSettings, dataMismatch, runLink } from '../../src/lib/state/open-run';
import { predictPage } from '../../src/lib/state/predict.svelte';
import { riskPage } from '../../src/lib/state/risk.svelte';
import { segments } from '../../src/lib/state/segments.svelte';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { loadCustomers } from './fixtures';

/** A plain copy (the pages' state is made of proxies). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

dataset.replace(loadCustomers());
predictPage.follow(dataset.loaded);
riskPage.follow(dataset.loaded);

describe('opening a run on its page', () => {
  it('Predict: the page runs the same RunConfig again (target, features, model options, folds, seed, grouping, test set)', () => {
    Object.assign(predictPage.setup, { target: 'annual_income', features: ['age', 'loyalty_score'], models: ['rf', 'ridge'], folds: 3, seed: 7, grouping: 'off', modelOptions: { rf: { nTrees: 30 } }, testShare: 0.2 });
    const made = plain(predictPage.runs[0]);
    expect(made.config).toMatchObject({ target: 'annual_income', model: 'rf', modelOptions: { nTrees: 30 }, folds: 3, duplicateGrouping: 'off', testShare: 0.2 });
    Object.assign(predictPage.setup, { target: '', features: null, models: ['linear'], folds: 5, seed: 0, grouping: 'auto', modelOptions: {}, testShare: 0 });
    expect(applyRunSettings(made)).toBe('predict');
    expect(plain(predictPage.runs)).toStrictEqual([made]);
  });

  it('Predict: a tuning search comes back with its method, trials, seed and space', () => {
    predictPage.tuning.settings = { model: 'gbm', method: 'halving', nTrials: 9, seed: 5, spaces: { gbm: { learningRate: { type: 'float', min: 0.01, max: 0.3, log: true } } } };
    Object.assign(predictPage.setup, { models: ['gbm'], modelOptions: {} });
    const made = plain(predictPage.tuning.runFor('gbm'));
    expect(made).not.toBeNull();
    predictPage.tuning.settings = { model: null, method: 'random', nTrials: 12, seed: 0, spaces: {} };
    Object.assign(predictPage.setup, { models: ['linear'], seed: 1 });
    expect(applyRunSettings(made!)).toBe('predict');
    expect(plain(predictPage.tuning.runFor('gbm'))).toStrictEqual(made);
  });

  it('Risk: the label rules, imbalance method and positive class come back', () => {
    riskPage.setRules([{ column: 'age', operator: '>', value: 40 }], 'and');
    Object.assign(riskPage.setup, { models: ['logistic'], imbalance: 'smote', seed: 3, folds: 4 });
    const made = plain(riskPage.runs[0]);
    expect(made.config.label).toStrictEqual({ source: 'rules', rules: [{ column: 'age', operator: '>', value: 40 }], combine: 'and' });
    riskPage.setRules([{ column: 'loyalty_score', operator: '<', value: 5 }], 'or');
    Object.assign(riskPage.setup, { models: ['rf', 'gbm'], imbalance: 'none', seed: 0, folds: 5 });
    expect(applyRunSettings(made)).toBe('risk');
    expect(plain(riskPage.runs)).toStrictEqual([made]);
  });

  it('Segments: features, k range, restarts, scaling and seed come back', () => {
    segments.config = { ...segments.config, features: ['age', 'annual_income'], kMin: 3, kMax: 5, nInit: 4, seed: 9, scale: 'minmax' };
    const { seed, ...config } = plain(segments.config);
    const made = makeRunConfig('segment', config, { seed, data: dataset.fingerprint });
    segments.config = { ...segments.config, features: ['age'], kMin: 2, kMax: 10, nInit: 10, seed: 0, scale: 'standard' };
    expect(applyRunSettings(made)).toBe('segments');
    expect(plain(segments.config)).toStrictEqual({ ...config, seed });
  });

  it('a link carries the settings in its hash, and names a different file', () => {
    const made = plain(predictPage.runs[0]);
    const link = runLink(made, 'predict', 'https://example.org/app/index.html#/experiments');
    expect(link).toMatch(/^https:\/\/example\.org\/app\/index\.html#\/predict\?run=[\w-]+$/);
    expect(runConfigFromHash(new URL(link).hash)).toStrictEqual(made);
    expect(dataMismatch(made)).toBe('');
    const other = { ...made, data: { name: 'other.csv', rows: 10, cols: 2, hash: '0000000000000000' } };
    expect(dataMismatch(other)).toBe('These settings were made on other.csv (10 rows × 2 columns), but the file open is customer_purchasing_behaviors.csv (238 rows × 7 columns): they are applied where its columns allow, and its results will differ.');
    expect(() => applyRunSettings(makeRunConfig('profile', {} as never))).toThrow('A "profile" run is not made on a page, so it cannot be opened');
  });
});
