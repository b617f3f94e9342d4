import { describe, expect, it } from 'vitest';
import { crossValidate, type CvConfig } from '../../src/lib/ml/evaluation/cv/cross-validate';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { createJobBridge, throttleProgress } from '../../src/lib/workers/bridge';
import { WorkerPool, type WorkerLike } from '../../src/lib/workers/pool';
import { fakeWorkerFactory, newLog } from './fake-workers';
import { loadCustomersWithFolds } from './fixtures';

const config: Omit<CvConfig, 'seed'> = {
  target: 'purchase_amount',
  task: 'regression',
  model: 'ridge',
  features: ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'],
};
const cvRun = (model: CvConfig['model'] = 'ridge', extra: Partial<CvConfig> = {}) => makeRunConfig('cv', { ...config, model, ...extra });

describe('job bridge (no Worker)', () => {
  it('runs a part on a resource it holds and rejects unknown ids by message', async () => {
    const bridge = createJobBridge();
    const table = loadCustomersWithFolds();
    bridge.put('t1', table);
    const fold = (await bridge.part('cv', 'fold', { config, fold: 0 }, { id: 't1' }, 0)) as { result: { index: number; predictions: Float64Array; testRows: Int32Array } };
    expect(fold.result.index).toBe(0);
    expect(fold.result.predictions.length).toBe(fold.result.testRows.length);
    await expect(bridge.part('cv', 'fold', { config, fold: 0 }, { id: 'nope' }, 0)).rejects.toThrow(/This worker was not sent "nope"/);
    await expect(bridge.part('cv', 'nothing', {}, { id: 't1' }, 0)).rejects.toThrow(/Job kind "cv" has no part "nothing"/);
    bridge.drop('t1');
    expect(bridge.has('t1')).toBe(false);
  });

  it('runs a whole job sent with its input, and a part whose result is a plain number', async () => {
    const bridge = createJobBridge();
    const table = loadCustomersWithFolds();
    const label = { source: 'rules' as const, rules: [{ column: 'loyalty_score', operator: '<' as const, value: 5 }], combine: 'and' as const };
    const result = (await bridge.run(makeRunConfig('label', { label }), { value: table })) as { positives: number; present: number };
    // awk -F, 'NR>1 && $5<5' customer_purchasing_behaviors.csv | wc -l
    expect([result.positives, result.present]).toStrictEqual([51, 238]);
    const score = await bridge.part('tune', 'trial', { config, params: { alpha: 1 }, budget: 1, metric: 'r2' }, { value: table }, 0);
    expect(typeof score).toBe('number');
  });

  it('throttles progress but always delivers the final call and any step with values', () => {
    const calls: number[] = [];
    const progress = throttleProgress((done) => void calls.push(done), 1e9) as (d: number, t: number, n?: string, v?: { loss: number }) => void;
    progress(0, 10);
    progress(1, 10);
    progress(2, 10, '', { loss: 1 });
    progress(3, 10);
    progress(10, 10);
    expect(calls).toStrictEqual([0, 2, 10]);
  });
});

