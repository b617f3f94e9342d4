import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { FileStore } from '../../src/lib/io/file-store';
import type { Table } from '../../src/lib/ml/core/table';
import { dataset } from '../../src/lib/state/dataset.svelte';
import { KeptFile } from '../../src/lib/state/kept-file.svelte';

let databases = 0;

/** What a parse of `name` gives: two columns, three rows. */
function tableOf(name: string): Table {
  return {
    name,
    rowCount: 3,
    columns: [
      { name: '__proto__', type: 'numeric', role: 'feature', storage: 'number', values: new Float64Array([1, 2, 3]) },
      { name: 'region', type: 'categorical', role: 'feature', storage: 'category', codes: new Int32Array([0, 1, 0]), dictionary: ['N', 'S'] },
    ],
  };
}

/** A KeptFile on a database of its own, its warnings collected. */
function keptFile(store = new FileStore({ dbName: `kept-file-test-${++databases}` })) {
  const warnings: string[] = [];
  const kept = new KeptFile({ store, onWarning: (text) => warnings.push(text), saveDelayMs: 0 });
  return { kept, store, warnings };
}

/** Opens `name` as the loader does: the table replaces the dataset, then the file is kept. */
async function open(kept: KeptFile, name: string, bytes = 'x\n1\n'): Promise<Table> {
  const table = tableOf(name);
  dataset.replace(table);
  await kept.keep(new Blob([bytes]), name, table);
  return table;
}

/** A store whose writes fail with a browser error named `name`. */
class FailingStore extends FileStore {
  constructor(
    private readonly errorName: string,
    private readonly free: number | null,
  ) {
    super({ dbName: `failing-${++databases}` });
  }
  override async keep(): Promise<never> {
    throw Object.assign(new Error('no room'), { name: this.errorName });
  }
  override async room(): Promise<number | null> {
    return this.free;
  }
}

describe('KeptFile', () => {
  it('keeps the file opened, then saves each change of type, role and added column to it', async () => {
    const { kept, store, warnings } = keptFile();
    const table = await open(kept, 'customers.csv');
    expect(kept.status).toBe('kept');
    expect(kept.info).toMatchObject({ name: 'customers.csv', size: 4 });
    expect(kept.isShowing(table)).toBe(true);

    dataset.override('__proto__', { role: 'target' });
    dataset.override('region', { type: 'text' });
    dataset.putDerived({
      column: { name: 'double', type: 'numeric', role: 'feature', storage: 'number', values: new Float64Array([2, 4, 6]) },
      formula: '__proto__ * 2',
      sources: ['__proto__'],
    });
    expect(kept.status).toBe('saving');
    await vi.waitFor(() => expect(kept.status).toBe('kept'));

    const stored = await store.read();
    expect(stored!.settings.overrides).toStrictEqual([
      { name: '__proto__', role: 'target' },
      { name: 'region', type: 'text' },
    ]);
    expect(stored!.settings.derived.map((d) => d.column.name)).toStrictEqual(['double']);
    expect(warnings).toStrictEqual([]);
  });

  it('puts the settings back on the same file read again after a reload', async () => {
    const { kept, store } = keptFile();
    await open(kept, 'customers.csv');
    dataset.override('region', { role: 'ignore' });
    await vi.waitFor(() => expect(kept.status).toBe('kept'));

    // A reload: a new page state reads the kept file and parses it again.
    const reloaded = new KeptFile({ store, saveDelayMs: 0 });
    const stored = await reloaded.read();
    const table = tableOf(stored!.name);
    dataset.replace(table);
    dataset.applySettings(stored!.settings);
    reloaded.follow(stored!, table);
    expect(dataset.table!.columns.map((c) => [c.name, c.type, c.role])).toStrictEqual([
      ['__proto__', 'numeric', 'feature'],
      ['region', 'categorical', 'ignore'],
    ]);
    expect(reloaded.status).toBe('kept');
  });

  it('drops an added column whose length is not the file’s', () => {
    dataset.replace(tableOf('f.csv'));
    dataset.applySettings({
      overrides: [],
      derived: [
        { column: { name: 'ok', type: 'numeric', role: 'feature', storage: 'number', values: new Float64Array(3) }, formula: 'a', sources: [] },
        { column: { name: 'short', type: 'numeric', role: 'feature', storage: 'number', values: new Float64Array(2) }, formula: 'b', sources: [] },
      ],
    });
    expect(dataset.derived.map((d) => d.column.name)).toStrictEqual(['ok']);
  });

  it('does not save edits of a dataset that is not the kept file', async () => {
    const { kept, store } = keptFile();
    await open(kept, 'customers.csv');
    dataset.replace(tableOf('example.csv'));
    dataset.override('region', { role: 'ignore' });
    expect(kept.status).toBe('kept');
    expect((await store.read())!.settings.overrides).toStrictEqual([]);
  });

  it('a file too large for storage stays loaded, and the user is told it will not survive a reload, with its size and why', async () => {
    const { kept, warnings } = keptFile(new FailingStore('QuotaExceededError', 1536));
    const table = await open(kept, 'big.csv', 'x'.repeat(2048));
    expect(dataset.loaded).toBe(table);
    expect(kept.status).toBe('session-only');
    expect(kept.info).toBeNull();
    expect(warnings).toStrictEqual([
      'big.csv (2.0 KB) is open for this session only: it will not be opened again after a reload, because it is too large for the storage this browser gives the page (about 1.5 KB free).',
    ]);
    expect(kept.problem).toBe(warnings[0]);
  });

  it('says so when the browser lets the page store nothing (a private window)', async () => {
    const { kept, warnings } = keptFile(new FailingStore('SecurityError', null));
    await open(kept, 'f.csv');
    expect(kept.status).toBe('session-only');
    expect(warnings[0]).toMatch(/^f\.csv \(4 B\) is open for this session only: .* does not let the page store files/);
  });

  it('forgets the kept file; the last of a quick series of opens is the one kept', async () => {
    const { kept, store } = keptFile();
    dataset.replace(tableOf('a.csv'));
    const first = kept.keep(new Blob(['a']), 'a.csv', dataset.loaded!);
    dataset.replace(tableOf('b.csv'));
    const second = kept.keep(new Blob(['bb']), 'b.csv', dataset.loaded!);
    await Promise.all([first, second]);
    expect(kept.info).toMatchObject({ name: 'b.csv', size: 2 });
    expect((await store.read())!.name).toBe('b.csv');

    const forgetting = kept.forget();
    // Until the store has removed it, the page says so (a reload now would still find it).
    expect([kept.status, kept.info]).toStrictEqual(['forgetting', null]);
    await forgetting;
    expect([kept.status, kept.info]).toStrictEqual(['none', null]);
    expect(await store.read()).toBeNull();
  });

  it('stops saving to a file another tab has replaced since', async () => {
    const { kept, store } = keptFile();
    const table = await open(kept, 'mine.csv');
    const otherTab = new KeptFile({ store, saveDelayMs: 0 });
    await otherTab.keep(new Blob(['y\n2\n']), 'theirs.csv', tableOf('theirs.csv'));
    expect(dataset.loaded).toBe(table);
    dataset.override('region', { role: 'ignore' });
    await vi.waitFor(() => expect(kept.status).toBe('none'));
    expect(kept.info).toBeNull();
    expect(await store.read()).toMatchObject({ name: 'theirs.csv', settings: { overrides: [] } });
  });
});
