import { describe, expect, it } from 'vitest';
import { crossValidate, type CvConfig } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { mlApi, throttleProgress } from '../../src/lib/workers/ml-api';
import { MlPool, type WorkerLike } from '../../src/lib/workers/pool';
import { fakeWorkerFactory } from './fake-workers';
import { loadCustomersWithFolds } from './fixtures';

const config: CvConfig = {
  target: 'purchase_amount',
  task: 'regression',
  model: 'ridge',
  features: ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'],
};

describe('ml worker api (no Worker)', () => {
  it('runs a fold from a dataset id and rejects unknown ids by message', async () => {
    const table = loadCustomersWithFolds();
    mlApi.setData('t1', table);
    const fold = await mlApi.runFold('t1', config, 0);
    expect(fold.index).toBe(0);
    expect(fold.predictions.length).toBe(fold.testRows.length);
    await expect(mlApi.runFold('nope', config, 0)).rejects.toThrow(/Dataset "nope" was not sent/);
    const whole = await mlApi.crossValidate('t1', config);
    const direct = await crossValidate(table, config);
    expect(whole.metrics.r2.mean).toBeCloseTo(direct.metrics.r2.mean, 12);
    mlApi.dropData('t1');
    expect(mlApi.hasData('t1')).toBe(false);
  });

  it('throttles progress but always delivers the final call', () => {
    const calls: number[] = [];
    const progress = throttleProgress((done) => void calls.push(done), 1e9) as (d: number, t: number) => void;
    progress(0, 10);
    progress(1, 10);
    progress(2, 10);
    progress(10, 10);
    expect(calls).toStrictEqual([0, 10]);
  });
});

describe('MlPool', () => {
  it('spreads folds over workers, sends the table once per worker, and matches the single-thread result', async () => {
    const log = { created: 0, terminated: 0, setData: 0 };
    const pool = new MlPool({ size: 2, createWorker: fakeWorkerFactory(log) });
    const table = loadCustomersWithFolds();
    const progress: number[] = [];
    const result = await pool.crossValidate(table, config, { onProgress: (done) => void progress.push(done) });
    const direct = await crossValidate(table, config);
    expect(result.metrics.r2.mean).toBeCloseTo(direct.metrics.r2.mean, 12);
    expect(result.per_fold.map((m) => m.rmse)).toStrictEqual(direct.per_fold.map((m) => m.rmse));
    expect(log.created).toBe(2);
    expect(log.setData).toBe(2);
    await pool.crossValidate(table, { ...config, model: 'lasso' });
    expect(log.setData).toBe(2); // already there: not sent again
    expect(progress.at(-1)).toBe(5);
    pool.terminate();
    expect(log.terminated).toBe(2);
  });

  it('cancels a hung run by terminating its worker, then works again with a new worker', async () => {
    const log = { created: 0, terminated: 0, setData: 0 };
    // expose = false: the worker never answers, like one stuck in a training loop.
    const hung = new MlPool({ size: 1, createWorker: fakeWorkerFactory(log, false) });
    const controller = new AbortController();
    const run = hung.crossValidate(loadCustomersWithFolds(), config, { signal: controller.signal });
    await Promise.resolve();
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(log.terminated).toBe(1);
    expect(hung.workerCount).toBe(0);

    const log2 = { created: 0, terminated: 0, setData: 0 };
    const pool = new MlPool({ size: 1, createWorker: fakeWorkerFactory(log2) });
    const aborted = new AbortController();
    aborted.abort();
    await expect(pool.crossValidate(loadCustomersWithFolds(), config, { signal: aborted.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const result = await pool.crossValidate(loadCustomersWithFolds(), config);
    expect(result.folds).toBe(5);
    pool.terminate();
  });

  it('turns a worker error event into a rejection with name and message', async () => {
    const log = { created: 0, terminated: 0, setData: 0 };
    let last: (WorkerLike & EventTarget) | undefined;
    const make = fakeWorkerFactory(log, false);
    const pool = new MlPool({ size: 1, createWorker: () => (last = make() as WorkerLike & EventTarget) });
    const run = pool.crossValidate(loadCustomersWithFolds(), config);
    await Promise.resolve();
    const event = new Event('error') as Event & { message: string };
    event.message = 'boom: out of memory';
    last?.dispatchEvent(event);
    await expect(run).rejects.toMatchObject({ name: 'WorkerError', message: 'boom: out of memory' });
    pool.terminate();
  });

  it('passes an exception inside the worker back as a rejected promise', async () => {
    const log = { created: 0, terminated: 0, setData: 0 };
    const pool = new MlPool({ size: 1, createWorker: fakeWorkerFactory(log) });
    const table = loadCustomersWithFolds();
    // lasso with a negative alpha throws inside the worker's fold.
    await expect(pool.crossValidate(table, { ...config, model: 'lasso', modelOptions: { alpha: -1 } })).rejects.toThrow(/alpha must be ≥ 0/);
    pool.terminate();
  });
});
