/** European exports: `;` between fields and `1.234,5` decimals, detected, applied by default, and reverted on request. */
import { describe, expect, it } from 'vitest';
import { readTableFile } from '../../../src/lib/io/read-file';
import { detectDecimalComma, fromDecimalComma } from '../../../src/lib/ml/data/csv/decimal-comma';
import { parseCsvText } from '../../../src/lib/ml/data/csv/parse-text';
import { fixtureBlob, plainColumns } from './same-table';

describe('fromDecimalComma', () => {
  it('rewrites decimal commas and dot thousands, leaves the rest', () => {
    expect(['1.234,5', '-45,75', '12.000,0', '1.234.567', '0,1', '3.5', '01.02.2024', 'K1', '12', ' 7,25 '].map(fromDecimalComma)).toStrictEqual([
      '1234.5',
      '-45.75',
      '12000.0',
      '1234567',
      '0.1',
      '3.5',
      '01.02.2024',
      'K1',
      '12',
      '7.25',
    ]);
  });
});

describe('detectDecimalComma', () => {
  it('finds the first decimal-comma cell of a ; file', () => {
    expect(detectDecimalComma('a;b\nx;1.234,5\ny;2,5\n', ';')).toBe('1.234,5');
  });
  it('is null for comma-separated files, plain decimal points, and text with commas', () => {
    expect(detectDecimalComma('a,b\n"1,5",2\n', ',')).toBeNull();
    expect(detectDecimalComma('a;b;c\nx;3.5;1,5\ny;2.25;2,5\n', ';')).toBeNull();
    expect(detectDecimalComma('a;b\nx;red, green\ny;blue\n', ';')).toBeNull();
  });
});

describe('european_semicolon.csv', () => {
  const name = 'european_semicolon.csv';
  it('reads 1.234,5 as 1234.5 by default and says so', async () => {
    const outcome = await readTableFile(fixtureBlob(name), name);
    expect(outcome.decimalComma).toStrictEqual({ example: '1.234,5', value: 1234.5, isApplied: true });
    const columns = plainColumns(outcome.table);
    expect(columns.map((c) => c.type)).toStrictEqual(['categorical', 'numeric', 'numeric', 'date']);
    expect(columns[1].values).toStrictEqual([1234.5, 987.25, 12000, -45.75]);
    expect(columns[2].values).toStrictEqual([0.1, 0.15, 0, 0.05]);
    expect(columns[3].values).toStrictEqual([Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 15), Date.UTC(2024, 1, 28), Date.UTC(2023, 11, 31)]);
  });
  it('keeps the cells as written when the user says no (decimal "."), and still offers the reading', async () => {
    const outcome = await readTableFile(fixtureBlob(name), name, undefined, { decimal: '.' });
    expect(outcome.decimalComma).toStrictEqual({ example: '1.234,5', value: 1234.5, isApplied: false });
    expect(outcome.table.columns[1].storage).toBe('category');
  });
  it('the in-memory reader (CLI) makes the same choice', () => {
    const text = 'kunde;umsatz\nK1;1.234,5\nK2;2,5\n';
    expect(plainColumns(parseCsvText(text, 'e.csv').table)[1].values).toStrictEqual([1234.5, 2.5]);
    expect(parseCsvText(text, 'e.csv', { decimal: '.' }).table.columns[1].storage).toBe('category');
  });
  it('a comma-separated file is never rewritten', async () => {
    const outcome = parseCsvText('a,b\nx,"1.234,5"\ny,"2,5"\n', 'c.csv');
    expect(outcome.decimalComma).toBeUndefined();
    expect(outcome.table.columns[1].storage).toBe('category');
  });
});
