import { describe, expect, it } from 'vitest';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { WorkerPool } from '../../src/lib/workers/pool';
import { fakeWorkerFactory, newLog } from './fake-workers';

describe('WorkerPool.warm', () => {
  it('starts one worker ahead of the first task, which then runs on it; a second warm starts none', async () => {
    const log = newLog();
    const pool = new WorkerPool({ size: 2, createWorker: fakeWorkerFactory(log) });
    try {
      pool.warm();
      expect([log.created, pool.workerCount]).toStrictEqual([1, 1]);
      pool.warm();
      expect(log.created).toBe(1);
      const result = await pool.run(makeRunConfig('parse', { name: 'x.csv' }), new Blob(['a,b\n1,2\n3,4\n']));
      expect(result.table.rowCount).toBe(2);
      expect([log.created, log.runs]).toStrictEqual([1, ['parse']]);
    } finally {
      pool.close();
    }
  });

  it('retires the warmed worker when it stays idle, and does nothing once the pool is closed', async () => {
    const log = newLog();
    const pool = new WorkerPool({ size: 2, idleMs: 20, createWorker: fakeWorkerFactory(log) });
    pool.warm();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect([pool.workerCount, log.terminated]).toStrictEqual([0, 1]);
    pool.close();
    pool.warm();
    expect(log.created).toBe(1);
  });
});
