/** The sheet and decimal mark chosen for a kept file are kept with it, so a reload reads it the same way; damaged records are dropped. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/lib/io/file-store';
import { readKeptReading, readKeptSettings } from '../../../src/lib/io/kept-settings';
import type { Table } from '../../../src/lib/ml/core/table';
import { dataset } from '../../../src/lib/state/dataset.svelte';
import { KeptFile } from '../../../src/lib/state/kept-file.svelte';

const table: Table = {
  name: 'orders.xlsx',
  rowCount: 2,
  columns: [{ name: 'qty', type: 'numeric', role: 'feature', storage: 'number', values: new Float64Array([1, 2]) }],
};

describe('kept reading choices', () => {
  it('readKeptReading keeps a sheet name and a decimal mark, and nothing else', () => {
    expect(readKeptReading({ sheet: 'Regions', decimal: ',' })).toStrictEqual({ sheet: 'Regions', decimal: ',' });
    expect(readKeptReading({ sheet: 3, decimal: 'auto', extra: 1 })).toBeNull();
    expect(readKeptReading(null)).toBeNull();
    expect(readKeptSettings({ overrides: [], derived: [], reading: { decimal: '.' } }).reading).toStrictEqual({ decimal: '.' });
    expect(readKeptSettings({ overrides: [], derived: [] }).reading).toBeUndefined();
  });

  it('a file kept with a chosen sheet is read back with it', async () => {
    const store = new FileStore({ dbName: 'kept-reading-test' });
    const kept = new KeptFile({ store, saveDelayMs: 0 });
    dataset.replace(table);
    await kept.keep(new Blob(['xlsx bytes']), 'orders.xlsx', table, { sheet: 'Regions' });
    await expect.poll(async () => (await kept.read())?.settings.reading).toStrictEqual({ sheet: 'Regions' });
    expect(kept.status).toBe('kept');
  });
});
