import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { getColumn, cellText } from '../../src/lib/ml/core/table';
import { summariseLog } from '../../src/lib/ml/clv/summary';
import { quintileScores, rfmSegment, rfmSegmentRules, scoreRfm } from '../../src/lib/ml/clv/rfm';
import { customerTable } from '../../src/lib/ml/clv/customer-table';

// A: two orders on 1 Jan (one purchase day, 13), 20 on 11 Jan, a cancellation of 20 on 12 Jan.
// B: 10 on 5 Jan, 30 on 21 Jan, 20 on 31 Jan. C: 7 on 31 Jan, a bad date (line 11), a bad quantity (line 12).
const log = `invoice,customer,date,quantity,price
1001,A,2024-01-01,2,5.00
1002,A,2024-01-01,1,3.00
1003,A,2024-01-11,1,20.00
C1004,A,2024-01-12,-1,20.00
1005,B,2024-01-05,4,2.50
1006,,2024-01-06,1,1.00
1007,B,2024-01-21,1,30.00
1008,B,2024-01-31,2,10.00
1009,C,2024-01-31,1,7.00
1010,C,notadate,1,1.00
1011,C,2024-01-20,x,1.00
`;
const columns = { customer: 'customer', date: 'date', quantity: 'quantity', price: 'price', invoice: 'invoice' };

describe('summariseLog', () => {
  const { table } = parseCsvText(log, 'log.csv');

  it('equals the hand-computed summary (days)', () => {
    const s = summariseLog(table, columns);
    expect(s.ids).toStrictEqual(['A', 'B', 'C']);
    expect(Array.from(s.frequency)).toStrictEqual([1, 2, 0]);
    expect(Array.from(s.recency)).toStrictEqual([10, 26, 0]);
    expect(Array.from(s.age)).toStrictEqual([30, 26, 0]);
    expect(Array.from(s.orders)).toStrictEqual([3, 3, 1]);
    expect(Array.from(s.monetary)).toStrictEqual([20, 25, 0]);
    expect(Array.from(s.totalSpend)).toStrictEqual([13, 60, 7]);
    expect(Array.from(s.averageBasket)).toStrictEqual([11, 20, 7]);
    expect(Array.from(s.daysBetweenOrders)).toStrictEqual([10, 13, NaN]);
    expect(Array.from(s.tenureDays)).toStrictEqual([30, 26, 0]);
    expect(Array.from(s.daysSinceLast)).toStrictEqual([20, 0, 0]);
    expect(Array.from(s.returns)).toStrictEqual([1, 0, 0]);
    expect(new Date(s.firstPurchase[1]).toISOString().slice(0, 10)).toBe('2024-01-05');
    expect(new Date(s.end).toISOString().slice(0, 10)).toBe('2024-01-31');
  });

  it('reports the rows it left out, bad cells with their lines', () => {
    const { report } = summariseLog(table, columns);
    expect(report).toMatchObject({ rows: 11, usedRows: 8, rowsWithoutCustomer: 1, returns: 1, rowsAfterEnd: 0, badDates: { count: 1, lines: [11] }, badAmounts: { count: 1, lines: [12] } });
    expect(report.messages.join(' ')).toMatch(/1 row without a customer id/);
    expect(report.messages.join(' ')).toMatch(/date that does not read .*line 11/);
    expect(report.messages.join(' ')).toMatch(/amount that does not read .*line 12/);
  });

  it('measures recency and T in weeks, and stops at an earlier end date', () => {
    const weeks = summariseLog(table, columns, { unit: 'weeks' });
    expect(weeks.recency[0]).toBeCloseTo(10 / 7, 12);
    expect(weeks.age[1]).toBeCloseTo(26 / 7, 12);
    const early = summariseLog(table, columns, { end: Date.UTC(2024, 0, 20) });
    expect(early.ids).toStrictEqual(['A', 'B']);
    expect(Array.from(early.frequency)).toStrictEqual([1, 0]);
    expect(early.report.rowsAfterEnd).toBe(3);
  });

  it('splits calibration and holdout by date', () => {
    const s = summariseLog(table, columns, { calibrationEnd: Date.UTC(2024, 0, 15) });
    expect(s.ids).toStrictEqual(['A', 'B']);
    expect(Array.from(s.frequency)).toStrictEqual([1, 0]);
    expect(Array.from(s.age)).toStrictEqual([14, 10]);
    expect(Array.from(s.holdoutFrequency ?? [])).toStrictEqual([0, 2]);
    expect(s.report.customersAfterCalibration).toBe(1);
  });

  it('reads an amount column and numeric customer ids, and refuses missing columns', () => {
    const { table: t } = parseCsvText('id,day,amount\n7,2024-03-01,5\n7,2024-03-03,-2\n8,2024-03-02,4\n', 'a.csv');
    const s = summariseLog(t, { customer: 'id', date: 'day', amount: 'amount' });
    expect(s.ids).toStrictEqual(['7', '8']);
    expect(Array.from(s.totalSpend)).toStrictEqual([3, 4]);
    expect(s.report.returns).toBe(1);
    expect(() => summariseLog(t, { customer: 'id', date: 'day' })).toThrow(/amount column/);
    expect(() => summariseLog(t, { customer: 'nope', date: 'day', amount: 'amount' })).toThrow(/Column "nope" not found/);
    expect(() => summariseLog(t, { customer: 'id', date: 'amount', amount: 'amount' })).toThrow(/not dates/);
  });
});

