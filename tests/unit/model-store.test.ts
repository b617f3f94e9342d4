import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepFailureOf } from '../../src/lib/io/file-store';
import { ModelStore } from '../../src/lib/io/model-store';
import { textHash } from '../../src/lib/runs/artifact-summary';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { encodeArtifact } from '../../src/lib/runs/artifact-codec';
import { score, trainModel, type ModelArtifact } from '../../src/lib/runs/artifact';
import type { ModelFile } from '../../src/lib/runs/artifact-summary';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';

let databases = 0;
/** A store on a database of its own, so tests do not see each other's models. */
const freshStore = () => new ModelStore({ dbName: `model-store-test-${++databases}` });

const n = 60;
const table = tableFromArrays('shop.csv', {
  age: Array.from({ length: n }, (_, i) => 20 + (i % 40)),
  region: Array.from({ length: n }, (_, i) => ['North', 'South', '__proto__'][i % 3]),
  spend: Array.from({ length: n }, (_, i) => 100 + 3 * (i % 40) + (i % 3) * 10),
  churn: Array.from({ length: n }, (_, i) => (i % 40 < 15 ? 'yes' : 'no')),
});

async function model(target: 'spend' | 'churn', extra: Partial<ModelArtifact> = {}): Promise<ModelArtifact> {
  const { artifact } = await trainModel(table, {
    target,
    task: target === 'spend' ? 'regression' : 'classification',
    model: 'rf',
    features: ['age', 'region'],
    modelOptions: { nEstimators: 5 },
    createdAt: '2026-02-03T04:05:06.000Z',
    metrics: { cv: { r2: { mean: 0.9, std: 0.01 }, rmse: { mean: 4, std: 0.5 } }, test: { r2: 0.88 } },
  });
  return { ...artifact, ...extra };
}

afterEach(() => vi.restoreAllMocks());

describe('ModelStore', () => {
  it('lists nothing at first', async () => {
    expect(await freshStore().list()).toStrictEqual([]);
  });

  it('saves a model, lists it without decoding it, reads back a model that predicts the same', async () => {
    const store = freshStore();
    const artifact = await model('spend', { name: 'Spend forest', source: { page: 'predict' } });
    const info = await store.save(artifact);
    expect(info).toMatchObject({
      name: 'Spend forest',
      createdAt: '2026-02-03T04:05:06.000Z',
      task: 'regression',
      target: 'spend',
      model: 'rf',
      inputs: ['age', 'region'],
      rows: 60,
      cv: [
        { metric: 'r2', mean: 0.9, std: 0.01 },
        { metric: 'rmse', mean: 4, std: 0.5 },
      ],
      test: [{ metric: 'r2', value: 0.88 }],
      source: { page: 'predict' },
    });
    expect(info.id).toBe(`model-${textHash(encodeArtifact(artifact))}`);
    expect(info).not.toHaveProperty('positive');
    expect(await store.list()).toStrictEqual([info]);
    const back = (await store.read(info.id)) as ModelArtifact;
    expect(back).toStrictEqual(JSON.parse(JSON.stringify(artifact)));
    expect((await score(back, table)).predictions).toStrictEqual((await score(artifact, table)).predictions);
    expect(await store.text(info.id)).toBe(encodeArtifact(artifact));
  });

  it('names a model by its target and kind, keeps the positive class and threshold, lists the newest first', async () => {
    const store = freshStore();
    const first = await store.save(await model('spend'));
    await new Promise((done) => setTimeout(done, 5));
    const second = await store.save(await model('churn'));
    expect(second).toMatchObject({ name: 'churn = yes, rf', positive: 'yes', threshold: 0.5, task: 'classification' });
    expect(first.name).toBe('spend, rf');
    expect((await store.list()).map((m) => m.id)).toStrictEqual([second.id, first.id]);
  });

  it('an uploaded file is checked; the same file twice is one model', async () => {
    const store = freshStore();
    const text = encodeArtifact(await model('churn'));
    const a = await store.saveText(text);
    const b = await store.saveText(text);
    expect(b).toStrictEqual(a);
    expect(await store.list()).toHaveLength(1);
    await expect(store.saveText('{"hello": 1}')).rejects.toThrow('Not a Customer Intelligence model file');
    await expect(store.saveText(text.replace('"version":1', '"version":7'))).rejects.toThrow('This model file is version 7; this app reads version 1');
    expect(await store.list()).toHaveLength(1);
  });

  it('deletes a model and its file', async () => {
    const store = freshStore();
    const info = await store.save(await model('spend'));
    await store.remove(info.id);
    expect(await store.list()).toStrictEqual([]);
    expect(await store.read(info.id)).toBeNull();
    expect(await store.text('model-none')).toBeNull();
  });

  it('a full disk rejects with QuotaExceededError and keeps no half-saved model', async () => {
    const store = freshStore();
    await store.list();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('no room', 'QuotaExceededError');
    });
    const error = await store.save(await model('spend')).catch((e: unknown) => e);
    expect((error as Error).name).toBe('QuotaExceededError');
    expect(keepFailureOf(error)).toBe('full');
    vi.restoreAllMocks();
    expect(await store.list()).toStrictEqual([]);
  });

  it('without IndexedDB every call rejects as unavailable', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const error = await freshStore().list().catch((e: unknown) => e);
    expect(keepFailureOf(error)).toBe('unavailable');
    vi.unstubAllGlobals();
  });

  it("a worker's model file is saved as it is; an upload checked by 'check-model' is the same model with the same id", async () => {
    const store = freshStore();
    const config = { target: 'churn', task: 'classification' as const, model: 'gbm' as const, features: ['age', 'region'], modelOptions: { nEstimators: 5 }, name: 'Churn', createdAt: '2026-03-01T00:00:00.000Z' };
    const file = await runJob(makeRunConfig('model-file', config, { seed: 4 }), table);
    expect(file.info).toMatchObject({ name: 'Churn', savedAt: 0, model: 'gbm', positive: 'yes', id: `model-${textHash(file.text)}` });
    const info = await store.saveFile(file);
    expect(info.savedAt).toBeGreaterThan(0);
    expect(await store.text(info.id)).toBe(file.text);
    const checked: ModelFile = await runJob(makeRunConfig('check-model', { name: 'churn.model.json' }), new Blob([file.text]));
    expect(checked).toStrictEqual(file);
    const trained = await runJob(makeRunConfig('train', config, { seed: 4 }), table);
    expect(encodeArtifact(trained)).toBe(file.text);
    await expect(runJob(makeRunConfig('check-model', { name: 'x.json' }), new Blob(['{"format":"customer-intelligence/model","version":1}']))).rejects.toThrow(
      'This model file is damaged: "createdAt" is missing or invalid',
    );
    const forest = JSON.parse(encodeArtifact(await model('spend')));
    forest.model.nFeatures = 99;
    forest.model.importance = new Array(99).fill(1 / 99); // consistent with nFeatures, so the check of the inputs is what fails
    await expect(runJob(makeRunConfig('check-model', { name: 'x.json' }), new Blob([JSON.stringify(forest)]))).rejects.toThrow(
      'This model file is damaged: its model does not fit its inputs (X has 4 columns, the forest was trained on 99)',
    );
  });
});
