import { render } from 'svelte/server';
import { describe, expect, test } from 'vitest';
import type { Table } from '../../src/lib/ml/core/table';
import { binFeatures } from '../../src/lib/ml/models/tree/binning';
import { describeForestBinning } from '../../src/lib/ml/models/tree/forest-binning';
import ForestBinningNote from '../../src/lib/ui/model/ForestBinningNote.svelte';

/** A table with `distinct` distinct values in column "x" (of `rows`), "y" with 3, and a categorical "region". */
function table(rows: number, distinct: number): Table {
  const x = Float64Array.from({ length: rows }, (_, i) => (i * 7919) % distinct);
  const y = Float64Array.from({ length: rows }, (_, i) => i % 3);
  return {
    name: 't',
    rowCount: rows,
    columns: [
      { name: 'x', type: 'numeric', role: 'feature', storage: 'number', values: x },
      { name: 'y', type: 'numeric', role: 'feature', storage: 'number', values: y },
      { name: 'region', type: 'categorical', role: 'feature', storage: 'category', codes: new Int32Array(rows), dictionary: ['North'] },
    ],
  } as Table;
}

describe('describeForestBinning', () => {
  test('at most 255 distinct values per feature: exact splits, as binFeatures gives one bin per value', () => {
    const t = table(1000, 255);
    const d = describeForestBinning(t, ['x', 'y', 'region']);
    expect(d.binned).toStrictEqual([]);
    expect(d.sentence).toBe('Random forest: every feature has at most 255 distinct values, so its splits are exact (the thresholds scikit-learn would find).');
    const column = t.columns[0] as { values: Float64Array };
    const binned = binFeatures({ rows: 1000, cols: 1, data: column.values });
    expect(binned.nBins[0]).toBe(255);
  });

  test('256 distinct values: that feature is binned into at most 255 quantile bins, the others exact', () => {
    const t = table(60_000, 256);
    const d = describeForestBinning(t, ['x', 'y', 'region']);
    expect(d.binned).toStrictEqual(['x']);
    expect(d.sentence).toContain('features with more than 255 distinct values (x) are binned into at most 255 quantile bins');
    expect(d.sentence).toContain("the other features' splits are exact");
    const column = t.columns[0] as { values: Float64Array };
    expect(binFeatures({ rows: 60_000, cols: 1, data: column.values }).nBins[0]).toBeLessThanOrEqual(255);
  });

  test('only the chosen features count, and NaN counts as one value', () => {
    const t = table(1000, 1000);
    expect(describeForestBinning(t, ['y']).binned).toStrictEqual([]);
    const nan = table(1000, 255);
    (nan.columns[0] as { values: Float64Array }).values[3] = NaN;
    (nan.columns[0] as { values: Float64Array }).values[4] = NaN;
    expect(describeForestBinning(nan, ['x']).binned).toStrictEqual(['x']);
    expect(describeForestBinning(nan, ['x'], 256).binned).toStrictEqual([]);
  });
});

describe('ForestBinningNote', () => {
  test('says how the forest splits when the random forest is chosen, nothing otherwise', () => {
    const t = table(1000, 300);
    const shown = render(ForestBinningNote, { props: { table: t, features: ['x', 'y'], models: ['linear', 'rf'] } }).body;
    expect(shown).toContain('data-testid="forest-binning"');
    expect(shown).toContain('binned into at most 255 quantile bins');
    expect(render(ForestBinningNote, { props: { table: t, features: ['x'], models: ['linear', 'gbm'] } }).body).not.toContain('forest-binning');
    expect(render(ForestBinningNote, { props: { table: null, features: ['x'], models: ['rf'] } }).body).not.toContain('forest-binning');
  });
});
