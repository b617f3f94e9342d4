import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cvRecord, segmentRecord, type RecordContext } from '../../src/lib/experiments/build-record';
import { readRunRecord } from '../../src/lib/experiments/read-record';
import type { RunRecord } from '../../src/lib/experiments/run-record';
import { runsFromJson, runsToJson } from '../../src/lib/experiments/runs-file';
import { HistoryStore } from '../../src/lib/io/history-store';
import type { CvResult } from '../../src/lib/ml/evaluation/cv/cross-validate';
import type { SegmentationResult } from '../../src/lib/ml/segments/segmentation';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { RunHistory } from '../../src/lib/state/run-history.svelte';

let databases = 0;
/** A store on a database of its own, so tests do not see each other's runs. */
function freshStore(): HistoryStore {
  return new HistoryStore({ dbName: `history-store-test-${++databases}` });
}

const data = { name: 'customers.csv', rows: 238, cols: 7, hash: 'fedcba9876543210' };
const f64 = (values: number[]) => Float64Array.from(values);

/** A finished classification run (with ROC and PR curves) that ended at `finishedAt`. */
function classification(finishedAt: number, model: 'rf' | 'logistic' = 'rf'): RunRecord {
  const run = makeRunConfig('cv', { target: '__proto__', task: 'classification', model, folds: 2, imbalance: 'none', label: { source: 'column', column: '__proto__', positive: 'Yes' } }, { seed: 0, data });
  const result: CvResult = {
    task: 'classification',
    model,
    target: '__proto__',
    folds: 2,
    splitter: 'stratified',
    features: ['constructor', 'age'],
    excluded: [],
    metrics: { roc_auc: { mean: 0.8, std: 0.1 }, f1: { mean: 0.5, std: NaN } },
    per_fold: [{ roc_auc: 0.7, f1: 0.5 }, { roc_auc: 0.9, f1: NaN }],
    oof: { rows: new Int32Array(0), fold: new Int32Array(0), yTrue: new Float64Array(0), predictions: new Float64Array(0) },
    classes: ['No', 'Yes'],
    positive: 'Yes',
    // Typed or plain lists: a record reads either.
    curves: { roc: { fpr: f64([0, 0.5, 1]), tpr: f64([0, 0.9, 1]) }, pr: { precision: f64([1, 0.6]), recall: f64([0, 1]) } } as unknown as CvResult['curves'],
    duplicates: { count: 0, distinct: 10, largest: 1, grouped: false, reason: '' },
    seconds: 1,
  };
  const context: RecordContext = { startedAt: finishedAt - 1000, finishedAt, appVersion: '0.1.0', columns: [{ name: '__proto__', type: 'categorical' }, { name: 'constructor', type: 'numeric' }] };
  return cvRecord(run, result, context);
}

function sweep(finishedAt: number): RunRecord {
  const run = makeRunConfig('segment', { features: ['age'], scale: 'standard', kMin: 2, kMax: 3, nInit: 2, stabilityRuns: 0 }, { seed: 0, data });
  const result = { bestK: 2, sweep: [2, 3].map((k) => ({ k, inertia: 10 / k, silhouette: 0.5, silhouetteSampled: false, sizes: [] })) } as unknown as SegmentationResult;
  return segmentRecord(run, result, { startedAt: finishedAt - 10, finishedAt, appVersion: '0.1.0', columns: [] });
}

