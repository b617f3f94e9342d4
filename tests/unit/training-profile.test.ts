import { describe, expect, it } from 'vitest';
import { tableFromArrays, type Table } from '../../src/lib/ml/core/table';
import { profileQuantiles, trainingProfile, type CategoryColumnProfile, type NumericColumnProfile } from '../../src/lib/ml/data/training-profile';

const table = tableFromArrays(
  'tiny',
  {
    x: [1, 2, NaN, 4, 10],
    c: ['a', 'b', 'a', null, 'c'],
    flag: [1, 0, 1, 1, NaN],
    day: [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 3), NaN, NaN, NaN],
    empty: [NaN, NaN, NaN, NaN, NaN],
  },
  { flag: 'boolean', day: 'date' },
);
const all = [0, 1, 2, 3, 4];

describe('trainingProfile', () => {
  it('profiles a numeric column: count, missing share, range, mean, population std, quantiles', () => {
    const [x] = trainingProfile(table, ['x'], all).columns as NumericColumnProfile[];
    expect(x).toMatchObject({ name: 'x', type: 'numeric', storage: 'number', kind: 'numeric', count: 4, missingShare: 0.2, min: 1, max: 10, mean: 4.25 });
    // deviations −3.25, −2.25, −0.25, 5.75: squares sum to 48.75, / 4
    expect(x.std).toBeCloseTo(Math.sqrt(12.1875), 12);
    // sorted 1, 2, 4, 10; position 3p between them (numpy "linear")
    const expected = [1, 1.03, 1.15, 1.75, 3, 5.5, 9.1, 9.82, 10];
    expect(profileQuantiles).toStrictEqual([0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1]);
    x.quantiles!.forEach((q, i) => expect(q).toBeCloseTo(expected[i], 12));
  });

  it('reads only the given rows', () => {
    const profile = trainingProfile(table, ['x', 'c'], [0, 1, 3]);
    expect(profile.rows).toBe(3);
    expect(profile.columns[0]).toMatchObject({ count: 3, missingShare: 0, min: 1, max: 4 });
    expect((profile.columns[0] as NumericColumnProfile).mean).toBeCloseTo(7 / 3, 12);
    expect(profile.columns[1]).toMatchObject({ count: 2, missingShare: 1 / 3, levels: [{ value: 'a', count: 1 }, { value: 'b', count: 1 }], distinct: 2 });
  });

  it('counts the levels of categorical and boolean columns, most frequent first, ties by text', () => {
    const [c, flag] = trainingProfile(table, ['c', 'flag'], all).columns as CategoryColumnProfile[];
    expect(c).toStrictEqual({
      name: 'c',
      type: 'categorical',
      storage: 'category',
      count: 4,
      missingShare: 0.2,
      kind: 'categorical',
      levels: [
        { value: 'a', count: 2 },
        { value: 'b', count: 1 },
        { value: 'c', count: 1 },
      ],
      otherCount: 0,
      distinct: 3,
    });
    expect(flag).toMatchObject({ kind: 'categorical', storage: 'number', count: 4, levels: [{ value: 'true', count: 3 }, { value: 'false', count: 1 }], distinct: 2 });
  });

  it('keeps the 50 most frequent levels and sums the rest', () => {
    const values: string[] = [];
    for (let i = 0; i < 60; i++) for (let k = 0; k < (i < 10 ? 3 : 1); k++) values.push(`L${String(i).padStart(2, '0')}`);
    const wide = tableFromArrays('wide', { level: values });
    const [p] = trainingProfile(wide, ['level'], Array.from(values, (_, i) => i)).columns as CategoryColumnProfile[];
    expect(p.levels).toHaveLength(50);
    expect(p.levels[0]).toStrictEqual({ value: 'L00', count: 3 });
    expect(p.levels[9]).toStrictEqual({ value: 'L09', count: 3 });
    expect(p.levels[49]).toStrictEqual({ value: 'L49', count: 1 });
    expect(p.otherCount).toBe(10);
    expect(p.distinct).toBe(60);
  });

  it('profiles dates in epoch milliseconds, and an all-missing column with null statistics', () => {
    const [day, empty] = trainingProfile(table, ['day', 'empty'], all).columns as NumericColumnProfile[];
    expect(day).toMatchObject({ type: 'date', count: 2, min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 0, 3), mean: Date.UTC(2024, 0, 2), std: 86_400_000 });
    expect(empty).toMatchObject({ count: 0, missingShare: 1, min: null, max: null, mean: null, std: null, quantiles: null });
  });

  it('handles columns named like Object.prototype members and names an unknown column', () => {
    // Built column by column: an object literal key `__proto__` would set the prototype instead.
    const odd: Table = {
      name: 'odd',
      rowCount: 2,
      columns: [
        { name: 'constructor', type: 'numeric', role: 'feature', storage: 'number', values: Float64Array.of(1, 2) },
        { name: '__proto__', type: 'categorical', role: 'feature', storage: 'category', codes: Int32Array.of(0, 0), dictionary: ['x'] },
      ],
    };
    const profile = trainingProfile(odd, ['constructor', '__proto__'], [0, 1]);
    expect(profile.columns.map((c) => c.name)).toStrictEqual(['constructor', '__proto__']);
    expect((profile.columns[1] as CategoryColumnProfile).levels).toStrictEqual([{ value: 'x', count: 2 }]);
    expect(() => trainingProfile(table, ['nope'], all)).toThrow(/Column "nope" not found/);
  });
});
