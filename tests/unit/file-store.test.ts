import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileStore, keepFailureOf } from '../../src/lib/io/file-store';
import { readKeptSettings, type KeptSettings } from '../../src/lib/io/kept-settings';

let databases = 0;
/** A store on a database of its own, so tests do not see each other's files. */
function freshStore(): { store: FileStore; dbName: string } {
  const dbName = `file-store-test-${++databases}`;
  return { store: new FileStore({ dbName }), dbName };
}

const csv = (text: string) => new Blob([text], { type: 'text/csv' });

const settings: KeptSettings = {
  overrides: [
    { name: '__proto__', role: 'target' },
    { name: 'age', type: 'categorical' },
  ],
  derived: [
    {
      column: { name: 'constructor', type: 'numeric', role: 'feature', storage: 'number', values: new Float64Array([1, 2]) },
      formula: 'age * 2',
      sources: ['age'],
    },
    {
      column: { name: 'band', type: 'categorical', role: 'feature', storage: 'category', codes: new Int32Array([0, -1]), dictionary: ['low'] },
      formula: 'merge high → low',
      sources: ['band'],
    },
  ],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('FileStore', () => {
  it('has nothing kept at first', async () => {
    expect(await freshStore().store.read()).toBeNull();
  });

  it('gives back the bytes, name and size of the kept file, with no settings yet', async () => {
    const { store } = freshStore();
    const info = await store.keep(csv('a,b\n1,2\n'), 'my customers.csv');
    expect(info).toMatchObject({ name: 'my customers.csv', size: 8 });
    const kept = await store.read();
    expect(kept).toMatchObject({ id: info.id, name: 'my customers.csv', size: 8, settings: { overrides: [], derived: [] } });
    expect(await kept!.file.text()).toBe('a,b\n1,2\n');
  });

  it('keeps settings for the kept file, column names like __proto__ included, typed arrays intact', async () => {
    const { store } = freshStore();
    const { id } = await store.keep(csv('x\n1\n'), 'f.csv');
    expect(await store.saveSettings(id, settings)).toBe(true);
    const kept = await store.read();
    expect(kept!.settings).toStrictEqual(settings);
    const values = kept!.settings.derived[0].column;
    expect(values.storage === 'number' && values.values).toBeInstanceOf(Float64Array);
  });

  it('replaces the kept file as a whole: a new file never gets the old one’s settings, and old settings are not saved onto it', async () => {
    const { store } = freshStore();
    const first = await store.keep(csv('x\n1\n'), 'first.csv');
    await store.saveSettings(first.id, settings);
    const second = await store.keep(csv('y\n2\n'), 'second.csv');
    expect(second.id).not.toBe(first.id);
    expect(await store.saveSettings(first.id, settings)).toBe(false);
    const kept = await store.read();
    expect(kept).toMatchObject({ name: 'second.csv', settings: { overrides: [], derived: [] } });
  });

  it('forgets the file and its settings', async () => {
    const { store } = freshStore();
    const { id } = await store.keep(csv('x\n1\n'), 'f.csv');
    await store.saveSettings(id, settings);
    await store.forget();
    expect(await store.read()).toBeNull();
  });

  it('refuses a file larger than the room the browser gives, as a QuotaExceededError, and leaves no older file behind', async () => {
    const { store } = freshStore();
    await store.keep(csv('x\n1\n'), 'small.csv');
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ quota: 1000, usage: 990 }) } });
    expect(await store.room()).toBe(10);
    const error = await store.keep(csv('a,b,c\n1,2,3\n'), 'big.csv').catch((e: unknown) => e);
    expect((error as Error).name).toBe('QuotaExceededError');
    expect(keepFailureOf(error)).toBe('full');
    expect(await store.read()).toBeNull();
  });

  it('says storage is unavailable when the browser offers no IndexedDB (a private window)', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const { store } = freshStore();
    const error = await store.keep(csv('x\n1\n'), 'f.csv').catch((e: unknown) => e);
    expect((error as Error).name).toBe('StorageUnavailableError');
    expect(keepFailureOf(error)).toBe('unavailable');
    await expect(store.read()).rejects.toThrow(/no IndexedDB/);
  });

  it('classifies browser storage errors by name', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(keepFailureOf(named('QuotaExceededError'))).toBe('full');
    expect(keepFailureOf(named('SecurityError'))).toBe('unavailable');
    expect(keepFailureOf(named('InvalidStateError'))).toBe('unavailable');
    expect(keepFailureOf(named('UnknownError'))).toBe('failed');
    expect(keepFailureOf('text')).toBe('failed');
  });

  it('ignores a record this version did not write', async () => {
    const { store, dbName } = freshStore();
    await store.keep(csv('x\n1\n'), 'f.csv');
    const db = await openDB(dbName, 1);
    await db.put('files', { version: 2, id: 'later', name: 'f.csv', size: 4, savedAt: 0, file: csv('x\n1\n') }, 'current');
    db.close();
    expect(await store.read()).toBeNull();
  });
});

describe('readKeptSettings', () => {
  it('keeps well-formed entries and drops the rest', () => {
    const read = readKeptSettings({
      overrides: [{ name: 'a', type: 'numeric' }, { name: 'b', role: 'boss' }, { name: 3, role: 'id' }, null, { name: 'c', role: 'ignore' }],
      derived: [
        settings.derived[0],
        { column: { ...settings.derived[0].column, values: [1, 2] }, formula: 'f', sources: [] },
        { column: settings.derived[1].column, formula: 7, sources: [] },
      ],
    });
    expect(read.overrides).toStrictEqual([{ name: 'a', type: 'numeric' }, { name: 'c', role: 'ignore' }]);
    expect(read.derived).toStrictEqual([settings.derived[0]]);
    expect(readKeptSettings('junk')).toStrictEqual({ overrides: [], derived: [] });
  });

  it("keeps a summary by customer only when it has the 'clv' job's shape", () => {
    const summary = { columns: { customer: 'CustomerID', date: 'InvoiceDate', amount: 'Amount' }, unit: 'weeks', fit: true, horizonMonths: 12, discount: 0.01, calibrationEnd: '1997-09-30' };
    expect(readKeptSettings({ overrides: [], derived: [], summary }).summary).toStrictEqual(summary);
    for (const broken of [{ ...summary, unit: 'months' }, { ...summary, columns: { customer: 'CustomerID' } }, { ...summary, discount: '1%' }, { ...summary, fit: 'yes' }, 'summary']) {
      expect(readKeptSettings({ overrides: [], derived: [], summary: broken })).toStrictEqual({ overrides: [], derived: [] });
    }
  });
});
