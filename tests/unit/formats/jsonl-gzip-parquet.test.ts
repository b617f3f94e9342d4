/** JSON Lines, gzip and Parquet: keys as columns in first-seen order, missing keys, nested values, and errors naming the file and line. */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readTableFile } from '../../../src/lib/io/read-file';
import { plainColumns } from './same-table';

const blob = (text: string): Blob => new Blob([text]);

describe('JSON Lines', () => {
  it('keys become columns in first-seen order; a missing key is missing; ids keep leading zeros; booleans are booleans', async () => {
    const text = ['{"id":"007","active":true,"spend":12.5}', '', '{"id":"010","spend":null,"active":false,"city":"Oslo"}', '{"__proto__":"x","id":"011","active":true,"spend":3}'].join('\n');
    const { table, warnings } = await readTableFile(blob(text), 'people.ndjson');
    const columns = plainColumns(table);
    expect(columns.map((c) => [c.name, c.type])).toStrictEqual([
      ['id', 'id'],
      ['active', 'boolean'],
      ['spend', 'numeric'],
      ['city', 'categorical'],
      ['__proto__', 'categorical'],
    ]);
    expect(columns[0].values).toStrictEqual(['007', '010', '011']);
    expect(columns[1].values).toStrictEqual([1, 0, 1]);
    expect(columns[2].values).toStrictEqual([12.5, null, 3]);
    expect(columns[3].values).toStrictEqual([null, 'Oslo', null]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(warnings).toStrictEqual([]);
  });
  it('nested values are kept as JSON text with a warning naming the column', async () => {
    const { table, warnings } = await readTableFile(blob('{"a":1,"tags":["x","y"]}\n{"a":2,"tags":[]}\n'), 't.jsonl');
    expect(plainColumns(table)[1].values).toStrictEqual(['["x","y"]', '[]']);
    expect(warnings).toContainEqual('t.jsonl: column "tags" holds nested objects or arrays (first at line 1); they were kept as JSON text.');
  });
  it('a line that is not JSON, or not an object, is refused naming the file and line', async () => {
    await expect(readTableFile(blob('{"a":1}\n{"a":2,}\n'), 'bad.jsonl')).rejects.toMatchObject({ name: 'ParseError', message: expect.stringMatching(/^bad\.jsonl: line 2 is not valid JSON/) });
    await expect(readTableFile(blob('{"a":1}\n\n[1,2]\n'), 'bad.jsonl')).rejects.toThrow(/^bad\.jsonl: line 3 holds an array, not a JSON object/);
  });
  it('a late text cell in a numeric column names the line', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify({ k: `c${i}`, v: i === 10 ? 'lots' : i }));
    const { warnings } = await readTableFile(blob(lines.join('\n')), 'v.jsonl', undefined, { sampleRows: 5 });
    expect(warnings.join('\n')).toMatch(/v\.jsonl: column "v" looked numeric but line 11 holds "lots"/);
  });
});

describe('gzip', () => {
  it('a .csv.gz that is not gzip is refused naming the file', async () => {
    await expect(readTableFile(blob('a,b\n1,2\n'), 'plain.csv.gz')).rejects.toMatchObject({ name: 'ParseError', message: expect.stringMatching(/^plain\.csv\.gz could not be decompressed as gzip/) });
  });
  it('a gzip file is recognised by its bytes whatever its name, and a TSV inside is read', async () => {
    const gz = await new Response(new Blob(['a\tb\n1\tx\n2\ty\n']).stream().pipeThrough(new CompressionStream('gzip'))).blob();
    const { table } = await readTableFile(gz, 'export.tsv.gz');
    expect(plainColumns(table).map((c) => c.values)).toStrictEqual([
      [1, 2],
      ['x', 'y'],
    ]);
  });
});

describe('Parquet', () => {
  it('64-bit ids keep every digit, timestamps are dates, booleans are booleans', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'customer_id', data: [1234567890123456789n, 2234567890123456789n, 3234567890123456789n], type: 'INT64' },
        { name: 'seen', data: [new Date(Date.UTC(2024, 0, 2)), new Date(Date.UTC(2024, 5, 1, 12, 30)), null], type: 'TIMESTAMP' },
        { name: 'member', data: [true, false, true], type: 'BOOLEAN' },
      ],
    });
    const { table } = await readTableFile(new Blob([buffer]), 'cards.parquet');
    const columns = plainColumns(table);
    expect(columns.map((c) => c.type)).toStrictEqual(['id', 'date', 'boolean']);
    expect(columns[0].values).toStrictEqual(['1234567890123456789', '2234567890123456789', '3234567890123456789']);
    expect(columns[1].values).toStrictEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 5, 1, 12, 30), null]);
    expect(columns[2].values).toStrictEqual([1, 0, 1]);
  });
  it('a file that is not Parquet is refused naming the file', async () => {
    await expect(readTableFile(blob('a,b\n1,2\n'), 'x.parquet')).rejects.toMatchObject({ name: 'ParseError', message: expect.stringMatching(/^x\.parquet could not be read as a Parquet file/) });
  });
});
