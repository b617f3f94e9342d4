import { describe, expect, it } from 'vitest';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { findIdColumn, idLikeReason, isIdLike, isIdName } from '../../src/lib/ml/data/ids';

describe('the one id detector', () => {
  it('reads id-like names as words: customer_id, CustomerID, userId, key; not paid, valid, Kidhome', () => {
    for (const n of ['id', 'ID', 'user_id', 'CustomerID', 'customerId', 'order-id', 'uuid', 'GUID', 'key', 'row identifier']) expect(isIdName(n), n).toBe(true);
    for (const n of ['paid', 'valid', 'Kidhome', 'idea', 'keys', 'monkey', 'constructor']) expect(isIdName(n), n).toBe(false);
  });

  it('says why a column is an identifier, or null', () => {
    const n = 30;
    const t = tableFromArrays(
      't',
      {
        customerID: Array.from({ length: n }, (_, i) => 5000 + 3 * i),
        seq: Array.from({ length: n }, (_, i) => n - i),
        stepped: Array.from({ length: n }, (_, i) => 100 * i),
        email: Array.from({ length: n }, (_, i) => `u${i}@x.org`),
        amount: Array.from({ length: n }, (_, i) => (i * 37) % 11),
        price: Array.from({ length: n }, (_, i) => i + 0.5),
        joined: Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1 + i)),
        typed: Array.from({ length: n }, (_, i) => `c${i % 3}`),
      },
      { joined: 'date', typed: 'id' },
    );
    const reasons = Object.fromEntries(t.columns.map((c) => [c.name, idLikeReason(c)]));
    expect(reasons).toStrictEqual({
      customerID: 'its whole numbers are unique per row and nearly consecutive',
      seq: 'its whole numbers are unique per row and nearly consecutive',
      stepped: 'its whole numbers are unique per row and nearly consecutive',
      email: 'every row has its own value',
      amount: null,
      price: null,
      joined: null,
      typed: 'it is typed as an id',
    });
    // A few unique values are not enough without an id-like name; with one they are.
    expect(isIdLike(tableFromArrays('t', { code: ['a', 'b', 'c'] }).columns[0])).toBe(false);
    expect(isIdLike(tableFromArrays('t', { code_id: ['a', 'b', 'c'] }).columns[0])).toBe(true);
    // An id-like name with 95 % unique values (a few duplicates from a bad join).
    const nearly = tableFromArrays('t', { order_id: Array.from({ length: 40 }, (_, i) => (i === 39 ? 0 : i)) }).columns[0];
    expect(idLikeReason(nearly)).toBe('its name says id and almost every value is unique');
  });

  it('finds the lookup column: typed or roled id first, else an id-named identifier, else none', () => {
    const typed = tableFromArrays('t', { customer_id: [1, 2, 3], code: ['x', 'y', 'z'] }, { code: 'id' });
    expect(findIdColumn(typed)).toBe('code');
    const named = tableFromArrays('t', { age: [30, 40, 50], CustomerID: [7, 8, 9] });
    expect(findIdColumn(named)).toBe('CustomerID');
    expect(findIdColumn(tableFromArrays('t', { constructor: [1, 2, 3], age: [3, 1, 2] }))).toBeNull();
  });
});
