import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThreadTeam, type ThreadTeam } from '../../src/cli/kmeans-threads';
import { Random } from '../../src/lib/ml/core/random';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { kmeansOn } from '../../src/lib/ml/segments/kmeans';
import { KMeansData } from '../../src/lib/ml/segments/kmeans-kernels';
import { defaultSegmentationConfig } from '../../src/lib/ml/segments/segmentation';
import { parallelThreshold } from '../../src/lib/ml/segments/sweep';
import type { SegmentJobConfig } from '../../src/lib/runs/jobs/segment-jobs';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { canShareMemory } from '../../src/lib/workers/kernel-workers';

/** Three groups over four columns: `n` rows, as a parsed CSV. */
function groupsCsv(n: number) {
  const random = new Random(11);
  const lines = ['u,v,w,z'];
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    lines.push([g * 3 + random.normal(), g - random.normal(), random.normal() * 2, g * g + random.normal()].map((x) => x.toFixed(3)).join(','));
  }
  return parseCsvText(lines.join('\n'), 'groups.csv').table;
}

function segmentRun(config: Partial<SegmentJobConfig>) {
  const { seed: _seed, ...defaults } = defaultSegmentationConfig;
  return makeRunConfig('segment', { ...defaults, ...config }, { seed: 7 });
}

describe('the Segments sweep on a team of threads sharing the rows', () => {
  let threads: ThreadTeam;
  beforeAll(async () => {
    threads = await startThreadTeam(3);
  }, 60_000);
  afterAll(async () => {
    await threads?.close();
  });

  it("the 'segment' job splits a large sweep over the team, with the same bits as one thread", async () => {
    const n = parallelThreshold / 4 + 600;
    const table = groupsCsv(n);
    const run = segmentRun({ features: ['u', 'v', 'w', 'z'], kMin: 2, kMax: 4, nInit: 3 });
    const alone = await runJob(run, table);
    const shared = await runJob(run, { ...table }, { kernelTeam: threads.team });
    expect(alone.workers).toBe(1);
    expect(alone.sharedMemory).toBeUndefined();
    expect(shared.workers).toBe(3);
    expect(shared.sharedMemory).toBe(true);
    expect(shared.sweep).toStrictEqual(alone.sweep);
    expect(shared.bestK).toBe(alone.bestK);
    expect(Array.from(shared.segmentOfRow)).toStrictEqual(Array.from(alone.segmentOfRow));
    // The 'sweep' job too, and it says how many threads ran it.
    const sweep = makeRunConfig('sweep', { features: ['u', 'v', 'w', 'z'], scale: 'standard', kMin: 2, kMax: 4, nInit: 3 }, { seed: 7 });
    const sweepAlone = await runJob(sweep, table);
    const sweepShared = await runJob(sweep, { ...table }, { kernelTeam: threads.team });
    expect(sweepShared.threads).toBe(3);
    expect(sweepShared.results).toStrictEqual(sweepAlone.results);
  }, 120_000);

  it('a small table is segmented in one thread even with a team at hand', async () => {
    const text = readFileSync(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url), 'utf8');
    const { table } = parseCsvText(text, 'customers.csv');
    const r = await runJob(segmentRun({ features: ['age', 'annual_income'], kMin: 2, kMax: 3, nInit: 2 }), table, { kernelTeam: threads.team });
    expect(r.workers).toBe(1);
    expect(r.sharedMemory).toBeUndefined();
  });

  it('released helpers let go of a memory and join the next one', () => {
    const random = new Random(3);
    const n = 40_000;
    const rows = Float64Array.from({ length: n * 2 }, (_, i) => random.normal() + 4 * ((i >> 1) % 2));
    const first = kmeansOn(new KMeansData(rows, n, 2, threads.team), 2, { nInit: 1, seed: 1 });
    threads.team.release();
    threads.team.release();
    const again = kmeansOn(new KMeansData(rows, n, 2, threads.team), 2, { nInit: 1, seed: 1 });
    expect(again.inertia).toBe(first.inertia);
    expect(again.iterations).toBe(first.iterations);
  });

  it('Node is no browser worker: the browser path stays off here', () => {
    expect(canShareMemory()).toBe(false);
  });
});