describe('RFM', () => {
  it('scores quintiles by mid-rank, ties sharing a score', () => {
    expect(Array.from(quintileScores([1, 2, 3, 4, 5]))).toStrictEqual([1, 2, 3, 4, 5]);
    expect(Array.from(quintileScores([1, 1, 1, 1, 9]))).toStrictEqual([3, 3, 3, 3, 5]);
    expect(Array.from(quintileScores([10, NaN, 20]))).toStrictEqual([2, 0, 4]);
  });

  it('names every (R, F) pair, first rule first', () => {
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(rfmSegment(r, f)).not.toBe('Other');
    expect(rfmSegment(5, 5)).toBe('Champions');
    expect(rfmSegment(1, 1)).toBe('Lost');
    expect(rfmSegment(2, 1)).toBe('Hibernating');
    expect(rfmSegment(1, 5)).toBe("Can't lose them");
    expect(rfmSegmentRules.map((s) => s.name)).toContain('At risk');
  });

  it('scores the hand-written log', () => {
    const { table } = parseCsvText(log, 'log.csv');
    const s = summariseLog(table, columns);
    const rfm = scoreRfm(s.daysSinceLast, s.orders, s.totalSpend);
    expect(Array.from(rfm.recency)).toStrictEqual([1, 4, 4]);
    expect(Array.from(rfm.frequency)).toStrictEqual([4, 4, 1]);
    expect(Array.from(rfm.monetary)).toStrictEqual([3, 5, 1]);
    expect(rfm.segment).toStrictEqual(['At risk', 'Loyal customers', 'Promising']);
    const t = customerTable('log.csv by customer', 'customer', s, rfm);
    expect(t.rowCount).toBe(3);
    expect(getColumn(t, 'customer').type).toBe('id');
    expect(cellText(getColumn(t, 'first_purchase'), 0)).toBe('2024-01-01');
    expect(cellText(getColumn(t, 'rfm_segment'), 2)).toBe('Promising');
  });
});

describe('detectLogColumns', () => {
  it('suggests the columns of a log, and nothing for a customer table', async () => {
    const { detectLogColumns } = await import('../../src/lib/ml/clv/log-detect');
    const { table } = parseCsvText(log, 'log.csv');
    expect(detectLogColumns(table)).toStrictEqual({ customer: 'customer', date: 'date', invoice: 'invoice', quantity: 'quantity', price: 'price' });
    const { table: amounts } = parseCsvText('order_id,client,when,total\n1,a,2024-01-01,5\n2,a,2024-01-02,6\n3,b,2024-01-02,7\n', 'a.csv');
    expect(detectLogColumns(amounts)).toStrictEqual({ customer: 'client', date: 'when', invoice: 'order_id', amount: 'total' });
    const { table: people } = parseCsvText('user_id,age,spend\n1,30,5\n2,40,6\n', 'p.csv');
    expect(detectLogColumns(people)).toBeNull();
  });
});
