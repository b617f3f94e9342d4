import { describe, expect, it } from 'vitest';
import { crossValidate, type CvConfig } from '../../src/lib/ml/evaluation/cv/cross-validate';
import type { TrainingData } from '../../src/lib/ml/core/model';
import { fitRandomForest } from '../../src/lib/ml/models/tree/forest';
import { findLeaf } from '../../src/lib/ml/models/tree/tree';
import { treeImportance } from '../../src/lib/runs/jobs/forest-chunk-fit';
import { chunkCount, classesOf, tasksPerWorker, mergeForestChunks, treeRanges, type ForestChunk } from '../../src/lib/runs/jobs/forest-chunks';
import type { JobKind } from '../../src/lib/runs/jobs';
import type { SharedInput } from '../../src/lib/runs/job-context';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { WorkerPool } from '../../src/lib/workers/pool';
import { fakeWorkerFactory, newLog } from './fake-workers';
import { loadCustomerArrays, design, loadCustomersWithFolds } from './fixtures';

/** A pool that writes down the parts it was asked to run. */
class CountingPool extends WorkerPool {
  parts: string[] = [];
  override runPart<T>(kind: JobKind, name: string, args: unknown, input: SharedInput, seed: number, hooks: Parameters<WorkerPool['runPart']>[5] = {}): Promise<T> {
    this.parts.push(name);
    return super.runPart<T>(kind, name, args, input, seed, hooks);
  }
}

const features = ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'];

describe('chunks of a forest', () => {
  it('cover every tree once, in nearly equal consecutive ranges', () => {
    expect(treeRanges(10, 3)).toStrictEqual([
      { treeOffset: 0, nEstimators: 4 },
      { treeOffset: 4, nEstimators: 3 },
      { treeOffset: 7, nEstimators: 3 },
    ]);
    expect(treeRanges(3, 8)).toHaveLength(3);
    expect(treeRanges(100, 1)).toStrictEqual([{ treeOffset: 0, nEstimators: 100 }]);
  });

  it('are one per fold without a second worker, else about four tasks per worker, at least two per fold, at most one per tree', () => {
    expect(chunkCount(100, 1, 5)).toBe(1);
    expect(chunkCount(100, 2, 5)).toBe(2);
    expect(chunkCount(100, 8, 5)).toBe(Math.ceil((tasksPerWorker * 8) / 5));
    expect(chunkCount(100, 2, 1)).toBe(tasksPerWorker * 2);
    expect(chunkCount(5, 16, 2)).toBe(5);
  });

  it('merge into exactly the one forest: its predictions, probabilities and importance', () => {
    const c = loadCustomerArrays();
    const X = design(c, ['age', 'annual_income', 'loyalty_score', 'purchase_frequency'], true);
    const y = c.num.purchase_amount;
    const classes = Float64Array.from(y, (v) => (v > 400 ? 2 : v > 250 ? 1 : 0));
    for (const data of [
      { X, y, task: 'regression' },
      { X, y: classes, task: 'classification', nClasses: 3 },
    ] as TrainingData[]) {
      const options = { nEstimators: 9, seed: 4, maxFeatures: 0.6 };
      const whole = fitRandomForest(data, options);
      const K = whole.forest.nClasses;
      const chunks: ForestChunk[] = treeRanges(9, 4)
        .reverse()
        .map((range) => {
          const part = fitRandomForest(data, { ...options, ...range });
          const values = new Float64Array(range.nEstimators * X.rows * K);
          const importance = new Float64Array(range.nEstimators * X.cols);
          part.forest.trees.forEach((tree, t) => {
            for (let i = 0; i < X.rows; i++) for (let k = 0; k < K; k++) values[(t * X.rows + i) * K + k] = tree.value[findLeaf(tree, X.data, X.cols, i) * K + k];
            treeImportance(tree, importance.subarray(t * X.cols, (t + 1) * X.cols));
          });
          return { ...range, values, importance, nClasses: K, featureNames: [] };
        });
      const merged = mergeForestChunks(chunks, 9);
      expect(merged.trees).toBe(9);
      expect(Array.from(merged.importance)).toStrictEqual(Array.from(whole.featureImportance?.() ?? []));
      if (data.task === 'regression') expect(Array.from(merged.mean)).toStrictEqual(Array.from(whole.predict(X)));
      else {
        expect(Array.from(merged.mean)).toStrictEqual(Array.from(whole.predictProba?.(X) ?? []));
        expect(Array.from(classesOf(merged.mean, K))).toStrictEqual(Array.from(whole.predict(X)));
      }
      // A tree left out or counted twice is an error, not a different forest.
      // chunks[0] holds the last trees, chunks[3] the first.
      expect(() => mergeForestChunks(chunks.slice(1), 9)).toThrow(/they hold 7 trees, the forest has 9/);
      expect(() => mergeForestChunks(chunks.slice(0, 3), 9)).toThrow(/one starts at tree 3, expected 0/);
      expect(() => mergeForestChunks([...chunks, chunks[0]], 9)).toThrow(/one starts at tree 7, expected 9/);
    }
  });
});

