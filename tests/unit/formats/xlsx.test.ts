/** Excel workbooks: the first sheet by default, a named sheet, dates as dates, formulas' saved values, merged header cells reported, bad cells named by sheet, row and column. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTableFile } from '../../../src/lib/io/read-file';
import { fixtureBlob, plainColumns } from './same-table';

async function bookBlob(fill: (book: ExcelJS.Workbook) => void): Promise<Blob> {
  const book = new ExcelJS.Workbook();
  fill(book);
  return new Blob([new Uint8Array(await book.xlsx.writeBuffer())]);
}

describe('orders_two_sheets.xlsx', () => {
  it('reads the first sheet: ids keep leading zeros, dates are dates, formulas give their values, the merged header is reported', async () => {
    const { table, warnings, sheets, sheet } = await readTableFile(fixtureBlob('orders_two_sheets.xlsx'), 'orders_two_sheets.xlsx');
    expect(sheets).toStrictEqual(['Orders', 'Regions']);
    expect(sheet).toBe('Orders');
    const columns = plainColumns(table);
    expect(columns.map((c) => [c.name, c.type])).toStrictEqual([
      ['order_id', 'id'],
      ['placed', 'date'],
      ['qty', 'numeric'],
      ['price', 'numeric'],
      ['total', 'numeric'],
      ['Spend', 'numeric'],
      ['Spend_2', 'numeric'],
    ]);
    expect(columns[0].values).toStrictEqual(['0042', '0043', '0107', '0200']);
    expect(columns[1].values).toStrictEqual([Date.UTC(2024, 0, 15), Date.UTC(2024, 1, 29), Date.UTC(2024, 2, 3), Date.UTC(2024, 11, 31)]);
    expect(columns[4].values).toStrictEqual([19, 20, 16.25, 36]);
    expect(columns[6].values).toStrictEqual([80, 75, 40, 210]);
    expect(warnings.some((w) => /sheet "Orders": the header has merged cells \(F1\)/.test(w))).toBe(true);
  });

  it('reads the sheet asked for', async () => {
    const { table, sheet } = await readTableFile(fixtureBlob('orders_two_sheets.xlsx'), 'orders_two_sheets.xlsx', undefined, { sheet: 'Regions' });
    expect(sheet).toBe('Regions');
    expect(plainColumns(table).map((c) => c.values)).toStrictEqual([
      ['North', 'South', 'East'],
      ['Ana', 'Ben', 'Chen'],
      [1000, 1500, 1200],
    ]);
  });

  it('refuses a sheet that does not exist, listing the sheets', async () => {
    await expect(readTableFile(fixtureBlob('orders_two_sheets.xlsx'), 'orders_two_sheets.xlsx', undefined, { sheet: 'Nope' })).rejects.toThrow(
      /orders_two_sheets\.xlsx has no sheet "Nope"; its sheets are "Orders", "Regions"/,
    );
  });
});

describe('bad workbooks', () => {
  it('an Excel error value is read as missing, named by sheet, cell, row and column', async () => {
    const blob = await bookBlob((book) => {
      const sheet = book.addWorksheet('Data');
      sheet.addRow(['id', 'ratio', 'spend']);
      sheet.addRow([1, 0.5, 10]);
      sheet.addRow([2, { error: '#DIV/0!' }, 20]);
      sheet.addRow([3, 0.25, 30]);
    });
    const { table, warnings } = await readTableFile(blob, 'ratios.xlsx');
    expect(plainColumns(table)[1].values).toStrictEqual([0.5, null, 0.25]);
    expect(warnings).toContainEqual('ratios.xlsx, sheet "Data": cell B3 (row 3, column "ratio") holds the Excel error #DIV/0!, read as missing.');
  });

  it('a late text cell in a numeric column is named by sheet and row', async () => {
    const blob = await bookBlob((book) => {
      const sheet = book.addWorksheet('Sales');
      sheet.addRow(['id', 'amount']);
      for (let i = 1; i <= 30; i++) sheet.addRow([`c${i}`, i === 25 ? 'n/a yet' : i * 10]);
    });
    const { table, warnings } = await readTableFile(blob, 'sales.xlsx', undefined, { sampleRows: 10 });
    expect(table.columns[1].storage).toBe('category');
    expect(warnings.join('\n')).toMatch(/sales\.xlsx, sheet "Sales": column "amount" looked numeric but row 26 holds "n\/a yet"/);
  });

  it('an empty sheet is refused with the other sheets named', async () => {
    const blob = await bookBlob((book) => {
      book.addWorksheet('Empty');
      book.addWorksheet('Data').addRow(['a', 'b']);
    });
    await expect(readTableFile(blob, 'two.xlsx')).rejects.toThrow(/two\.xlsx, sheet "Empty" is empty: .*Pick another sheet \("Data"\)/);
  });

  it('a file that is not a workbook is refused by name', async () => {
    await expect(readTableFile(new Blob(['not a zip']), 'broken.xlsx')).rejects.toMatchObject({ name: 'ParseError', message: expect.stringMatching(/^broken\.xlsx could not be read as an Excel workbook/) });
  });
});

describe('a title above the table', () => {
  it('is skipped: the header is the first row filled about as wide as the table, and a warning says where the table starts', async () => {
    const blob = await bookBlob((book) => {
      const sheet = book.addWorksheet('Report');
      sheet.addRow(['Sales by customer, 2024']);
      sheet.mergeCells('A1:C1');
      sheet.addRow([]);
      sheet.addRow(['customer', 'orders', 'spend']);
      sheet.addRow(['A', 3, 120.5]);
      sheet.addRow(['B', 1, 40]);
    });
    const { table, warnings } = await readTableFile(blob, 'report.xlsx');
    expect(plainColumns(table).map((c) => [c.name, c.values])).toStrictEqual([
      ['customer', ['A', 'B']],
      ['orders', [3, 1]],
      ['spend', [120.5, 40]],
    ]);
    expect(warnings).toStrictEqual(['report.xlsx, sheet "Report": the table starts at row 3; the rows above it (a title or notes) were not read.']);
  });
});