describe('WorkerPool', () => {
  it('spreads folds over workers, sends the table once per worker, and matches the single-thread result', async () => {
    const log = newLog();
    const pool = new WorkerPool({ size: 2, createWorker: fakeWorkerFactory(log) });
    const table = loadCustomersWithFolds();
    const progress: number[] = [];
    const result = await pool.run(cvRun(), table, { onProgress: (done) => void progress.push(done) });
    const direct = await crossValidate(table, { ...config, seed: 0 });
    expect(result.metrics.r2.mean).toBe(direct.metrics.r2.mean);
    expect(result.per_fold.map((m) => m.rmse)).toStrictEqual(direct.per_fold.map((m) => m.rmse));
    expect(Array.from(result.oof.predictions)).toStrictEqual(Array.from(direct.oof.predictions));
    expect(log.created).toBe(2);
    expect(log.put).toBe(2);
    await pool.run(cvRun('lasso'), table);
    expect(log.put).toBe(2); // already there: not sent again
    expect(progress.at(-1)).toBe(5);
    pool.close();
    expect(log.terminated).toBe(2);
  });

  it('gives the same result as the job run in this thread, for a coordinating and a worker job', async () => {
    const pool = new WorkerPool({ size: 2, createWorker: fakeWorkerFactory(newLog()) });
    const table = loadCustomersWithFolds();
    const run = makeRunConfig('learning-curve', { cv: config, metric: 'r2', fractions: [0.5, 1] }, { seed: 3 });
    expect(await pool.run(run, table)).toStrictEqual(await runJob(run, table));
    const profile = makeRunConfig('profile', {});
    expect(await pool.run(profile, table)).toStrictEqual(await runJob(profile, table));
    pool.close();
  });

  it("sends a coordinating job's sub-jobs that train models to the workers, not this thread", async () => {
    const log = newLog();
    const pool = new WorkerPool({ size: 2, createWorker: fakeWorkerFactory(log) });
    const table = loadCustomersWithFolds();
    const run = makeRunConfig('customer', { target: 'purchase_amount', riskColumn: 'loyalty_score', riskThreshold: 5, nEstimators: 5, folds: 3 });
    const pooled = await pool.run(run, table);
    const local = await runJob(run, table);
    const { seconds: _a, ...pooledSummary } = pooled.summary;
    const { seconds: _b, ...localSummary } = local.summary;
    expect(pooledSummary).toStrictEqual(localSummary);
    expect({ ...pooled.spend, createdAt: '' }).toStrictEqual({ ...local.spend, createdAt: '' });
    // Both forests were trained by the workers, to which the table went once each.
    expect(log.runs.sort()).toStrictEqual(['train', 'train']);
    expect(log.put).toBe(2);
    pool.close();
  });

  it('cancels a hung run by terminating its worker at once, then works again with a new worker', async () => {
    const log = newLog();
    // expose = false: the worker never answers, like one stuck in a training loop.
    const hung = new WorkerPool({ size: 1, createWorker: fakeWorkerFactory(log, false) });
    const controller = new AbortController();
    const run = hung.run(makeRunConfig('profile', {}), loadCustomersWithFolds(), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(100);
    expect(log.terminated).toBe(1);
    // A fresh worker took its place (it holds no table: the hung one never took one).
    expect([hung.workerCount, log.created]).toStrictEqual([1, 2]);
    hung.close();

    const pool = new WorkerPool({ size: 1, createWorker: fakeWorkerFactory(newLog()) });
    const aborted = new AbortController();
    aborted.abort();
    await expect(pool.run(cvRun(), loadCustomersWithFolds(), { signal: aborted.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const result = await pool.run(cvRun(), loadCustomersWithFolds());
    expect(result.folds).toBe(5);
    pool.close();
  });

  it('after 20 rapid cancel and restart cycles, the last run finishes with the single-thread result', async () => {
    const log = newLog();
    const pool = new WorkerPool({ size: 2, createWorker: fakeWorkerFactory(log) });
    const table = loadCustomersWithFolds();
    const cancelled: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      const controller = new AbortController();
      cancelled.push(pool.run(cvRun('rf', { modelOptions: { nEstimators: 5 } }), table, { signal: controller.signal }).catch((e: Error) => e.name));
      await new Promise((resolve) => setTimeout(resolve, i % 3));
      controller.abort();
    }
    expect(new Set(await Promise.all(cancelled))).toStrictEqual(new Set(['AbortError']));
    const last = await pool.run(cvRun('rf', { modelOptions: { nEstimators: 5 } }), table);
    const direct = await crossValidate(table, { ...config, model: 'rf', modelOptions: { nEstimators: 5 }, seed: 0 });
    expect(last.metrics.r2.mean).toBe(direct.metrics.r2.mean);
    expect(pool.workerCount).toBeLessThanOrEqual(2);
    pool.close();
  });

  it('replaces the workers a cancel terminates at once, with the table they held, so the next run starts warm', async () => {
    const log = newLog();
    const pool = new WorkerPool({ size: 2, createWorker: fakeWorkerFactory(log) });
    const table = loadCustomersWithFolds();
    await pool.run(cvRun(), table);
    expect([log.created, log.put]).toStrictEqual([2, 2]);
    const controller = new AbortController();
    const running = pool.run(cvRun('rf', { modelOptions: { nEstimators: 200 } }), table, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(log.terminated).toBe(2);
    expect([pool.workerCount, log.created]).toStrictEqual([2, 4]);
    // The new run finds both workers started and the table there: nothing more is made or sent.
    const again = await pool.run(cvRun(), table);
    expect([log.created, log.put]).toStrictEqual([4, 4]);
    expect(again.metrics.r2.mean).toBe((await crossValidate(table, { ...config, seed: 0 })).metrics.r2.mean);
    pool.close();
  });

  it('closes workers left idle, and keeps a pinned one', async () => {
    const log = newLog();
    const pool = new WorkerPool({ size: 2, idleMs: 20, createWorker: fakeWorkerFactory(log) });
    const table = loadCustomersWithFolds();
    await pool.run(makeRunConfig('profile', {}), table, { affinity: 'kept' });
    pool.pin('kept');
    await pool.run(cvRun(), table);
    expect(pool.workerCount).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(pool.workerCount).toBe(1);
    pool.unpin('kept');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(pool.workerCount).toBe(0);
    expect(log.terminated).toBe(2);
    // The next run starts a new worker.
    expect((await pool.run(makeRunConfig('profile', {}), table)).length).toBe(table.columns.length);
    pool.close();
  });

  it('sends a run to the worker that holds its affinity, and an urgent run past a full pool', async () => {
    const log = newLog();
    const pool = new WorkerPool({ size: 1, createWorker: fakeWorkerFactory(log) });
    const table = loadCustomersWithFolds();
    const hung = new WorkerPool({ size: 1, createWorker: fakeWorkerFactory(newLog(), false) });
    void hung.run(makeRunConfig('profile', {}), table).catch(() => undefined);
    const urgent = hung.run(makeRunConfig('profile', {}), table, { urgent: true });
    // The stuck worker blocks the pool of one; the urgent run gets a second worker, which also never answers.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hung.workerCount).toBe(2);
    hung.close();
    await expect(urgent).rejects.toMatchObject({ name: 'AbortError' });
    await pool.run(makeRunConfig('profile', {}), table, { affinity: 'a' });
    expect(log.created).toBe(1);
    pool.close();
  });

  it('turns a worker error event into a rejection with name and message', async () => {
    let last: (WorkerLike & EventTarget) | undefined;
    const make = fakeWorkerFactory(newLog(), false);
    const pool = new WorkerPool({ size: 1, createWorker: () => (last = make() as WorkerLike & EventTarget) });
    const run = pool.run(makeRunConfig('profile', {}), loadCustomersWithFolds());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const event = new Event('error') as Event & { message: string };
    event.message = 'boom: out of memory';
    last?.dispatchEvent(event);
    await expect(run).rejects.toMatchObject({ name: 'WorkerError', message: 'boom: out of memory' });
    pool.close();
  });

  it('passes an exception inside the worker back as a rejected promise', async () => {
    const pool = new WorkerPool({ size: 1, createWorker: fakeWorkerFactory(newLog()) });
    // lasso with a negative alpha throws inside the worker's fold.
    await expect(pool.run(cvRun('lasso', { modelOptions: { alpha: -1 } }), loadCustomersWithFolds())).rejects.toThrow(/alpha must be ≥ 0/);
    pool.close();
  });
});

describe('tables sent to workers', () => {
  it('arrive packed and come out the same, strange text included', async () => {
    const { packTable, packedTransferables, unpackTable } = await import('../../src/lib/workers/transfer');
    const { tableFromArrays } = await import('../../src/lib/ml/core/table');
    const long = 'x'.repeat(20_000);
    const base = tableFromArrays('t', { name: ['Málaga', '', '\ud800 lone', long, null, '__proto__'], n: [1, 2, 3, 4, 5, 6], city: ['a', 'b', 'a', null, 'c', 'b'], m: [0.5, NaN, 2, 3, 4, 5] });
    // Column descriptions travel too: a boolean's words, decimals, times of day.
    const table = { ...base, columns: base.columns.map((c) => (c.name === 'n' ? { ...c, decimals: 2 } : c.name === 'm' ? { ...c, labels: ['No', 'Yes'] as const } : c)) };
    const packed = packTable(table);
    // Four buffers whatever the width: every number column in one, every code in one, the dictionaries' text in two.
    expect(packedTransferables(packed)).toHaveLength(4);
    expect(Array.from(packed.numbers)).toStrictEqual([1, 2, 3, 4, 5, 6, 0.5, NaN, 2, 3, 4, 5]);
    const unpacked = unpackTable(structuredClone(packed));
    expect(unpacked.columns.map((c) => (c.storage === 'number' ? Array.from(c.values) : c.dictionary))).toStrictEqual(
      table.columns.map((c) => (c.storage === 'number' ? Array.from(c.values) : c.dictionary)),
    );
    expect(unpacked).toStrictEqual(table);
    // Each send has its own buffers: the table and the packing kept for the next worker are untouched.
    packed.numbers.fill(0);
    expect(Array.from(packTable(table).numbers.subarray(0, 3))).toStrictEqual([1, 2, 3]);
  });

  it('are packed in slices the same as at once, a dictionary longer than a slice included', async () => {
    const { packTable, packTableInSlices } = await import('../../src/lib/workers/transfer');
    const { tableFromArrays } = await import('../../src/lib/ml/core/table');
    const n = 140_000;
    // 140,000 ids of 8 code units: 1.12 million units, more than one slice of text (and 280,000 numbers, more than one of numbers).
    const table = tableFromArrays('wide', { id: Array.from({ length: n }, (_, i) => `c${String(i).padStart(7, '0')}`), x: Array.from({ length: n }, (_, i) => i / 7), y: Array.from({ length: n }, (_, i) => -i) });
    const sliced = await packTableInSlices(table);
    const whole = packTable(table);
    const { numbers, codes, units, ends, ...described } = sliced;
    const { numbers: wholeNumbers, codes: wholeCodes, units: wholeUnits, ends: wholeEnds, ...wholeDescribed } = whole;
    expect(described).toStrictEqual(wholeDescribed);
    // Byte for byte (element-wise equality of 280,000 numbers is slow in expect).
    const same = (a: ArrayBufferView, b: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    expect([same(numbers, wholeNumbers), same(codes, wholeCodes), same(units, wholeUnits), same(ends, wholeEnds)]).toStrictEqual([true, true, true, true]);
    expect(units.length).toBe(8 * n);
  });
});