describe("a random forest's cross-validation on the pool", () => {
  for (const [name, config] of [
    ['regression', { target: 'purchase_amount', task: 'regression', model: 'rf', features, modelOptions: { nEstimators: 7 } }],
    ['classification', { target: 'region', task: 'classification', model: 'rf', features: ['age', 'annual_income', 'loyalty_score', 'purchase_frequency'], modelOptions: { nEstimators: 6, maxDepth: 6 } }],
  ] as [string, Omit<CvConfig, 'seed'>][]) {
    it(`${name}: splits each fold's trees across workers and gives the one-worker result row for row`, async () => {
      const log = newLog();
      const pool = new CountingPool({ size: 2, createWorker: fakeWorkerFactory(log) });
      const table = loadCustomersWithFolds();
      const notes: string[] = [];
      const pooled = await pool.run(makeRunConfig('cv', config, { seed: 3 }), table, { onProgress: (_d, _t, note) => void (note && notes.push(note)) });
      const direct = await crossValidate(table, { ...config, seed: 3 });
      // 5 folds × 2 chunks, then each fold's merge.
      expect(pool.parts.filter((p) => p === 'trees')).toHaveLength(10);
      expect(pool.parts.filter((p) => p === 'forest-fold')).toHaveLength(5);
      expect(pool.parts).not.toContain('fold');
      // A fold's two chunks go to one worker (its data made once), but for at most the last fold.
      const workersOf = (fold: number) => new Set(log.parts.filter((p) => p.name === 'trees' && (p.args as { fold: number }).fold === fold).map((p) => p.worker));
      const split = [0, 1, 2, 3, 4].filter((fold) => workersOf(fold).size > 1);
      expect(split.length).toBeLessThanOrEqual(1);
      expect(new Set(log.parts.map((p) => p.worker)).size).toBe(2);
      expect(Array.from(pooled.oof.rows)).toStrictEqual(Array.from(direct.oof.rows));
      expect(Array.from(pooled.oof.predictions)).toStrictEqual(Array.from(direct.oof.predictions));
      expect(pooled.oof.proba && Array.from(pooled.oof.proba)).toStrictEqual(direct.oof.proba && Array.from(direct.oof.proba));
      expect(pooled.per_fold).toStrictEqual(direct.per_fold);
      expect(pooled.importances).toStrictEqual(direct.importances);
      expect(pooled.pooled).toStrictEqual(direct.pooled);
      const trees = Number(config.modelOptions?.nEstimators) * 5;
      expect(notes.at(-1)).toBe(`5 of 5 folds done, ${trees} of ${trees} trees`);
      pool.close();
    });
  }
});

describe("the pool's queue", () => {
  it('starts parts of higher priority first, parts of equal priority in order', async () => {
    const pool = new WorkerPool({ size: 1, createWorker: fakeWorkerFactory(newLog()) });
    const input = pool.share(loadCustomersWithFolds());
    const config = { target: 'purchase_amount', task: 'regression', model: 'ridge', features };
    const order: string[] = [];
    const part = (label: string, priority: number) => pool.runPart('cv', 'plan', { config }, input, 0, { priority }).then(() => void order.push(label));
    // The first starts on the idle worker once the code queueing it is done; the others, queued after, wait.
    const first = part('first', 0);
    await Promise.resolve();
    await Promise.all([first, part('low 1', 0), part('low 2', 0), part('high', 2), part('middle', 1)]);
    expect(order).toStrictEqual(['first', 'high', 'middle', 'low 1', 'low 2']);
    // Parts queued together are all in the queue, in order of priority, before the first starts.
    order.length = 0;
    await Promise.all([part('low', 0), part('high', 2), part('middle', 1)]);
    expect(order).toStrictEqual(['high', 'middle', 'low']);
    pool.close();
  });

  it('gives a free worker a part of a group it ran, else of a group no other worker has started', async () => {
    const log = newLog();
    const pool = new WorkerPool({ size: 2, createWorker: fakeWorkerFactory(log) });
    const input = pool.share(loadCustomersWithFolds());
    const config = { target: 'purchase_amount', task: 'regression', model: 'ridge', features };
    const part = (label: string, group: string) => pool.runPart('cv', 'plan', { config, label }, input, 0, { group });
    // Queued in the order a naive queue would hand out alternately: a, a, b, b, c, a, b.
    await Promise.all([part('a1', 'a'), part('a2', 'a'), part('b1', 'b'), part('b2', 'b'), part('c1', 'c'), part('a3', 'a'), part('b3', 'b')]);
    const workerOf = (label: string) => log.parts.find((p) => (p.args as { label: string }).label === label)?.worker;
    expect(workerOf('a1')).not.toBe(workerOf('b1'));
    for (const label of ['a2', 'a3']) expect(workerOf(label)).toBe(workerOf('a1'));
    for (const label of ['b2', 'b3']) expect(workerOf(label)).toBe(workerOf('b1'));
    pool.close();
  });
});
