/**
 * Small loops that a 200,000-row CV runs on every fold, each rewritten for speed and checked here
 * against the plain form it replaced: gathering by index, the median of a column (pipeline.ts's
 * imputer fill), and a bootstrap sample's counts drawn from the generator's stream.
 */
import { describe, expect, it } from 'vitest';
import { gatherFloat64, gatherInt32 } from '../../src/lib/ml/core/gather';
import { Random } from '../../src/lib/ml/core/random';
import { medianInPlace } from '../../src/lib/ml/stats/quantile';

describe('gather', () => {
  it('reads the source at each index, in the index order', () => {
    expect(Array.from(gatherInt32(Int32Array.from([10, 20, 30, 40]), [3, 0, 0, 2]))).toStrictEqual([40, 10, 10, 30]);
    expect(Array.from(gatherFloat64(Float64Array.from([0.5, -1, NaN]), Int32Array.from([2, 1])))).toStrictEqual([NaN, -1]);
    expect(gatherFloat64(Float64Array.from([1]), []).length).toBe(0);
  });
});

describe('medianInPlace', () => {
  /** The median as pipeline.ts computed it before: sort, then the middle value or the mean of the two. */
  function sortedMedian(values: Float64Array): number {
    if (values.length === 0) return 0;
    const sorted = Float64Array.from(values).sort();
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  it('hand-computed cases: odd, even, ties, one value, none', () => {
    expect(medianInPlace(Float64Array.from([5, 1, 3]))).toBe(3);
    expect(medianInPlace(Float64Array.from([4, 1, 3, 2]))).toBe(2.5);
    expect(medianInPlace(Float64Array.from([7, 7, 7, 1]))).toBe(7);
    expect(medianInPlace(Float64Array.from([-2]))).toBe(-2);
    expect(medianInPlace(new Float64Array(0))).toBe(0);
  });

  it('equals the sorted median on random columns of many sizes, few distinct values among them', () => {
    const random = new Random(4);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random.next() * (trial < 200 ? 40 : 5000));
      const distinct = trial % 3 === 0 ? 3 : 1e6;
      const values = Float64Array.from({ length: n }, () => Math.floor(random.next() * distinct) - distinct / 2 + (trial % 2 ? random.normal() : 0));
      const expected = sortedMedian(values);
      const before = Float64Array.from(values).sort();
      expect(medianInPlace(values)).toBe(expected);
      // It only reorders: the same values are there.
      expect(Float64Array.from(values).sort()).toStrictEqual(before);
    }
  });

  it('sorted and reverse-sorted input (the quickselect pivot cases)', () => {
    const up = Float64Array.from({ length: 10_001 }, (_, i) => i);
    expect(medianInPlace(up)).toBe(5000);
    const down = Float64Array.from({ length: 10_000 }, (_, i) => 10_000 - i);
    expect(medianInPlace(down)).toBe(5000.5);
  });
});

describe('Random.countDraws', () => {
  it('adds the picks nextUint32 would make, and leaves the generator where n draws leave it', () => {
    for (const n of [1, 7, 1000, 12_345]) {
      const a = new Random(n);
      const b = new Random(n);
      const counts = new Int32Array(n);
      a.countDraws(counts, n);
      const expected = new Int32Array(n);
      for (let i = 0; i < n; i++) expected[Math.floor(b.nextUint32() * (n / 4294967296))]++;
      expect(counts).toStrictEqual(expected);
      expect(counts.reduce((s, c) => s + c, 0)).toBe(n);
      expect(a.nextUint32()).toBe(b.nextUint32());
    }
  });
});
