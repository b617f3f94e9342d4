import { describe, expect, it } from 'vitest';
import { crossValidate, prepareCv, type CvConfig } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { randomSearch } from '../../src/lib/ml/evaluation/tuning/random-search';
import { successiveHalving } from '../../src/lib/ml/evaluation/tuning/successive-halving';
import { scoreTrial } from '../../src/lib/ml/evaluation/tuning/trial-score';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { WorkerPool } from '../../src/lib/workers/pool';
import { fakeWorkerFactory, newLog } from './fake-workers';
import { loadCustomersWithFolds } from './fixtures';

const features = ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'];
const ridge: CvConfig = { target: 'purchase_amount', task: 'regression', model: 'ridge', features };

describe('scoreTrial', () => {
  it('at full budget equals the cross-validated mean with those options', async () => {
    const table = loadCustomersWithFolds();
    const score = await scoreTrial(prepareCv(table, ridge), { alpha: 25 }, 1, 'r2');
    const direct = await crossValidate(table, { ...ridge, modelOptions: { alpha: 25 } });
    expect(score).toBeCloseTo(direct.metrics.r2.mean, 12);
    const plain = await crossValidate(table, ridge);
    expect(Math.abs(score - plain.metrics.r2.mean)).toBeGreaterThan(1e-4);
  });

  it('cuts trees (forests) or training rows (others) by the budget', async () => {
    const table = loadCustomersWithFolds();
    const rf: CvConfig = { ...ridge, model: 'rf' };
    const small = await scoreTrial(prepareCv(table, rf), { nEstimators: 40, maxDepth: 6 }, 0.25, 'r2');
    const direct = await crossValidate(table, { ...rf, modelOptions: { nEstimators: 10, maxDepth: 6 } });
    expect(small).toBeCloseTo(direct.metrics.r2.mean, 12);
    const fewRows = await scoreTrial(prepareCv(table, ridge), { alpha: 1 }, 0.1, 'r2');
    const allRows = await scoreTrial(prepareCv(table, ridge), { alpha: 1 }, 1, 'r2');
    expect(fewRows).not.toBeCloseTo(allRows, 6);
  });

  it('names the metrics it has when asked for another', async () => {
    await expect(scoreTrial(prepareCv(loadCustomersWithFolds(), ridge), { alpha: 1 }, 1, 'f1')).rejects.toThrow(/Metric "f1" is not computed.*r2/);
  });
});

describe('tuning in the worker pool', () => {
  it("spreads a 'tune' run's trials over the workers with the table sent once to each, same result as in one thread", async () => {
    const table = loadCustomersWithFolds();
    const log = newLog();
    const pool = new WorkerPool({ size: 3, createWorker: fakeWorkerFactory(log) });
    const space = { alpha: { type: 'float' as const, min: 1e-3, max: 1e3, log: true } };
    const trials: number[] = [];
    const run = makeRunConfig('tune', { cv: ridge, space, method: 'random', nTrials: 9, metric: 'r2', searchSeed: 4 });
    const pooled = await pool.run(run, table, { onEvent: (e) => void (e.kind === 'trial' && trials.push(e.trial.index)) });
    const prepared = prepareCv(table, { ...ridge, seed: 0 });
    const local = await randomSearch(space, (p, b) => scoreTrial(prepared, p, b, 'r2'), { nTrials: 9, seed: 4, concurrency: 3 });
    expect(log.created).toBe(3);
    expect(log.put).toBe(3);
    expect(pooled.trials.map((t) => t.score)).toStrictEqual(local.trials.map((t) => t.score));
    expect(pooled.best?.index).toBe(local.best?.index);
    expect(trials.sort((a, b) => a - b)).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // The baseline is the model with its default options.
    expect(pooled.baseline).toBe(await scoreTrial(prepared, {}, 1, 'r2'));
    pool.close();
  });

  it('successive halving over forest trees ends with the deep forest at full budget', async () => {
    const table = loadCustomersWithFolds();
    const prepared = prepareCv(table, { ...ridge, model: 'rf' });
    const space = { maxDepth: { type: 'choice' as const, values: [1, 2, 8] }, nEstimators: { type: 'int' as const, min: 20, max: 30 } };
    const result = await successiveHalving(space, (p, b) => scoreTrial(prepared, p, b, 'r2'), { nCandidates: 6, seed: 1 });
    expect(result.best?.budget).toBe(1);
    // depth 1 stumps cannot fit purchase_amount well; the winner must be the deep forest
    expect(result.best?.params.maxDepth).toBe(8);
    expect(result.best!.score).toBeGreaterThan(0.9);
  });
});
