import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { clusterApi } from '../../src/lib/workers/cluster-api';

describe('cluster worker api', () => {
  it('segments the default dataset: best k 6 with personas and plain-data results', async () => {
    const text = readFileSync(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url), 'utf8');
    const { table } = parseCsvText(text, 'customers.csv');
    const steps: number[] = [];
    const r = await clusterApi.segment(
      table,
      { features: ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency'], kMin: 2, kMax: 8 },
      (done) => steps.push(done),
    );
    expect(r.bestK).toBe(6);
    // scikit-learn reference silhouette for k = 6: 0.6328.
    expect(Math.abs(r.sweep.find((s) => s.k === 6)!.silhouette - 0.6328)).toBeLessThanOrEqual(0.005);
    // One step per restart (7 k × n_init 10) and per silhouette (7), then the profiles.
    expect(steps).toStrictEqual(Array.from({ length: 78 }, (_, i) => i + 1));
    expect(r.personas).toHaveLength(6);
    expect(r.segmentOfRow.length).toBe(238);
    expect(Math.max(...r.segmentOfRow)).toBe(5);
    expect(r.explainedVarianceRatio[0]).toBeGreaterThan(0.95);
    expect(structuredClone(r)).toStrictEqual(r);
    expect(r.k).toBe(6);
    // Ward runs alongside on data this small, cut at the shown k.
    expect(r.ward!.kmeansSilhouette).toBe(r.sweep.find((s) => s.k === 6)!.silhouette);
    expect(r.ward!.sizes.reduce((a, b) => a + b, 0)).toBe(238);
    expect(r.ward!.silhouette).toBeGreaterThan(0.5);
    expect(r.dendrogram!.leafSizes.reduce((a, b) => a + b, 0)).toBe(238);
  });

  it('describes another k of the last sweep without refitting', async () => {
    const text = readFileSync(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url), 'utf8');
    const { table } = parseCsvText(text, 'customers.csv');
    const r = await clusterApi.segment(table, { features: ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency'], kMin: 2, kMax: 8, stabilityRuns: 5 });
    const view = clusterApi.describe(4);
    expect(view.k).toBe(4);
    expect(view.personas).toHaveLength(4);
    // scikit-learn reference sizes for k = 4.
    expect(view.profile.sizes).toStrictEqual([77, 60, 51, 50]);
    expect(Math.max(...view.segmentOfRow)).toBe(3);
    expect(view.ward!.kmeansSilhouette).toBe(r.sweep.find((s) => s.k === 4)!.silhouette);
    for (const s of r.sweep) expect(s.stability).toBeGreaterThan(0.5);
    expect(() => clusterApi.describe(12)).toThrow(/k = 12 is not in the sweep/);
  });

  it('names a categorical feature in its error', async () => {
    const { table } = parseCsvText('a,b\n1,x\n2,y\n3,x\n', 't.csv');
    await expect(clusterApi.segment(table, { features: ['a', 'b'] })).rejects.toThrow(/"b" is categorical/);
  });
});
