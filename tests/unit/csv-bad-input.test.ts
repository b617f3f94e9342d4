import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvBytes, parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { sniffBytes } from '../../src/lib/ml/data/csv/sniff';
import { cellText } from '../../src/lib/ml/core/table';

const badDir = new URL('../fixtures/bad/', import.meta.url);

function parseFixture(file: string, options = {}) {
  return parseCsvBytes(readFileSync(new URL(file, badDir)), file, options);
}

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('files that are refused with a ParseError naming the file', () => {
  const cases: [string, RegExp][] = [
    ['empty.csv', /^empty\.csv is empty: expected a CSV or TSV text file/],
    ['header-only.csv', /^header-only\.csv has a header but no data rows/],
    ['image.png.csv', /^image\.png\.csv is a PNG image, not a CSV or TSV text file/],
    ['archive.zip.csv', /^archive\.zip\.csv is a ZIP archive, not a CSV or TSV text file: unzip it/],
    ['workbook.xlsx', /^workbook\.xlsx is an Excel workbook \(\.xlsx\), not a CSV or TSV text file: in Excel use File › Save As › CSV/],
    ['records.json', /^records\.json is JSON, not a CSV or TSV text file/],
    ['nul-bytes.csv', /^nul-bytes\.csv looks like a binary file \(it contains NUL bytes\)/],
  ];
  for (const [file, message] of cases) {
    it(file, () => {
      const error = failure(() => parseFixture(file));
      expect(error.name).toBe('ParseError');
      expect(error.message).toMatch(message);
    });
  }

  it('an xlsx renamed .csv is still recognised by its content', () => {
    const bytes = readFileSync(new URL('workbook.xlsx', badDir));
    expect(failure(() => parseCsvBytes(bytes, 'sheet.csv')).message).toMatch(/^sheet\.csv is an Excel workbook/);
  });

  it('a file over the size limit, before reading it', () => {
    const error = failure(() => sniffBytes(new Uint8Array([97]), 'huge.csv', 1.5 * 1024 ** 3, { maxBytes: 1024 ** 3 }));
    expect(error.name).toBe('ParseError');
    expect(error.message).toBe('huge.csv is 1.5 GB; the limit is 1 GB (expected a CSV or TSV text file no larger than that).');
    expect(failure(() => parseCsvText('a,b\n1,2\n', 'small.csv', { maxBytes: 4 })).message).toMatch(/^small\.csv is 8 bytes; the limit is 4 bytes/);
  });

  it('only blank lines, or no row with the header width', () => {
    expect(failure(() => parseCsvText('\n \n\n', 'blank.csv')).message).toMatch(/^blank\.csv is empty/);
    expect(failure(() => parseCsvText('a,b,c\n1,2\n3,4\n', 'narrow.csv')).message).toBe(
      "narrow.csv: none of its 2 data rows has the header's 3 fields (first at line 2); check the delimiter and quotes.",
    );
  });
});

describe('files that load with warnings', () => {
  it('skips rows with too many or too few fields and lists their lines', () => {
    const { table, warnings } = parseFixture('ragged.csv');
    expect(table.rowCount).toBe(3);
    expect(Array.from({ length: 3 }, (_, i) => cellText(table.columns[2], i))).toEqual(['North', 'West', 'North']);
    expect(warnings).toEqual([
      "ragged.csv: skipped 2 rows with more than the header's 3 fields (at lines 3, 6).",
      "ragged.csv: skipped 1 row with fewer than the header's 3 fields (at line 4).",
    ]);
  });

  it('lists only the first lines of many malformed rows', () => {
    const rows = Array.from({ length: 20 }, (_, i) => (i % 2 ? '1,2,3' : '1,2'));
    const { warnings } = parseCsvText(['a,b', ...rows].join('\n'), 'many.csv');
    expect(warnings).toEqual(["many.csv: skipped 10 rows with more than the header's 2 fields (first at lines 3, 5, 7, 9, 11)."]);
  });

  it('renames empty and duplicate header names', () => {
    const { table, warnings } = parseFixture('bad-header.csv');
    expect(table.columns.map((c) => c.name)).toEqual(['name', 'age', 'column_3', 'age_2', 'score']);
    expect(warnings).toEqual(['bad-header.csv: renamed header names: empty name of column 3 → "column_3"; duplicate "age" in column 4 → "age_2".']);
  });

  it('loads a single column and warns that most analyses need two', () => {
    const { table, warnings } = parseFixture('single-column.csv');
    expect(table.rowCount).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^single-column\.csv has a single column \("age"\); most analyses need at least two/);
  });

  it('stops at the row limit and says so', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i * 2}`);
    const { table, warnings } = parseCsvText(['a,b', ...rows].join('\n'), 'long.csv', { maxRows: 25, sampleRows: 10 });
    expect(table.rowCount).toBe(25);
    expect(warnings).toEqual(['long.csv: only the first 25 rows were loaded (the row limit); the rest of the file was not read.']);
  });

  it('reads Latin-1 (Windows-1252) text and warns', () => {
    const { table, warnings } = parseFixture('latin1.csv');
    expect(Array.from({ length: 3 }, (_, i) => cellText(table.columns[1], i))).toEqual(['Málaga', 'Besançon', 'Zürich']);
    expect(warnings).toEqual(['latin1.csv is not valid UTF-8, so it was read as Windows-1252 (Latin-1); check that accented letters look right.']);
  });

  it('keeps UTF-8 accents and drops a UTF-8 BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('ciudad,n\nMálaga,1\n')]);
    const { table, warnings } = parseCsvBytes(bytes, 'utf8.csv');
    expect(warnings).toEqual([]);
    expect(table.columns[0].name).toBe('ciudad');
    expect(cellText(table.columns[0], 0)).toBe('Málaga');
  });

  it('treats markup in the header as a literal column name', () => {
    const { table } = parseFixture('html-header.csv');
    expect(table.columns.map((c) => c.name)).toEqual(['<img src=x onerror=alert(1)>', 'age']);
    expect(cellText(table.columns[0], 0)).toBe('<b>bold</b>');
  });

  it('warns about a quote that never closes', () => {
    const { warnings } = parseCsvText('a,b\n1,2\n3,"oops\n4,5\n', 'quote.csv');
    expect(warnings).toContain('quote.csv: a quoted field that opens on line 3 is never closed, so the rest of the file was read into it.');
  });
});
