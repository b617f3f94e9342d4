/**
 * A user's file is shown, chosen and exported in its own words: a Telco-like churn table
 * (tests/fixtures/telco_like.csv, written for these tests: Yes/No and 0/1 columns, customer ids with
 * leading zeros, money with two decimals, a blank TotalCharges for new customers).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/cli/profile';
import { runCv } from '../../src/cli/cv';
import { cellText, type Column } from '../../src/lib/ml/core/table';
import { applyLabel } from '../../src/lib/ml/labels/label';
import { labelColumns } from '../../src/lib/ml/labels/targets';
import { segmentsCsv, spreadsheetSafe } from '../../src/lib/io/csv-export';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';

const file = fileURLToPath(new URL('../fixtures/telco_like.csv', import.meta.url));
const { table } = await readTable(file);
const column = (name: string): Column => table.columns.find((c) => c.name === name) as Column;

describe('a Telco-like file in its own words', () => {
  it('keeps ids with leading zeros as text, and shows booleans as the file wrote them', () => {
    expect([column('customerID').storage, column('customerID').type, cellText(column('customerID'), 0)]).toStrictEqual(['category', 'id', '0001']);
    for (const name of ['Partner', 'Churn']) expect([column(name).type, cellText(column(name), 0)], name).toStrictEqual(['boolean', 'Yes']);
    expect([column('SeniorCitizen').type, cellText(column('SeniorCitizen'), 0)]).toStrictEqual(['boolean', '0']);
    // awk -F, 'NR>1 && $10=="Yes"' tests/fixtures/telco_like.csv | wc -l
    expect(applyLabel(table, { source: 'column', column: 'Churn' })).toMatchObject({ positive: 'Yes', positives: 125, present: 400, classes: [{ value: 'No', count: 275 }, { value: 'Yes', count: 125 }] });
  });

  it('offers a label column whatever type the user gives it', () => {
    expect(labelColumns(table)).toEqual(expect.arrayContaining(['SeniorCitizen', 'Partner', 'Contract', 'PaymentMethod', 'Churn']));
    const retyped = { ...table, columns: table.columns.map((c) => (c.name === 'Churn' ? { ...c, type: 'categorical' as const } : c.name === 'Partner' ? { ...c, type: 'numeric' as const } : c)) };
    expect(labelColumns(retyped)).toEqual(expect.arrayContaining(['Churn', 'Partner']));
  });

  it("the CLI takes --positive Yes and names the class in the file's words", async () => {
    const out = (await runCv([file], { target: 'Churn', task: 'classification', model: 'rf', positive: 'Yes' })) as { positive: string; metrics: Record<string, { mean: number }>; excluded: { column: string; reason: string }[] };
    expect(out.positive).toBe('Yes');
    expect(out.metrics.roc_auc.mean).toBeGreaterThan(0.5);
    expect(out.excluded).toContainEqual({ column: 'customerID', reason: 'id column' });
    await expect(runCv([file], { target: 'Churn', task: 'classification', model: 'rf', positive: 'true' })).rejects.toThrow(/classes are: No, Yes/);
  });

  it('exports cells unchanged in their own words, with formulas neutralised', () => {
    const csv = segmentsCsv(table, Int32Array.from({ length: table.rowCount }, (_, i) => i % 2), ['Loyal', '=HYPERLINK("http://x","y")']);
    const back = parseCsvText(csv, 'back.csv').table;
    const text = (name: string, row: number) => cellText(back.columns.find((c) => c.name === name) as Column, row);
    expect([text('customerID', 0), text('Churn', 0), text('SeniorCitizen', 0), text('Partner', 0)]).toStrictEqual(['0001', 'Yes', '0', 'Yes']);
    expect(text('persona', 1)).toBe(`'=HYPERLINK("http://x","y")`);
    // Every exported cell of the file's own columns is the text the file had (57.90 stays 57.90, 0001 stays 0001).
    const original = readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(','));
    const exported = csv.trim().split(/\r?\n/).map((line) => line.split(','));
    for (let r = 1; r < original.length; r++) expect(exported[r].slice(0, original[0].length), `row ${r}`).toStrictEqual(original[r]);
    expect([spreadsheetSafe('+1+1'), spreadsheetSafe('-2+3'), spreadsheetSafe('@SUM(A1)'), spreadsheetSafe('-2.5'), spreadsheetSafe('Yes')]).toStrictEqual(["'+1+1", "'-2+3", "'@SUM(A1)", '-2.5', 'Yes']);
  });
});

describe('columns named like object keys, in the CLI', () => {
  it('profile and cv take them as any other name', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { runProfile } = await import('../../src/cli/profile');
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    try {
      const path = join(dir, 'keys.csv');
      const rows = ['__proto__,constructor,toString,valueOf'];
      for (let i = 0; i < 60; i++) rows.push(`${(i * 7) % 50},${100 + 2 * ((i * 7) % 50) + (i % 3)},${['hasOwnProperty', 'valueOf', '__proto__'][i % 3]},${i % 2}`);
      writeFileSync(path, rows.join('\n'));
      const profile = (await runProfile([path], {})) as { columns: { name: string; type: string; top?: { value: string }[] }[] };
      expect(profile.columns.map((c) => [c.name, c.type])).toStrictEqual([['__proto__', 'numeric'], ['constructor', 'numeric'], ['toString', 'categorical'], ['valueOf', 'boolean']]);
      expect(profile.columns[2].top?.map((t) => t.value).sort()).toStrictEqual(['__proto__', 'hasOwnProperty', 'valueOf']);
      const cv = (await runCv([path], { target: 'constructor', task: 'regression', model: 'ridge', features: '__proto__,toString' })) as { features: string[]; metrics: { r2: { mean: number } } };
      expect(cv.features).toStrictEqual(['__proto__', 'toString']);
      expect(cv.metrics.r2.mean).toBeGreaterThan(0.9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a transaction log (tests/fixtures/retail_log.csv, shaped like UCI Online Retail: 681 lines of 120 invoices)', async () => {
  const log = (await readTable(fileURLToPath(new URL('../fixtures/retail_log.csv', import.meta.url)))).table;
  const col = (name: string): Column => log.columns.find((c) => c.name === name) as Column;
  const typeOf = (name: string): [string, string] => [col(name).type, col(name).role];

  it('types keys as ids, descriptions as text and dates with their time of day', () => {
    // 120 invoice numbers (6 cancelled, written C536372…) and 90 stock codes (some 84000A-like): codes under code-like names.
    expect(typeOf('InvoiceNo')).toStrictEqual(['id', 'id']);
    expect(typeOf('StockCode')).toStrictEqual(['id', 'id']);
    // 90 product names, repeated across lines: text, not a 90-level category.
    expect(typeOf('Description')).toStrictEqual(['text', 'ignore']);
    // Whole numbers under an id-like name, 80 customers repeated over the lines (and blank for 8 invoices): a key, not a quantity.
    expect(typeOf('CustomerID')).toStrictEqual(['id', 'id']);
    expect(typeOf('Quantity')).toStrictEqual(['numeric', 'feature']);
    expect(typeOf('Country')).toStrictEqual(['categorical', 'feature']);
    // `12/1/2010 9:36` (month first): the time of day is kept and shown.
    expect(typeOf('InvoiceDate')).toStrictEqual(['date', 'feature']);
    expect(cellText(col('InvoiceDate'), 0)).toBe('2010-12-01 09:36');
    expect(cellText(col('UnitPrice'), 1)).toBe('0.50');
  });

  it('keeps a small numeric code a number, and dates without times as days', () => {
    const lines = ['store_id,visit_date,spend'];
    for (let i = 0; i < 60; i++) lines.push(`${(i % 5) + 1},2024-03-${String((i % 28) + 1).padStart(2, '0')},${i * 1.5}`);
    const { table: small } = parseCsvText(lines.join('\n'), 'visits.csv');
    expect(small.columns.map((c) => c.type)).toStrictEqual(['numeric', 'date', 'numeric']);
    expect(cellText(small.columns[1], 0)).toBe('2024-03-01');
    const timed = parseCsvText('at,x\n2024-03-01 10:15:30,1\n2024-03-02,2\n2024-03-03 00:00,3', 'times.csv').table;
    expect(cellText(timed.columns[0], 0)).toBe('2024-03-01 10:15:30');
    expect(cellText(timed.columns[0], 1)).toBe('2024-03-02 00:00:00');
  });
});
