import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvBytes, parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { cellText, getColumn, type Column, type Table } from '../../src/lib/ml/core/table';

const dataDir = new URL('../../static/data/', import.meta.url);

function load(file: string) {
  return parseCsvBytes(readFileSync(new URL(file, dataDir)), file);
}

function texts(table: Table, name: string): string[] {
  const column = getColumn(table, name);
  return Array.from({ length: table.rowCount }, (_, i) => cellText(column, i));
}

function numbers(column: Column): number[] {
  if (column.storage !== 'number') throw new Error(`${column.name} is not stored as numbers`);
  return Array.from(column.values);
}

function counts(table: Table, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of texts(table, name)) out[t] = (out[t] ?? 0) + 1;
  return out;
}

describe('default datasets', () => {
  it('reads customer_purchasing_behaviors.csv: 238 × 7, user_id id, region categorical', () => {
    const { table, warnings } = load('customer_purchasing_behaviors.csv');
    expect(warnings).toEqual([]);
    expect(table.rowCount).toBe(238);
    expect(table.columns.map((c) => [c.name, c.type])).toEqual([
      ['user_id', 'id'],
      ['age', 'numeric'],
      ['annual_income', 'numeric'],
      ['purchase_amount', 'numeric'],
      ['loyalty_score', 'numeric'],
      ['region', 'categorical'],
      ['purchase_frequency', 'numeric'],
    ]);
    expect(getColumn(table, 'user_id').role).toBe('id');
    expect(counts(table, 'region')).toEqual({ North: 78, South: 77, West: 77, East: 6 });
    expect(numbers(getColumn(table, 'loyalty_score')).slice(0, 3)).toEqual([4.5, 7, 8]);
  });

  it('reads the tab-separated marketing_campaign.csv: 2,240 × 29 with ids, categories, dd-mm-yyyy dates, missing income', () => {
    const { table } = load('marketing_campaign.csv');
    expect(table.rowCount).toBe(2240);
    expect(table.columns).toHaveLength(29);
    const types = Object.fromEntries(table.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      ID: 'id',
      Education: 'categorical',
      Marital_Status: 'categorical',
      Dt_Customer: 'date',
      Income: 'numeric',
      Year_Birth: 'numeric',
      Kidhome: 'numeric',
      Z_CostContact: 'numeric',
      Z_Revenue: 'numeric',
      Response: 'boolean',
      Complain: 'boolean',
    });
    expect(numbers(getColumn(table, 'Income')).filter(Number.isNaN)).toHaveLength(24);
    // First row: 04-09-2012 is 4 September 2012 (day first).
    expect(numbers(getColumn(table, 'Dt_Customer'))[0]).toBe(Date.UTC(2012, 8, 4));
    expect(counts(table, 'Education')).toEqual({ Graduation: 1127, PhD: 486, Master: 370, '2n Cycle': 203, Basic: 54 });
  });
});