/** A record as listed (its curves are stored apart). */
const listed = ({ curves: _curves, ...record }: RunRecord) => record;

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('HistoryStore', () => {
  it('keeps runs newest first, their curves apart, and deletes one or all', async () => {
    const store = freshStore();
    const [a, b, c] = [classification(1_000), sweep(3_000), classification(2_000, 'logistic')];
    expect(await store.add([a, b])).toStrictEqual({ added: 2, present: 0 });
    expect(await store.add([c, a])).toStrictEqual({ added: 1, present: 1 });
    const runs = await store.list();
    expect(runs.map((r) => r.id)).toStrictEqual([b.id, c.id, a.id]);
    expect(runs[2]).toStrictEqual(listed(a));
    const curves = await store.curves([a.id, b.id]);
    expect(curves.get(a.id)).toStrictEqual(a.curves);
    expect(curves.get(b.id)?.elbow).toStrictEqual({ x: [2, 3], y: [5, 3.3333] });
    expect(await store.all()).toStrictEqual([b, c, a]);
    await store.delete(c.id);
    expect((await store.list()).map((r) => r.id)).toStrictEqual([b.id, a.id]);
    expect((await store.curves([c.id])).size).toBe(0);
    await store.clear();
    expect(await store.list()).toStrictEqual([]);
  });

  it('keeps column names such as __proto__ and constructor as they are', async () => {
    const store = freshStore();
    const a = classification(1_000);
    await store.add([a]);
    const [back] = await store.list();
    expect([back.target, back.features, back.data?.columns.map((c) => c.name)]).toStrictEqual(['__proto__', ['constructor', 'age'], ['__proto__', 'constructor']]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });
});

describe('RunHistory', () => {
  it('lists a recorded run at once, stores it, and another session (a reload) reads it back', async () => {
    const store = freshStore();
    const history = new RunHistory(store);
    await history.load();
    expect(history.status).toBe('ready');
    const a = classification(1_000);
    await history.add(a);
    expect(history.records).toStrictEqual([listed(a)]);
    const reloaded = new RunHistory(store);
    await reloaded.load();
    expect(reloaded.records).toStrictEqual([listed(a)]);
    expect((await reloaded.curvesOf([a.id])).get(a.id)).toStrictEqual(a.curves);
    expect(reloaded.problem).toBeNull();
  });

  it('export then import into another browser gives the same runs, and importing twice keeps one copy of each', async () => {
    const source = new RunHistory(freshStore());
    await source.load();
    const runs = [classification(1_000), sweep(2_000), classification(3_000, 'logistic')];
    for (const r of runs) await source.add(r);
    const text = await source.exportText();
    expect(source.note).toStrictEqual({ text: 'Exported 3 runs.', isError: false });

    const target = new RunHistory(freshStore());
    await target.load();
    await target.importText(text, 'runs.json');
    expect(target.note).toStrictEqual({ text: 'runs.json: 3 runs read, 3 new, 0 already here.', isError: false });
    await target.importText(text, 'runs.json');
    expect(target.note).toStrictEqual({ text: 'runs.json: 3 runs read, 0 new, 3 already here.', isError: false });
    expect(target.records.map((r) => r.id)).toStrictEqual([runs[2].id, runs[1].id, runs[0].id]);
    // NaN (an undefined F1) goes out as null and comes back as NaN.
    expect(target.records[2]).toStrictEqual(listed(runs[0]));
    const again = JSON.parse(await target.exportText()) as { runs: unknown[] };
    expect(again.runs.map((r) => readRunRecord(r))).toStrictEqual([runs[2], runs[1], runs[0]]);
  });

  it('a full storage becomes a message; the run stays listed for the session', async () => {
    const history = new RunHistory(freshStore());
    await history.load();
    // What Chromium does when the quota is used up: the write throws a QuotaExceededError.
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const a = classification(1_000);
    await history.add(a);
    expect(history.problem).toMatch(/^Run history: saving the newest run failed because the browser has no room left/);
    expect(history.records).toStrictEqual([listed(a)]);
    expect((await history.curvesOf([a.id])).get(a.id)).toStrictEqual(a.curves);
    expect(history.busy).toBe(false);
  });

  it('no storage at all (a private window): history is off for the session, in words, and recording still lists runs', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const history = new RunHistory(freshStore());
    await history.load();
    expect(history.status).toBe('session-only');
    expect(history.problem).toMatch(/^Run history is off: this browser does not let the page store data/);
    const a = sweep(5);
    await history.add(a);
    expect(history.records.map((r) => r.id)).toStrictEqual([a.id]);
    await history.remove(a.id);
    expect(history.records).toStrictEqual([]);
  });

  it('an import that is not a runs file is refused in a sentence; bad runs are named and the good ones come in', async () => {
    const history = new RunHistory(freshStore());
    await history.load();
    await history.importText('{"hello": 1}', 'other.json');
    expect(history.note).toStrictEqual({ text: 'other.json: This JSON file holds no runs: a runs file is what “Export runs” on the Experiments page writes.', isError: true });
    await history.importText('not json', 'x.json');
    expect(history.note?.text).toBe('x.json: This file is not JSON: export runs from the Experiments page to get a file that imports.');
    const good = classification(1_000);
    const bad = { ...JSON.parse(JSON.stringify(good)), metrics: [{ key: 'r2', mean: 'high', std: 0 }] };
    await history.importText(JSON.stringify([bad, good]), 'mixed.json');
    expect(history.note).toStrictEqual({ text: 'mixed.json: 1 run read, 1 new, 0 already here. 1 could not be read: run 1: metrics[0].mean must be a number.', isError: true });
    expect(history.records.map((r) => r.id)).toStrictEqual([good.id]);
  });
});

describe('the runs file', () => {
  it('names the field that does not fit', () => {
    const good = JSON.parse(runsToJson([classification(1)], { appVersion: '0.1.0', exportedAt: new Date(0) })) as { exportedAt: string; runs: Record<string, unknown>[] };
    expect(good.exportedAt).toBe('1970-01-01T00:00:00.000Z');
    const withRun = (change: Record<string, unknown>) => JSON.stringify([{ ...good.runs[0], ...change }]);
    expect(runsFromJson(withRun({ version: 2 })).problems).toStrictEqual(['run 1: it is a version 2 record; this app reads version 1']);
    expect(runsFromJson(withRun({ page: 'nowhere' })).problems).toStrictEqual(['run 1: page must be one of predict, risk, segments, monitor']);
    expect(runsFromJson(withRun({ id: 'x' })).problems).toStrictEqual(['run 1: id must be 16 hex digits']);
    expect(runsFromJson(withRun({ run: { version: 1, kind: 'nope', seed: 0, data: null, config: {} } })).problems[0]).toMatch(/^run 1: its run: Unknown job kind "nope"; use one of: parse, /);
    expect(runsFromJson(withRun({ kind: 'tune' })).problems).toStrictEqual(['run 1: its kind "tune" does not match its run\'s kind "cv"']);
    expect(() => runsFromJson(JSON.stringify({ format: 'customer-intelligence-runs', version: 9, runs: [] }))).toThrow('This runs file is version 9; this app reads version 1.');
    expect(runsFromJson(withRun({})).runs).toHaveLength(1);
  });
});
