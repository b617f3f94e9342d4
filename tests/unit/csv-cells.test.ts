import { describe, expect, it } from 'vitest';
import { planColumn } from '../../src/lib/ml/data/csv/column-plan';
import { booleanValuesOf, stringColumnType } from '../../src/lib/ml/data/csv/column-type';
import { isIdName } from '../../src/lib/ml/data/ids';
import { parseDateCell } from '../../src/lib/ml/data/csv/date-cell';
import { detectDelimiter } from '../../src/lib/ml/data/csv/delimiter';
import { cleanHeader } from '../../src/lib/ml/data/csv/header';
import { isMissingCell } from '../../src/lib/ml/data/csv/missing-cell';
import { parseNumberCell } from '../../src/lib/ml/data/csv/number-cell';
import { tokenizeCsv } from '../../src/lib/ml/data/csv/tokenize';

function records(text: string, delimiter = ','): [string[], number][] {
  const out: [string[], number][] = [];
  tokenizeCsv(text, delimiter, (fields, line) => void out.push([[...fields], line]));
  return out;
}

describe('parseNumberCell', () => {
  it('reads plain numbers exactly as Number() does', () => {
    for (const s of ['0', '42', '-3.5', '+7', '.5', '1.', '1e5', '-2.5E-3', '0.1', '123456789012345', '1234567890.123456789', '-0.30000000000000004']) {
      expect(parseNumberCell(s)).toBe(Number(s));
    }
    expect(Object.is(parseNumberCell('-0'), 0)).toBe(true);
  });
  it('reads thousands separators, currency signs and accounting negatives', () => {
    expect(parseNumberCell('1,200')).toBe(1200);
    expect(parseNumberCell('1,200.50')).toBe(1200.5);
    expect(parseNumberCell('$1,200')).toBe(1200);
    expect(parseNumberCell('-$1,234,567.8')).toBe(-1234567.8);
    expect(parseNumberCell('€12.5')).toBe(12.5);
    expect(parseNumberCell('(1,200)')).toBe(-1200);
    expect(parseNumberCell(' 42 ')).toBe(42);
  });
  it('rejects what is not a number', () => {
    for (const s of ['', 'abc', '1,20', '1.2.3', '0x1A', '0b11', 'Infinity', '-', '.', '$', '12%', '1 200', '1_000', 'NaN', '04-09-2012']) {
      expect(parseNumberCell(s), s).toBeNaN();
    }
  });
});

describe('isMissingCell', () => {
  it('treats empty, blank and NA-like tokens as missing', () => {
    for (const s of ['', '   ', 'NA', 'na', 'N/A', 'n/a', '#N/A', 'null', 'NULL', 'NaN', 'None', ' NA ']) expect(isMissingCell(s), s).toBe(true);
  });
  it('keeps real values', () => {
    for (const s of ['0', 'North', 'NAN0', 'Nashville', 'nullable', '-']) expect(isMissingCell(s), s).toBe(false);
  });
});

describe('parseDateCell', () => {
  it('reads ISO dates and times as UTC epoch ms', () => {
    expect(parseDateCell('2012-09-04', 'dmy')).toBe(Date.UTC(2012, 8, 4));
    expect(parseDateCell('2012-09-04T13:45:30', 'mdy')).toBe(Date.UTC(2012, 8, 4, 13, 45, 30));
    expect(parseDateCell('2012-09-04 13:45', 'dmy')).toBe(Date.UTC(2012, 8, 4, 13, 45));
    expect(parseDateCell('2012-09-04T13:45:30.250Z', 'dmy')).toBe(Date.UTC(2012, 8, 4, 13, 45, 30, 250));
    expect(parseDateCell('2012-09-04T13:45:00+02:00', 'dmy')).toBe(Date.UTC(2012, 8, 4, 11, 45));
  });
  it('reads the two short parts in the column order', () => {
    expect(parseDateCell('04-09-2012', 'dmy')).toBe(Date.UTC(2012, 8, 4));
    expect(parseDateCell('04/09/2012', 'mdy')).toBe(Date.UTC(2012, 3, 9));
    expect(parseDateCell('31.12.1999', 'dmy')).toBe(Date.UTC(1999, 11, 31));
  });
  it('rejects impossible dates', () => {
    expect(parseDateCell('2021-02-29', 'dmy')).toBeNaN();
    expect(parseDateCell('2020-02-29', 'dmy')).toBe(Date.UTC(2020, 1, 29));
    expect(parseDateCell('13/13/2020', 'mdy')).toBeNaN();
    expect(parseDateCell('31-04-2020', 'dmy')).toBeNaN();
    expect(parseDateCell('2012-09-04 25:00', 'dmy')).toBeNaN();
    expect(parseDateCell('2012', 'dmy')).toBeNaN();
  });
});