describe('parseCsvText', () => {
  it('builds typed columns with missing values', () => {
    const { table } = parseCsvText('a,b,c\n1,x,2020-01-02\nNA,y,\n3,,2020-01-04\n', 't.csv');
    expect(table.rowCount).toBe(3);
    const [a, b, c] = table.columns;
    expect(numbers(a)).toEqual([1, NaN, 3]);
    expect(b.storage === 'category' && [Array.from(b.codes), b.dictionary]).toEqual([[0, 1, -1], ['x', 'y']]);
    expect(c.type).toBe('date');
    expect(numbers(c)).toEqual([Date.UTC(2020, 0, 2), NaN, Date.UTC(2020, 0, 4)]);
  });

  it('removes a BOM, reads CRLF, quoted commas and newlines and a missing final newline', () => {
    const { table } = parseCsvText('\ufeffname,note,n\r\n"Smith, J","two\r\nlines",1\r\nDoe,plain,2', 'q.csv');
    expect(table.columns.map((c) => c.name)).toEqual(['name', 'note', 'n']);
    expect(texts(table, 'name')).toEqual(['Smith, J', 'Doe']);
    expect(texts(table, 'note')).toEqual(['two\r\nlines', 'plain']);
    expect(numbers(getColumn(table, 'n'))).toEqual([1, 2]);
  });

  it('detects semicolons, tabs and pipes', () => {
    for (const d of [';', '\t', '|']) {
      const { table } = parseCsvText(`x${d}y\n1${d}2\n3${d}4\n`, 'd.csv');
      expect(numbers(table.columns[1])).toEqual([2, 4]);
    }
  });

  it('reads formatted numbers only when the whole column agrees', () => {
    const { table } = parseCsvText('price,code\n"$1,200",1\n"1,200.50",2\n$3,x\n', 'p.csv');
    expect(numbers(getColumn(table, 'price'))).toEqual([1200, 1200.5, 3]);
    expect(getColumn(table, 'code').type).toBe('categorical');
  });

  it('keeps leading zeros and exponents of ids when a column is not all numbers', () => {
    const { table } = parseCsvText('code,v\n007,1\n713752e1,2\nA1,3\n', 'z.csv');
    expect(texts(table, 'code')).toEqual(['007', '713752e1', 'A1']);
  });

  it('types booleans: true/false, yes/no and 0/1 integers', () => {
    const { table } = parseCsvText('a,b,c,d\ntrue,Yes,1,1\nFALSE,no,0,2\nTrue,,1,0\n', 'b.csv');
    expect(table.columns.map((c) => c.type)).toEqual(['boolean', 'boolean', 'boolean', 'numeric']);
    expect(numbers(table.columns[0])).toEqual([1, 0, 1]);
    expect(numbers(table.columns[1])).toEqual([1, 0, NaN]);
  });

  it('decides the day-month order of a column by its cells', () => {
    const dmy = parseCsvText('d\n01/02/2020\n25/12/2020\n', 'd.csv').table;
    expect(numbers(dmy.columns[0])).toEqual([Date.UTC(2020, 1, 1), Date.UTC(2020, 11, 25)]);
    const mdy = parseCsvText('d\n01/02/2020\n12/25/2020\n', 'd.csv').table;
    expect(numbers(mdy.columns[0])).toEqual([Date.UTC(2020, 0, 2), Date.UTC(2020, 11, 25)]);
  });

  it('types ids by name and uniqueness, and long unique strings as text', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `c${i},${i},${i % 3},This is comment number ${i} about the product`);
    const { table } = parseCsvText(['customerId,user_id,group,review', ...rows].join('\n'), 'i.csv');
    expect(table.columns.map((c) => [c.type, c.role])).toEqual([
      ['id', 'id'],
      ['id', 'id'],
      ['numeric', 'feature'],
      ['text', 'ignore'],
    ]);
    const repeated = parseCsvText('user_id,v\n1,1\n1,2\n2,3\n', 'r.csv').table;
    expect(repeated.columns[0].type).toBe('numeric');
  });

  it('demotes a column contradicted after the sample, reading the file again', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i % 5}.50,${i}`);
    rows.push('unknown,50');
    const { table, warnings } = parseCsvText(['n,m', ...rows].join('\n'), 'late.csv', { sampleRows: 10 });
    expect(table.columns.map((c) => c.type)).toEqual(['categorical', 'numeric']);
    // Read again as text: the cells' own text is back.
    expect(texts(table, 'n').slice(0, 6)).toEqual(['0.50', '1.50', '2.50', '3.50', '4.50', '0.50']);
    expect(texts(table, 'n')[50]).toBe('unknown');
    expect(warnings.join('\n')).toMatch(/column "n" looked numeric but line 52 holds "unknown"/);
  });

  it('keeps codes written in digits as text: leading zeros, zip codes, card numbers', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${String(i + 1).padStart(4, '0')},0${2100 + i},${4000123412341234 + i}0,${i}`);
    const { table } = parseCsvText(['customer,zip,card,n', ...rows].join('\n'), 'codes.csv');
    expect(table.columns.map((c) => [c.name, c.storage, c.type])).toEqual([
      ['customer', 'category', 'id'],
      ['zip', 'category', 'id'],
      ['card', 'category', 'id'],
      ['n', 'number', 'numeric'],
    ]);
    expect([texts(table, 'customer')[0], texts(table, 'zip')[0], texts(table, 'card')[0]]).toEqual(['0001', '02100', '40001234123412340']);
    // A zero alone, a negative zero and decimals below one are numbers.
    const plain = parseCsvText('x\n0\n-0\n0.5\n10\n', 'p.csv').table;
    expect([plain.columns[0].storage, texts(plain, 'x')]).toEqual(['number', ['0', '0', '0.5', '10']]);
  });

  it('switches the date order when a later cell needs it', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `0${(i % 9) + 1}/03/2020`);
    rows.push('13/03/2020');
    const { table, warnings } = parseCsvText(['d', ...rows].join('\n'), 'late-date.csv', { sampleRows: 5 });
    const column = table.columns[0];
    expect(column.type).toBe('date');
    expect(numbers(column)[0]).toBe(Date.UTC(2020, 2, 1));
    expect(numbers(column)[20]).toBe(Date.UTC(2020, 2, 13));
    expect(warnings.join('\n')).toMatch(/looked a date but line 22/);
  });

  it('gives the same table whatever the sample size', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i},${i % 7 === 0 ? 'NA' : (i * 1.5).toFixed(1)},${['N', 'S', 'E'][i % 3]},2020-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const text = ['id,x,r,d', ...rows].join('\n');
    const a = parseCsvText(text, 's.csv', { sampleRows: 3 }).table;
    const b = parseCsvText(text, 's.csv', { sampleRows: 5000 }).table;
    expect(a).toEqual(b);
  });
});
