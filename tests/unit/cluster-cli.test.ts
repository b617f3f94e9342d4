import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseKRange, runCluster } from '../../src/cli/cluster';

const file = fileURLToPath(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url));
const features = 'age,annual_income,purchase_amount,loyalty_score,purchase_frequency';

describe('cluster CLI', () => {
  it('prints the sweep and best k as in the contract', async () => {
    const out = (await runCluster([file], { features, k: '5..6' })) as {
      results: { k: number; inertia: number; silhouette: number; sizes: number[] }[];
      best_k: number;
      suggested_k: number;
    };
    expect(out.results.map((r) => r.k)).toStrictEqual([5, 6]);
    // scikit-learn reference: k = 6 inertia 34.6077, silhouette 0.6328.
    expect(out.results[1].inertia).toBeCloseTo(34.6077, 3);
    expect(out.results[1].silhouette).toBeCloseTo(0.6328, 3);
    expect(out.results[1].sizes).toStrictEqual([59, 46, 41, 41, 35, 16]);
    expect(out.best_k).toBe(6);
    expect(out.suggested_k).toBe(6);
    expect(JSON.parse(JSON.stringify(out))).toStrictEqual(out);
  });

  it('keeps best_k the highest silhouette and suggests the smaller k when the difference is below 0.001', async () => {
    const out = (await runCluster([file], { features, k: '2..10' })) as { best_k: number; suggested_k: number };
    expect(out.best_k).toBe(10);
    expect(out.suggested_k).toBe(6);
  });

  it('names bad flags and columns', async () => {
    await expect(runCluster([file], { features: 'age,nowhere', k: '2' })).rejects.toThrow(/"nowhere" not found/);
    await expect(runCluster([file], { features, k: '2..x' })).rejects.toThrow(/--k must look like/);
    await expect(runCluster([file], { features, scale: 'log' })).rejects.toThrow(/--scale must be one of/);
    await expect(runCluster([], {})).rejects.toThrow(/needs a FILE/);
  });

  it('parses k ranges', () => {
    expect(parseKRange('2..8')).toStrictEqual({ kMin: 2, kMax: 8 });
    expect(parseKRange('4')).toStrictEqual({ kMin: 4, kMax: 4 });
  });
});
