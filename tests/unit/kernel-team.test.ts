import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThreadTeam, type ThreadTeam } from '../../src/cli/kmeans-threads';
import { runCluster } from '../../src/cli/cluster';
import { KernelTeam, maxHelpers, pass } from '../../src/lib/ml/segments/kernel-team';
import { kmeansOn, type KMeansResult } from '../../src/lib/ml/segments/kmeans';
import { blockRows, KMeansData } from '../../src/lib/ml/segments/kmeans-kernels';
import { sweepK } from '../../src/lib/ml/segments/sweep';
import { Random } from '../../src/lib/ml/core/random';
import { fileURLToPath } from 'node:url';

/** Four blobs over three blocks, with an odd row count (an unpaired last row). */
function blobs(n: number, d: number, seed: number): Float64Array {
  const random = new Random(seed);
  const rows = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rows[i * d + j] = random.normal() + 3 * ((i * 7 + j) % 4);
  return rows;
}

function same(a: KMeansResult, b: KMeansResult): void {
  expect(b.inertia).toBe(a.inertia);
  expect(b.iterations).toBe(a.iterations);
  expect(Array.from(b.centroids)).toStrictEqual(Array.from(a.centroids));
  expect(b.sizes).toStrictEqual(a.sizes);
  let differ = 0;
  for (let i = 0; i < a.labels.length; i++) if (a.labels[i] !== b.labels[i]) differ++;
  expect(differ).toBe(0);
}

describe('K-Means rows split across threads (KernelTeam)', () => {
  let threads: ThreadTeam;
  beforeAll(async () => {
    threads = await startThreadTeam(3);
  }, 60_000);
  afterAll(async () => {
    await threads?.close();
  });

  const n = 2 * blockRows + 4321;
  const d = 3;
  const rows = blobs(n, d, 5);

  it('gives the same fit, bit for bit, as one thread', () => {
    const alone = new KMeansData(rows, n, d);
    const split = new KMeansData(rows, n, d, threads.team);
    expect(split.threads).toBe(3);
    expect(split.meanVariance).toBe(alone.meanVariance);
    for (const init of ['kmeans++', 'random'] as const) same(kmeansOn(alone, 4, { nInit: 2, seed: 3, init }), kmeansOn(split, 4, { nInit: 2, seed: 3, init }));
  });

  it('takes the helpers back when two data share one team', () => {
    const other = blobs(n - 2, d, 6);
    const a = new KMeansData(rows, n, d, threads.team);
    const b = new KMeansData(other, n - 2, d, threads.team);
    // b holds the helpers now; a's next pass takes them back, then b's.
    same(kmeansOn(new KMeansData(rows, n, d), 5, { nInit: 1, seed: 1 }), kmeansOn(a, 5, { nInit: 1, seed: 1 }));
    same(kmeansOn(new KMeansData(other, n - 2, d), 5, { nInit: 1, seed: 1 }), kmeansOn(b, 5, { nInit: 1, seed: 1 }));
  });

  it('sweeps k the same as one thread', async () => {
    const options = { kMin: 2, kMax: 4, kmeans: { nInit: 2, seed: 0 }, silhouette: { maxExact: 2000, sampleSize: 2000, seed: 0 } };
    const alone = await sweepK(rows, n, d, options);
    const split = await sweepK(rows, n, d, { ...options, team: threads.team });
    expect(split.map((r) => [r.k, r.inertia, r.silhouette, r.iterations])).toStrictEqual(alone.map((r) => [r.k, r.inertia, r.silhouette, r.iterations]));
  });

  it('names the row and column of a missing value, and reports a helper that fails', () => {
    const bad = rows.slice();
    bad[77 * d + 1] = Number.POSITIVE_INFINITY;
    expect(() => new KMeansData(bad, n, d, threads.team)).toThrow('data contains an infinite value at row 77, column 1');
    const data = new KMeansData(rows, n, d, threads.team);
    // An unknown pass throws in each helper; the caller hears of it, and the team still works.
    expect(() => threads.team.run([99, 0, 0, 0], 3, () => {})).toThrow('a K-Means helper thread failed');
    same(kmeansOn(new KMeansData(rows, n, d), 3, { nInit: 1 }), kmeansOn(data, 3, { nInit: 1 }));
  });

  it('runs the cluster command on any number of threads with the same output', async () => {
    const file = fileURLToPath(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url));
    const one = (await runCluster([file], { k: '2..6', threads: '1' })) as Record<string, unknown>;
    const two = (await runCluster([file], { k: '2..6', threads: '2' })) as Record<string, unknown>;
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect({ ...two, threads: 1 }).toStrictEqual(one);
    await expect(runCluster([file], { threads: '0' })).rejects.toThrow('--threads must be at least 1, got 0');
  }, 60_000);
});

describe('KernelTeam', () => {
  it(`takes at most ${maxHelpers} helpers`, () => {
    const port = { postMessage: () => {} };
    expect(() => new KernelTeam(new Array(maxHelpers + 1).fill(port))).toThrow(`at most ${maxHelpers} helpers, got ${maxHelpers + 1}`);
    expect(new KernelTeam([port, port]).size).toBe(3);
    expect(pass.release).not.toBe(pass.bind);
  });
});
