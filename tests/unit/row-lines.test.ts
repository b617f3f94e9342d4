import { describe, expect, it } from 'vitest';
import { parseCsvBytes } from '../../src/lib/ml/data/csv/parse-text';
import { readLogRows } from '../../src/lib/ml/clv/log-columns';
import { lineOfRow } from '../../src/lib/ml/core/table';
import { packTable, unpackTable } from '../../src/lib/workers/transfer';

const parse = (text: string) => parseCsvBytes(new TextEncoder().encode(text), 'log.csv').table;

describe('file lines of rows', () => {
  it('a regular file keeps no line table: row r is on line r + 2', () => {
    const table = parse('id,date,amount\n1,2024-01-01,5\n2,2024-01-02,6\n');
    expect(table.rowLines).toBeUndefined();
    expect(lineOfRow(table, 1)).toBe(3);
  });

  it('a quoted cell over two lines and a blank line shift the rows after them, and the log names the right lines', () => {
    const text = [
      'id,date,amount,note', // line 1
      '1,2024-01-01,5,"two', // line 2
      'lines"', // line 3
      '', // line 4 (blank)
      '2,not a date,6,x', // line 5
      '3,2024-01-03,oops,y', // line 6
    ].join('\n');
    const table = parse(text);
    expect(table.rowCount).toBe(3);
    expect(Array.from(table.rowLines ?? [])).toEqual([2, 5, 6]);
    const rows = readLogRows(table, { customer: 'id', date: 'date', amount: 'amount' });
    expect(rows.badDates.lines).toEqual([5]);
    expect(rows.badAmounts.lines).toEqual([6]);
  });

  it('the lines cross to a worker with the table', () => {
    const table = parse('a,b\n"x\ny",1\n2,3\n');
    expect(Array.from(unpackTable(packTable(table)).rowLines ?? [])).toEqual([2, 4]);
  });
});
