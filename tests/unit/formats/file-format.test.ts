/** Which reader a file gets, and the CSV text of typed cells. */
import { describe, expect, it } from 'vitest';
import { cellText, isoDateText } from '../../../src/lib/ml/data/formats/cell-text';
import { fileFormatOf } from '../../../src/lib/ml/data/formats/file-format';
import { columnLetters, sheetCellText } from '../../../src/lib/ml/data/formats/sheet-cell';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('fileFormatOf', () => {
  it('by extension, any case', () => {
    expect(['a.XLSX', 'b.parquet', 'c.jsonl', 'd.ndjson', 'e.csv.gz', 'f.tsv.gz', 'g.csv', 'h.tsv', 'i.txt'].map((n) => fileFormatOf(n, bytes()))).toStrictEqual([
      'xlsx',
      'parquet',
      'jsonl',
      'jsonl',
      'csv.gz',
      'csv.gz',
      'csv',
      'csv',
      'csv',
    ]);
  });
  it('by magic bytes when the name says nothing', () => {
    expect(fileFormatOf('download', bytes(0x1f, 0x8b, 8))).toBe('csv.gz');
    expect(fileFormatOf('download', bytes(0x50, 0x41, 0x52, 0x31))).toBe('parquet');
    expect(fileFormatOf('sheet.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('....xl/workbook.xml')]))).toBe('xlsx');
    expect(fileFormatOf('archive.csv', bytes(0x50, 0x4b, 0x03, 0x04, 0x41))).toBe('csv');
  });
});

describe('cell texts', () => {
  it('numbers, bigints, booleans, dates and missing values as the CSV reader reads them', () => {
    expect([cellText(12.5), cellText(12345678901234567890n), cellText(true), cellText(null), cellText(undefined), cellText(Number.NaN), cellText('0042')]).toStrictEqual([
      '12.5',
      '12345678901234567890',
      'true',
      '',
      '',
      '',
      '0042',
    ]);
    expect(cellText({ a: 1 })).toBeNull();
    expect(isoDateText(new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-29');
    expect(isoDateText(new Date(Date.UTC(2024, 1, 29, 8, 5)))).toBe('2024-02-29T08:05Z');
    expect(isoDateText(new Date(Date.UTC(2024, 1, 29, 8, 5, 7, 25)))).toBe('2024-02-29T08:05:07.025Z');
  });
  it('workbook cells: formulas give their saved result, rich text its letters, errors are flagged', () => {
    expect(sheetCellText({ formula: 'A1*2', result: 4 })).toStrictEqual({ text: '4' });
    expect(sheetCellText({ sharedFormula: 'B2', result: new Date(Date.UTC(2024, 0, 1)) })).toStrictEqual({ text: '2024-01-01' });
    expect(sheetCellText({ formula: 'A1*2' })).toStrictEqual({ text: '', problem: 'a formula saved without its value' });
    expect(sheetCellText({ richText: [{ text: 'Ac' }, { text: 'me' }] })).toStrictEqual({ text: 'Acme' });
    expect(sheetCellText({ text: 'site', hyperlink: 'https://example.org' })).toStrictEqual({ text: 'site' });
    expect(sheetCellText({ error: '#N/A' })).toStrictEqual({ text: '', problem: 'the Excel error #N/A' });
    expect([1, 26, 27, 52, 703].map(columnLetters)).toStrictEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
