/**
 * A KMeansData that is done gives its WebAssembly memory to the next one on the thread (its
 * pages already touched). Fits on a reused memory must equal fits on a fresh one, whatever the
 * memory held before, and a released data must refuse further work.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/lib/ml/core/random';
import { kmeans, kmeansOn } from '../../src/lib/ml/segments/kmeans';
import { KMeansData } from '../../src/lib/ml/segments/kmeans-kernels';

function blobs(n: number, d: number, seed: number): Float64Array {
  const random = new Random(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    for (let j = 0; j < d; j++) data[i * d + j] = c * 3 + (j === c % d ? 2 : 0) + random.normal();
  }
  return data;
}

describe('K-Means memory reuse', () => {
  it('a fit on a reused memory equals the same fit on a fresh one', () => {
    const b = blobs(40_001, 3, 2);
    // The first data of this file's thread gets a fresh memory.
    const fresh = kmeans(b, 40_001, 3, 4, { seed: 5, nInit: 2 });
    // A larger data set of another width takes that memory over (grown), then gives it back.
    const other = blobs(70_000, 5, 9);
    kmeans(other, 70_000, 5, 7, { seed: 1 });
    const reused = kmeans(b, 40_001, 3, 4, { seed: 5, nInit: 2 });
    expect(reused.labels).toStrictEqual(fresh.labels);
    expect(reused.centroids).toStrictEqual(fresh.centroids);
    expect(reused.inertia).toBe(fresh.inertia);
    expect(reused.iterations).toBe(fresh.iterations);
  });

  it('a released data refuses further fits, and its results stay valid', () => {
    const b = blobs(5_000, 2, 3);
    const data = new KMeansData(b, 5_000, 2);
    const fit = kmeansOn(data, 3, { seed: 0 });
    const labels = fit.labels.slice();
    data.release();
    expect(() => kmeansOn(data, 3, { seed: 0 })).toThrow(/released/);
    // The next data overwrites the memory; the earlier result is a copy.
    kmeans(blobs(5_000, 2, 8), 5_000, 2, 3, { seed: 1 });
    expect(fit.labels).toStrictEqual(labels);
  });
});
