import { describe, expect, it } from 'vitest';
import { featureScaling, fitPipeline, transformTable } from '../../src/lib/ml/preprocess/pipeline';
import { encodeTarget, positiveClassIndex } from '../../src/lib/ml/preprocess/target';
import { tableFromArrays } from '../../src/lib/ml/core/table';

const table = tableFromArrays(
  't',
  {
    id: [1, 2, 3, 4, 5, 6],
    x: [1, 2, NaN, 4, 100, 6],
    color: ['red', 'blue', 'red', null, 'green', 'purple'],
    flag: [1, 0, 1, 1, NaN, 0],
    day: [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 11), Date.UTC(2024, 1, 1), NaN, Date.UTC(2024, 2, 1), Date.UTC(2024, 0, 1)],
    note: ['a', 'b', 'c', 'd', 'e', 'f'],
  },
  { id: 'id', flag: 'boolean', day: 'date', note: 'text' },
);

describe('feature pipeline', () => {
  it('fits on the training rows only: test values never change the median, mean or levels', () => {
    const train = [0, 1, 2, 3];
    const p = fitPipeline(table, ['id', 'x', 'color', 'flag', 'day', 'note'], train, { missingIndicators: true, minCategoryFraction: 0 });
    expect(p.excluded).toStrictEqual([
      { column: 'id', reason: 'id column' },
      { column: 'note', reason: 'free-text column' },
    ]);
    expect(p.featureNames).toStrictEqual(['x', 'x_missing', 'color_blue', 'color_red', 'flag', 'day_days', 'day_month', 'day_missing']);
    const x = p.steps[0];
    // Training x = 1, 2, (missing → median 2), 4: mean 2.25, population std √1.1875.
    expect(x).toMatchObject({ kind: 'numeric', fill: 2, center: 2.25 });
    expect(x.kind === 'numeric' && x.scale).toBeCloseTo(Math.sqrt(1.1875), 12);
    const X = transformTable(p, table, [2, 4, 5]);
    const row = (i: number) => Array.from(X.data.subarray(i * 8, i * 8 + 8)).map((v) => +v.toFixed(6));
    // Row 2: missing x → median; red; flag 1.
    expect(row(0).slice(0, 5)).toStrictEqual([+((2 - 2.25) / Math.sqrt(1.1875)).toFixed(6), 1, 0, 1, 1]);
    // Row 4: "green" never seen in training and no Other level → all zeros; missing flag → mode 1.
    expect(row(1).slice(2, 5)).toStrictEqual([0, 0, 1]);
    // Row 5: unseen "purple" → all zeros; flag 0.
    expect(row(2).slice(2, 5)).toStrictEqual([0, 0, 0]);
  });

  it('one-hot keeps all levels in sorted order and merges rare ones into Other', () => {
    const t = tableFromArrays('t', { c: ['b', 'a', 'b', 'a', 'b', 'z'] });
    expect(fitPipeline(t, ['c'], [0, 1, 2, 3, 4, 5]).featureNames).toStrictEqual(['c_a', 'c_b', 'c_z']);
    const rare = fitPipeline(t, ['c'], [0, 1, 2, 3, 4, 5], { minCategoryFraction: 0.2 });
    expect(rare.featureNames).toStrictEqual(['c_a', 'c_b', 'c_Other']);
    expect(Array.from(transformTable(rare, t, [5]).data)).toStrictEqual([0, 0, 1]);
  });

  it('dates become days since the earliest training date and the month', () => {
    const p = fitPipeline(table, ['day'], [0, 1, 2], { scale: false });
    expect(Array.from(transformTable(p, table, [0, 1, 2]).data)).toStrictEqual([0, 1, 10, 1, 31, 2]);
  });

  it('scaling factors map back to original units and the fitted pipeline survives JSON', () => {
    const p = fitPipeline(table, ['x', 'color'], [0, 1, 3, 5]);
    const { scale } = featureScaling(p);
    expect(scale[0]).toBeCloseTo(Math.sqrt(3.6875), 12);
    expect(Array.from(scale.subarray(1))).toStrictEqual(new Array(scale.length - 1).fill(1));
    const again = JSON.parse(JSON.stringify(p));
    expect(transformTable(again, table)).toStrictEqual(transformTable(p, table));
  });

  it('encodes targets: sorted classes, positive class, clear errors', () => {
    const t = tableFromArrays('t', { y: ['no', 'yes', null, 'no'], v: [1, 2, 3, NaN] });
    const enc = encodeTarget(t, 'y', 'classification');
    expect(enc.classes).toStrictEqual(['no', 'yes']);
    expect(Array.from(enc.rows)).toStrictEqual([0, 1, 3]);
    expect(Array.from(enc.y)).toStrictEqual([0, 1, 0]);
    expect(positiveClassIndex(['no', 'yes'])).toBe(1);
    expect(positiveClassIndex(['no', 'yes'], 'no')).toBe(0);
    expect(() => positiveClassIndex(['no', 'yes'], 'maybe')).toThrow(/"maybe" is not a class/);
    expect(() => encodeTarget(t, 'y', 'regression')).toThrow(/not numeric/);
    expect(Array.from(encodeTarget(t, 'v', 'regression').y)).toStrictEqual([1, 2, 3]);
    expect(encodeTarget(tableFromArrays('t', { n: [10, 9, 10] }), 'n', 'classification').classes).toStrictEqual(['9', '10']);
  });
});
