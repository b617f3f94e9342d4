import { describe, expect, it } from 'vitest';
import { mergeCategories } from '../../src/lib/ml/features/merge-categories';
import { tableFromArrays, type CategoryColumn } from '../../src/lib/ml/core/table';

const region = tableFromArrays('t', { region: ['North', 'East', 'South', null, 'East', 'West'] }).columns[0] as CategoryColumn;
const labels = (c: CategoryColumn) => Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k]));

describe('mergeCategories', () => {
  it('merges a level into a new "Other"', () => {
    const m = mergeCategories(region, ['East'], 'Other');
    expect(labels(m)).toEqual(['North', 'Other', 'South', null, 'Other', 'West']);
    expect(m.dictionary).toEqual(['North', 'Other', 'South', 'West']);
    expect(m.name).toBe('region');
    expect(labels(region)[1]).toBe('East');
  });
  it('merges several levels into an existing one', () => {
    const m = mergeCategories(region, ['East', 'West'], 'South');
    expect(labels(m)).toEqual(['North', 'South', 'South', null, 'South', 'South']);
    expect(m.dictionary).toEqual(['North', 'South']);
  });
  it('refuses unknown levels and empty targets', () => {
    expect(() => mergeCategories(region, ['Mars'], 'Other')).toThrow(/has no level "Mars"; it has: North, East, South, West/);
    expect(() => mergeCategories(region, ['East'], ' ')).toThrow(/target level name is empty/);
  });
});
