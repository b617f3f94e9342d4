import { describe, expect, it } from 'vitest';
import { silhouetteSamples, silhouetteScore } from '../../src/lib/ml/segments/silhouette';
import { Random } from '../../src/lib/ml/core/random';

describe('silhouette', () => {
  it('matches a hand computation on four points', () => {
    // Row 0: a = 1, b = (4 + 5) / 2 = 4.5 → 7/9; row 1: a = 1, b = 3.5 → 5/7; symmetric for 4 and 5.
    const data = new Float64Array([0, 1, 4, 5]);
    const labels = new Int32Array([0, 0, 1, 1]);
    const s = silhouetteSamples(data, 4, 1, labels, 2);
    expect(Array.from(s).map((v) => Math.round(v * 1e12) / 1e12)).toStrictEqual(
      [7 / 9, 5 / 7, 5 / 7, 7 / 9].map((v) => Math.round(v * 1e12) / 1e12),
    );
    expect(silhouetteScore(data, 4, 1, labels, 2)).toStrictEqual({ value: (7 / 9 + 5 / 7) / 2, sampled: false, n: 4 });
  });

  it('gives 0 to a singleton cluster and handles 2-D distances', () => {
    // Points (0,0), (3,4), (100,0): row 0 a = 5, b = 100 → 0.95; row 1 a = 5, b = √(97² + 16) ; row 2 alone → 0.
    const data = new Float64Array([0, 0, 3, 4, 100, 0]);
    const s = silhouetteSamples(data, 3, 2, new Int32Array([0, 0, 1]), 2);
    expect(s[0]).toBeCloseTo(0.95, 12);
    const b1 = Math.hypot(97, 4);
    expect(s[1]).toBeCloseTo((b1 - 5) / b1, 12);
    expect(s[2]).toBe(0);
  });

  it('samples above maxExact, deterministically per seed', () => {
    const random = new Random(5);
    const n = 60;
    const data = new Float64Array(n);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 3;
      data[i] = labels[i] * 10 + random.normal();
    }
    const a = silhouetteScore(data, n, 1, labels, 3, { maxExact: 20, sampleSize: 20, seed: 1 });
    const b = silhouetteScore(data, n, 1, labels, 3, { maxExact: 20, sampleSize: 20, seed: 1 });
    expect(a).toStrictEqual(b);
    expect(a.sampled).toBe(true);
    expect(a.n).toBe(20);
    const exact = silhouetteScore(data, n, 1, labels, 3);
    expect(exact.sampled).toBe(false);
    expect(Math.abs(a.value - exact.value)).toBeLessThan(0.05);
  });

  it('equals the definition computed pair by pair, with labels in any order and an empty cluster', () => {
    const random = new Random(5);
    const n = 300;
    const d = 3;
    const k = 5; // cluster 3 stays empty
    const data = Float64Array.from({ length: n * d }, () => random.normal());
    const labels = Int32Array.from({ length: n }, () => [0, 1, 2, 4][random.int(4)]);
    const dist = (i: number, j: number) => Math.hypot(...Array.from({ length: d }, (_, t) => data[i * d + t] - data[j * d + t]));
    const expected = Array.from({ length: n }, (_, i) => {
      const mean = (c: number) => {
        const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i && labels[j] === c);
        return others.reduce((sum, j) => sum + dist(i, j), 0) / others.length;
      };
      const a = mean(labels[i]);
      const b = Math.min(...[0, 1, 2, 4].filter((c) => c !== labels[i]).map(mean));
      return (b - a) / Math.max(a, b);
    });
    const got = silhouetteSamples(data, n, d, labels, k);
    for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(expected[i], 12);
  });

  it('rejects one cluster, bad labels and NaN', () => {
    expect(() => silhouetteSamples(new Float64Array([1, 2, 3]), 3, 1, new Int32Array([0, 0, 0]), 1)).toThrow(/between 2 and n−1/);
    expect(() => silhouetteSamples(new Float64Array([1, 2, 3]), 3, 1, new Int32Array([0, 5, 1]), 2)).toThrow(/label 5 at row 1/);
    expect(() => silhouetteSamples(new Float64Array([1, NaN, 3]), 3, 1, new Int32Array([0, 1, 1]), 2)).toThrow(/NaN/);
  });
});