describe('planColumn', () => {
  it('plans numbers when every present cell is a number', () => {
    expect(planColumn(['1', ' 2.5', 'NA', '$1,200', ''])).toEqual({ kind: 'number' });
    expect(planColumn(['', 'NA'])).toEqual({ kind: 'number' });
  });
  it('decides the day-month order from the whole column', () => {
    expect(planColumn(['01/02/2020', '03/04/2020'])).toEqual({ kind: 'date', order: 'mdy' });
    expect(planColumn(['01-02-2020', '03-04-2020'])).toEqual({ kind: 'date', order: 'dmy' });
    expect(planColumn(['01/02/2020', '25/04/2020'])).toEqual({ kind: 'date', order: 'dmy' });
    expect(planColumn(['01-02-2020', '04-25-2020'])).toEqual({ kind: 'date', order: 'mdy' });
    expect(planColumn(['2020-01-02', '2020-12-31'])).toEqual({ kind: 'date', order: 'dmy' });
  });
  it('falls back to categories on mixed or conflicting cells', () => {
    expect(planColumn(['13/01/2020', '01/13/2020'])).toEqual({ kind: 'category' });
    expect(planColumn(['1', 'two'])).toEqual({ kind: 'category' });
    expect(planColumn(['2012', '04-09-2012'])).toEqual({ kind: 'category' });
  });
});

describe('column type rules', () => {
  it('recognises id-like names', () => {
    for (const n of ['id', 'ID', 'Id', 'user_id', 'customerId', 'CustomerID', 'order-id', 'uuid', 'id_customer']) expect(isIdName(n), n).toBe(true);
    for (const n of ['paid', 'valid', 'Kidhome', 'idea', 'age', 'covid']) expect(isIdName(n), n).toBe(false);
  });
  it('maps yes/no words to 0/1 only within one pair', () => {
    expect(Array.from(booleanValuesOf(['Yes', 'No']) ?? [])).toEqual([1, 0]);
    expect(Array.from(booleanValuesOf(['FALSE', 'true']) ?? [])).toEqual([0, 1]);
    expect(booleanValuesOf(['yes', 'false'])).toBeNull();
    expect(booleanValuesOf(['yes', 'no', 'maybe'])).toBeNull();
    // Cell text is never looked up on a plain object: "constructor" is not a yes/no word.
    expect(booleanValuesOf(['constructor', 'no'])).toBeNull();
    expect(booleanValuesOf(['__proto__', 'toString'])).toBeNull();
  });
  it('calls unique strings ids or text and repeated ones categorical', () => {
    const base = { rowCount: 100, missing: 0, unique: 100, meanLength: 8, spacedShare: 0 };
    expect(stringColumnType('customer_id', base)).toBe('id');
    expect(stringColumnType('email', base)).toBe('id');
    expect(stringColumnType('review', { ...base, meanLength: 60, spacedShare: 1 })).toBe('text');
    expect(stringColumnType('comment', { ...base, unique: 80, missing: 10, meanLength: 40 })).toBe('text');
    expect(stringColumnType('region', { ...base, unique: 4 })).toBe('categorical');
    expect(stringColumnType('region', { ...base, rowCount: 4, unique: 4 })).toBe('categorical');
  });
});

describe('tokenizeCsv', () => {
  it('handles quotes holding delimiters, doubled quotes and newlines, with line numbers', () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\r\n3,4';
    expect(records(text)).toEqual([
      [['a', 'b'], 1],
      [['x, y', 'say "hi"'], 2],
      [['multi\nline', '2'], 3],
      [['3', '4'], 5],
    ]);
  });
  it('keeps empty trailing fields and lone CR line ends', () => {
    expect(records('a,b,\r1,,\r').map((r) => r[0])).toEqual([['a', 'b', ''], ['1', '', '']]);
  });
  it('reports a quote that never closes', () => {
    const result = tokenizeCsv('a,b\n1,"open\n2,3\n', ',', () => true);
    expect(result.unclosedQuoteLine).toBe(2);
  });
});

describe('detectDelimiter', () => {
  it('finds comma, semicolon, tab and pipe', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2,5;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\n"x,y"\t2\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
  });
  it('ignores delimiters inside quotes and defaults to comma for one column', () => {
    expect(detectDelimiter('name;age\n"Smith, J";40\n"Doe, A";31\n')).toBe(';');
    expect(detectDelimiter('age\n25\n34\n')).toBe(',');
  });
});

describe('cleanHeader', () => {
  it('names empty headers by position and numbers duplicates', () => {
    const { names, changes } = cleanHeader(['\ufeffname', ' age ', '', 'age', 'age_2', 'age']);
    expect(names).toEqual(['name', 'age', 'column_3', 'age_3', 'age_2', 'age_4']);
    expect(changes).toHaveLength(3);
  });
});
