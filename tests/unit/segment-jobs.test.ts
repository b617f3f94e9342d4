import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import type { SegmentJobConfig } from '../../src/lib/runs/jobs/segment-jobs';
import { defaultSegmentationConfig } from '../../src/lib/ml/segments/segmentation';
import type { Table } from '../../src/lib/ml/core/table';

/** A 'segment' run with the page's defaults. */
function segmentRun(config: Partial<SegmentJobConfig>) {
  const { seed: _seed, ...defaults } = defaultSegmentationConfig;
  return makeRunConfig('segment', { ...defaults, ...config });
}

describe("the 'segment' and 'segment-view' jobs", () => {
  it('segments the default dataset: best k 6 with personas and plain-data results', async () => {
    const text = readFileSync(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url), 'utf8');
    const { table } = parseCsvText(text, 'customers.csv');
    const steps: number[] = [];
    const r = await runJob(segmentRun({ features: ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency'], kMin: 2, kMax: 8 }), table, {
      onProgress: (done) => void steps.push(done),
    });
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

  it('describes another k of the sweep, kept with the table or fitted again to the same bits', async () => {
    const text = readFileSync(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url), 'utf8');
    const { table } = parseCsvText(text, 'customers.csv');
    const run = segmentRun({ features: ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency'], kMin: 2, kMax: 8, stabilityRuns: 5 });
    const r = await runJob(run, table);
    const viewOf = (k: number, on = table) => runJob(makeRunConfig('segment-view', { segment: run.config, k }), on);
    const view = await viewOf(4);
    expect(view.k).toBe(4);
    expect(view.personas).toHaveLength(4);
    // scikit-learn reference sizes for k = 4.
    expect(view.profile.sizes).toStrictEqual([77, 60, 51, 50]);
    expect(Math.max(...view.segmentOfRow)).toBe(3);
    expect(view.ward!.kmeansSilhouette).toBe(r.sweep.find((s) => s.k === 4)!.silhouette);
    for (const s of r.sweep) expect(s.stability).toBeGreaterThan(0.5);
    await expect(viewOf(12)).rejects.toThrow(/k = 12 is not in the sweep/);
    // A copy of the table (another worker) keeps no session: it fits again, to the same bits.
    expect(await viewOf(4, { ...table })).toStrictEqual(view);
  });

  it('clusters a categorical feature one-hot encoded, and names a text feature in its error', async () => {
    const { table } = parseCsvText('a,b\n1,x\n2,y\n3,x\n', 't.csv');
    const r = await runJob(segmentRun({ features: ['a', 'b'], kMin: 2, kMax: 2 }), table);
    expect(r.encodings.map((e) => [e.column, e.levels])).toStrictEqual([['b', ['x', 'y']]]);
    const text: Table = { ...table, columns: table.columns.map((c) => (c.name === 'b' ? { ...c, type: 'text' } : c)) };
    await expect(runJob(segmentRun({ features: ['a', 'b'] }), text)).rejects.toThrow(/"b" is text/);
  });
});
