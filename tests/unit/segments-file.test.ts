import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { runScore } from '../../src/cli/score';
import { ModelStore } from '../../src/lib/io/model-store';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { defaultSegmentationConfig, type SegmentationConfig } from '../../src/lib/ml/segments/segmentation';
import { decodeModelFile, isSegmentArtifact, scoreSegments, type SegmentArtifact } from '../../src/lib/runs/artifact-segments';
import { scoreFile } from '../../src/lib/runs/artifact-file';
import type { ModelFile } from '../../src/lib/runs/artifact-summary';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const { table } = parseCsvText(fixture('customer_purchasing_behaviors.csv').toString('utf8'), 'customer_purchasing_behaviors.csv');
const dir = mkdtempSync(join(tmpdir(), 'segments-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Segments run on the default data at k = 4, saved as a segmentation file. */
async function saved(config: Partial<SegmentationConfig> = {}): Promise<{ file: ModelFile; segmentOfRow: Int32Array; artifact: SegmentArtifact }> {
  const segment: SegmentationConfig = { ...defaultSegmentationConfig, features: ['age', 'annual_income', 'purchase_amount', 'region'], kMin: 2, kMax: 6, nInit: 4, ...config };
  const view = await runJob(makeRunConfig('segment-view', { segment, k: 4 }, { seed: 0 }), table);
  const personas = view.personas.map((p) => p.name);
  const { seed, ...settings } = segment;
  const run = makeRunConfig('segments-file', { segment: settings, k: 4, assignment: 'rows', personas, name: 'Four kinds', createdAt: '2026-04-01T00:00:00.000Z' }, { seed });
  const file = await runJob(run, table, { resources: new Map([['rows', view.segmentOfRow]]) });
  const artifact = decodeModelFile(file.text);
  if (!isSegmentArtifact(artifact)) throw new Error('not a segmentation');
  return { file, segmentOfRow: view.segmentOfRow, artifact };
}

describe('a saved segmentation', () => {
  it('puts the rows it was fitted on back in their own segments, with their persona', async () => {
    const { file, segmentOfRow, artifact } = await saved();
    expect(file.info).toMatchObject({ name: 'Four kinds', task: 'segments', model: 'kmeans', inputs: ['age', 'annual_income', 'purchase_amount', 'region'], rows: 238 });
    expect(file.info.personas).toHaveLength(4);
    expect(artifact.scorer.sizes.reduce((a, b) => a + b, 0)).toBe(238);
    const scores = scoreSegments(artifact, table);
    expect(scores.segment).toStrictEqual(segmentOfRow);
  });

  it('scores a file: segment and persona after its own columns; a new region counted; a missing column named', async () => {
    const { artifact } = await saved();
    const scored = await scoreFile(artifact, fixture('customers_changed.csv'), 'customers_changed.csv');
    expect(scored.added).toStrictEqual(['segment', 'persona']);
    expect(scored.unseen).toStrictEqual([{ column: 'region', count: 4, levels: 2, examples: ['Central', '=HYPERLINK("http://x")'] }]);
    const rows = Papa.parse<string[]>(scored.csv, { skipEmptyLines: true }).data.slice(1);
    expect(rows).toHaveLength(238);
    for (const row of rows) {
      expect(['1', '2', '3', '4']).toContain(row[7]);
      expect(row[8]).toBe(artifact.personas[Number(row[7]) - 1]);
    }
    await expect(scoreFile(artifact, fixture('customers_no_income.csv'), 'customers_no_income.csv')).rejects.toThrow(
      'Column "annual_income" is missing from customers_no_income.csv; the segmentation needs: age, annual_income, purchase_amount, region',
    );
    const text = fixture('customer_purchasing_behaviors.csv').toString('utf8').replace(/\r?\n2,34,/, '\n2,thirty-four,');
    await expect(scoreFile(artifact, new TextEncoder().encode(text), 'typo.csv')).rejects.toThrow('Column "age" is categorical (text values) in typo.csv, but the segmentation used it as numeric');
  });

  it('rows without a value in a chosen column get no segment, as in the fit', async () => {
    const { artifact } = await saved();
    const lines = fixture('customer_purchasing_behaviors.csv').toString('utf8').split(/\r?\n/);
    lines[1] = lines[1].replace(/^1,25,/, '1,,');
    const scored = await scoreFile(artifact, new TextEncoder().encode(lines.join('\n')), 'gap.csv');
    const rows = Papa.parse<string[]>(scored.csv, { skipEmptyLines: true }).data.slice(1);
    expect(rows[0].slice(-2)).toStrictEqual(['', '']);
    expect(rows[1][7]).not.toBe('');
  });

  it('is kept, checked on upload, and scored by the CLI like any model file', async () => {
    const { file } = await saved();
    const store = new ModelStore({ dbName: 'segments-file-test' });
    const info = await store.saveFile(file);
    expect((await store.list())[0]).toStrictEqual(info);
    const checked = await runJob(makeRunConfig('check-model', { name: 'four.json' }), new Blob([file.text]));
    expect(checked).toStrictEqual(file);
    const broken = JSON.parse(file.text);
    broken.scorer.centroids.pop();
    await expect(runJob(makeRunConfig('check-model', { name: 'x.json' }), new Blob([JSON.stringify(broken)]))).rejects.toThrow('This segmentation file is damaged: the centres are not 4 × ');
    const path = join(dir, 'four.json');
    writeFileSync(path, file.text);
    const out = join(dir, 'four.csv');
    const printed = (await runScore([path, fileURLToPath(new URL('../fixtures/customers_changed.csv', import.meta.url))], { out })) as { columns: string[]; unseen_categories: object };
    expect(printed.columns.slice(-2)).toStrictEqual(['segment', 'persona']);
    expect(printed.unseen_categories).toStrictEqual({ region: 4 });
  });
});
