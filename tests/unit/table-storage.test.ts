import { describe, expect, it } from 'vitest';
import { parseBlob } from '../../src/lib/io/csv-stream';
import { cellText, isMissing, type Table } from '../../src/lib/ml/core/table';
import { ownString } from '../../src/lib/ml/data/csv/column-sinks';

/** A file read as the 'parse' job reads it, in chunks small enough to cut rows and cells. */
async function read(text: string, chunkBytes = 64): Promise<Table> {
  return (await parseBlob(new Blob([text]), 'customers.csv', undefined, { chunkBytes, sampleRows: 3 })).table;
}

const rows = [
  ['customer_id', 'age', 'spend', 'region', 'plan', 'long_id'],
  ['000123', '34', '12.50', 'North', 'Basic', 'cus_0000001-9f3a2b1c-a1b2'],
  ['000124', '', '7.25', 'South', '', 'cus_0000002-1b2c3d4e-a1b2'],
  ['000125', '51', '', 'North', 'Premium', 'cus_0000003-77aa88bb-a1b2'],
  ['000126', '29', '99.00', '', 'Basic', 'cus_0000004-c0ffee00-a1b2'],
  ['000127', '40', '0.10', 'East', 'Basic', 'cus_0000001-9f3a2b1c-a1b2'],
];
const csv = rows.map((r) => r.join(',')).join('\n') + '\n';

describe('how a loaded table is held', () => {
  it('keeps numbers in Float64Arrays and text as Int32 codes into a dictionary, one entry per distinct word', async () => {
    const table = await read(csv);
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    const age = byName.get('age');
    const region = byName.get('region');
    const longId = byName.get('long_id');
    expect(age?.storage === 'number' && age.values).toBeInstanceOf(Float64Array);
    expect(region?.storage === 'category' && region.codes).toBeInstanceOf(Int32Array);
    expect(region?.storage === 'category' && [...region.codes]).toStrictEqual([0, 1, 0, -1, 2]);
    expect(region?.storage === 'category' && region.dictionary).toStrictEqual(['North', 'South', 'East']);
    // A repeated id is one dictionary word, coded twice.
    expect(longId?.storage === 'category' && [...longId.codes]).toStrictEqual([0, 1, 2, 3, 0]);
    // Every column owns a buffer of exactly its rows (what a transfer to the page moves).
    for (const c of table.columns) {
      const array = c.storage === 'number' ? c.values : c.codes;
      expect([c.name, array.buffer.byteLength]).toStrictEqual([c.name, table.rowCount * array.BYTES_PER_ELEMENT]);
    }
  });

  it('gives back every cell as written: the same text, the same missing cells, ids with leading zeros as text', async () => {
    const table = await read(csv);
    expect(table.rowCount).toBe(5);
    expect(table.columns.map((c) => c.name)).toStrictEqual(rows[0]);
    const id = table.columns[0];
    expect(id.storage).toBe('category');
    for (let r = 0; r < table.rowCount; r++) {
      const written = rows[r + 1];
      expect(table.columns.map((c) => cellText(c, r))).toStrictEqual(written);
      expect(table.columns.map((c) => isMissing(c, r))).toStrictEqual(written.map((cell) => cell === ''));
    }
  });

  it('reads the same table whatever the chunk size (cells cut across chunks)', async () => {
    const whole = await read(csv, 1 << 20);
    for (const chunk of [7, 13, 64]) expect(await read(csv, chunk)).toStrictEqual(whole);
  });
});

describe('ownString', () => {
  it('returns the same text, short or long, lone surrogates and quotes included', () => {
    for (const text of ['', 'North', 'cus_0000001-9f3a2b1c-a1b2', 'a "quoted" \\ back\nslash over thirteen', '\ud800 lone surrogate, long enough', 'Málaga € 12345678901234']) {
      expect(ownString(text)).toBe(text);
    }
  });
});
