import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initKMeansPlusPlus } from '../../src/lib/ml/segments/initialization';
import { finishKMeans, fitRestart, kmeans, kmeansOn, predictCluster } from '../../src/lib/ml/segments/kmeans';
import { blockRows, cellIndex, KMeansData } from '../../src/lib/ml/segments/kmeans-kernels';
import { scaleData } from '../../src/lib/ml/segments/scale';
import { bestKBySilhouette, localRunner, sweepK, type SweepRunner } from '../../src/lib/ml/segments/sweep';
import { Random } from '../../src/lib/ml/core/random';

/** The five numeric columns of the default dataset, row-major, read with a tiny split. */
function loadCustomers(): { data: Float64Array; n: number; d: number } {
  const text = readFileSync(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const names = ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency'];
  const idx = names.map((c) => header.indexOf(c));
  const n = lines.length - 1;
  const d = names.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    for (let j = 0; j < d; j++) data[i * d + j] = Number(cells[idx[j]]);
  }
  return { data, n, d };
}

// scikit-learn 1.2: StandardScaler, KMeans(n_clusters=k, n_init=10, random_state=0), silhouette_score.
const reference: Record<number, { inertia: number; silhouette: number; sizes: number[] }> = {
  2: { inertia: 338.9472, silhouette: 0.6017, sizes: [137, 101] },
  3: { inertia: 156.0857, silhouette: 0.5707, sizes: [95, 83, 60] },
  4: { inertia: 81.799, silhouette: 0.6009, sizes: [77, 60, 51, 50] },
  5: { inertia: 53.2469, silhouette: 0.6311, sizes: [77, 60, 43, 42, 16] },
  6: { inertia: 34.6077, silhouette: 0.6328, sizes: [59, 46, 41, 41, 35, 16] },
  7: { inertia: 24.6209, silhouette: 0.6214, sizes: [46, 41, 41, 36, 35, 23, 16] },
  8: { inertia: 18.3149, silhouette: 0.6215, sizes: [46, 36, 35, 33, 32, 23, 17, 16] },
};

describe('kmeans', () => {
  it('splits two obvious groups, largest cluster first', () => {
    const data = new Float64Array([0, 0, 0, 1, 10, 10, 10, 11]);
    const r = kmeans(data, 4, 2, 2, { seed: 3 });
    expect(Array.from(r.labels)).toStrictEqual([0, 0, 1, 1]);
    expect(Array.from(r.centroids)).toStrictEqual([0, 0.5, 10, 10.5]);
    expect(r.inertia).toBeCloseTo(1, 12);
    expect(r.sizes).toStrictEqual([2, 2]);
  });

  it('orders clusters of equal size by their first row, whichever restart won', () => {
    const data = new Float64Array([20, 21, 0, 1, 10, 11, 22, 30, 31, 2, 12]);
    for (let seed = 0; seed < 10; seed++) {
      const r = kmeans(data, 11, 1, 4, { seed, nInit: 1 });
      expect(r.sizes).toStrictEqual([3, 3, 3, 2]);
      expect(Array.from(r.labels)).toStrictEqual([0, 0, 1, 1, 2, 2, 0, 3, 3, 1, 2]);
      expect(Array.from(r.centroids)).toStrictEqual([21, 1, 11, 30.5]);
    }
  });

  it('orders clusters by size and finds the 1-D optimum', () => {
    const r = kmeans(new Float64Array([10, 1, 2, 11, 3]), 5, 1, 2);
    expect(Array.from(r.labels)).toStrictEqual([1, 0, 0, 1, 0]);
    expect(Array.from(r.centroids)).toStrictEqual([2, 10.5]);
    expect(r.inertia).toBeCloseTo(2.5, 12);
  });

  it('repairs empty clusters when initial centres coincide', () => {
    const data = new Float64Array([0, 0, 0, 5, 5, 9]);
    for (let seed = 0; seed < 20; seed++) {
      const r = kmeans(data, 6, 1, 3, { init: 'random', nInit: 1, seed });
      expect(r.sizes).toStrictEqual([3, 2, 1]);
      expect(r.inertia).toBe(0);
    }
  });

  it('is deterministic per seed and returns plain, cloneable data', () => {
    const { data, n, d } = loadCustomers();
    const a = kmeans(data, n, d, 4, { seed: 7, nInit: 2 });
    const b = kmeans(data, n, d, 4, { seed: 7, nInit: 2 });
    expect(b).toStrictEqual(a);
    expect(structuredClone(a)).toStrictEqual(a);
  });

  it('predictCluster assigns new rows to the nearest centre', () => {
    const r = kmeans(new Float64Array([0, 0, 0, 1, 10, 10, 10, 11]), 4, 2, 2);
    expect(Array.from(predictCluster(r.centroids, 2, 2, new Float64Array([1, 1, 9, 9, 4, 4]), 3))).toStrictEqual([0, 1, 0]);
  });

  it('rejects bad input with a message naming the problem', () => {
    expect(() => kmeans(new Float64Array([1, 2]), 2, 1, 3)).toThrow(/k \(3\) must not exceed the number of rows \(2\)/);
    expect(() => kmeans(new Float64Array([1, NaN, 3]), 3, 1, 2)).toThrow(/NaN at row 1, column 0/);
    expect(() => kmeans(new Float64Array(0), 3, 0, 2)).toThrow(/d must be a positive integer/);
    expect(() => kmeans(new Float64Array([1, 2, 3]), 3, 1, 2, { nInit: 0 })).toThrow(/nInit/);
    expect(() => kmeans(new Float64Array([1, 2, 3]), 2, 1, 2)).toThrow(/expected n×d/);
  });
});

/** Plain Lloyd from given centres, every distance computed: the oracle for the bounded kernels. */
function plainLloyd(data: Float64Array, n: number, d: number, k: number, start: Float64Array, iterations: number): { labels: Int32Array; centers: Float64Array } {
  const centers = start.slice();
  const labels = new Int32Array(n);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) labels[i] = predictCluster(centers, k, d, data.subarray(i * d, i * d + d), 1)[0];
    const sums = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let j = 0; j < d; j++) sums[labels[i] * d + j] += data[i * d + j];
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centers[c * d + j] = sums[c * d + j] / counts[c];
  }
  return { labels, centers };
}

describe('WebAssembly kernels', () => {
  const random = new Random(11);
  // Over two blocks and an odd row count, so blocks, row pairs and the unpaired last row all run.
  const n = blockRows + 2345;
  const d = 3;
  const rows = new Float64Array(n * d).map((_, x) => random.normal() + (x % 7 === 0 ? 4 : 0));

  it('store row i, column j where cellIndex says (pairs of rows interleaved by column)', () => {
    const data = new KMeansData(rows, n, d);
    for (const i of [0, 1, 2, n - 2, n - 1]) for (let j = 0; j < d; j++) expect(data.data[cellIndex(i, j, d)]).toBe(rows[i * d + j]);
    const out = new Float64Array(d);
    data.copyRow(n - 1, out);
    expect(Array.from(out)).toStrictEqual(Array.from(rows.subarray((n - 1) * d)));
    // Every cell, not just a few: the pass reorders each pair of rows in place.
    let wrong = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) if (data.data[cellIndex(i, j, d)] !== rows[i * d + j]) wrong++;
    expect(wrong).toBe(0);
  });

  it('compute the mean column variance (population) as a two-pass sum does', () => {
    let total = 0;
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += rows[i * d + j] / n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (rows[i * d + j] - mean) ** 2;
      total += ss / n;
    }
    expect(new KMeansData(rows, n, d).meanVariance).toBeCloseTo(total / d, 12);
    // Hand-computed: columns (1, 2, 3) and (0, 0, 6) have variances 2/3 and 8.
    expect(new KMeansData(new Float64Array([1, 0, 2, 0, 3, 6]), 3, 2).meanVariance).toBeCloseTo((2 / 3 + 8) / 2, 14);
  });

  it('name the row and column of a missing value', () => {
    const bad = rows.slice();
    bad[(n - 1) * d + 2] = Number.NaN;
    expect(() => new KMeansData(bad, n, d)).toThrow(`data contains NaN at row ${n - 1}, column 2`);
  });

  // k = 4, 9, 13 take one, three and four float32 threshold tables in the vector sweep; 17 the scalar one.
  it.each([4, 9, 13, 17])('converge to the fixed point plain Lloyd reaches from the same start (k = %i)', (k) => {
    const fit = kmeans(rows, n, d, k, { nInit: 1, seed: 4, tolerance: 0 });
    expect(fit.iterations).toBeGreaterThan(2);
    // From the bounded fit's own centres, plain Lloyd moves nothing and labels every row the same.
    const check = plainLloyd(rows, n, d, k, fit.centroids, 1);
    expect(Array.from(check.labels)).toStrictEqual(Array.from(fit.labels));
    for (let x = 0; x < fit.centroids.length; x++) expect(check.centers[x]).toBeCloseTo(fit.centroids[x], 12);
  });

  it('leave after Lloyd the labels a nearest pass gives (first on ties), so finishing skips that pass', () => {
    // Integer rows on a 3×3 grid, more clusters than distinct rows: coinciding centres, every
    // row of theirs a tie, and on a 5×5 grid, fewer clusters. Over two blocks.
    for (const [side, ks] of [[3, [10, 12]], [5, [3, 5, 7]]] as const) {
      const random = new Random(side);
      const n = blockRows + 5000;
      const d = 2;
      const rows = new Float64Array(n * d).map(() => random.int(side));
      const data = new KMeansData(rows, n, d);
      const passes: string[] = [];
      const run = data.run.bind(data);
      data.run = (op) => (passes.push(op.kind), run(op));
      let ties = 0;
      // Converged, stopped by the tolerance, stopped by the iteration limit.
      for (const [k, options] of ks.flatMap((k) => [{}, { tolerance: 0.05 }, { maxIterations: 2 }].map((o) => [k, { seed: k, ...o }] as const))) {
        const fit = fitRestart(data, k, options, 0);
        passes.length = 0;
        const kept = finishKMeans(data, k, [fit]);
        expect(passes).toStrictEqual([]);
        data.prepare(k);
        const labelled = finishKMeans(data, k, [fit]);
        expect(passes).toStrictEqual(['nearest']);
        expect(kept).toStrictEqual(labelled);
        for (let i = 0; i < n; i++) {
          const q = (c: number) => (rows[i * d] - kept.centroids[c * d]) ** 2 + (rows[i * d + 1] - kept.centroids[c * d + 1]) ** 2;
          for (let c = 0; c < k; c++) if (c !== kept.labels[i] && q(c) === q(kept.labels[i])) ties++;
        }
      }
      if (side === 3) expect(ties).toBeGreaterThan(1000);
      data.release();
    }
  });

  it('give the same fit whichever order a runner returns the restarts in', async () => {
    const data = new KMeansData(rows, n, d);
    const local = localRunner(data);
    // Runs each job in this thread, then answers after a random delay: answers arrive shuffled.
    const shuffled: SweepRunner = {
      fit: (job, options) => local.fit(job, options).then((fit) => new Promise((resolve) => setTimeout(() => resolve(fit), random.int(5)))),
      silhouette: (...args) => local.silhouette(...args).then((v) => new Promise((resolve) => setTimeout(() => resolve(v), random.int(5)))),
    };
    const options = { kMin: 2, kMax: 4, kmeans: { nInit: 3, seed: 2 }, silhouette: { maxExact: 500, sampleSize: 500 }, stabilityRuns: 2 };
    const inOrder = await sweepK(rows, n, d, options);
    const outOfOrder = await sweepK(rows, n, d, options, shuffled);
    expect(outOfOrder).toStrictEqual(inOrder);
    expect(inOrder.find((r) => r.k === 3)!.labels).toStrictEqual(kmeansOn(data, 3, { nInit: 3, seed: 2 }).labels);
  });
});

/**
 * Greedy k-means++ written plainly (scikit-learn's \`_kmeans_plusplus\`): candidates drawn ∝ D(x)²
 * by a search over running sums kept per block of \`blockRows\` rows, each candidate's potential
 * Σ min(D(x)², ‖x − t‖²), the lowest wins.
 */
function plainPlusPlus(rows: Float64Array, n: number, d: number, k: number, random: Random, trials: number): Float64Array {
  const dist = (i: number, r: number) => {
    let q = 0;
    for (let j = 0; j < d; j++) q += (rows[i * d + j] - rows[r * d + j]) ** 2;
    return q;
  };
  const total = (values: Float64Array) => {
    let sum = 0;
    for (let start = 0; start < n; start += blockRows) {
      let block = 0;
      for (let i = start; i < Math.min(n, start + blockRows); i++) block += values[i];
      sum += block;
    }
    return sum;
  };
  const sample = (closest: Float64Array, x: number) => {
    let before = 0;
    for (let start = 0; start < n; start += blockRows) {
      const end = Math.min(n, start + blockRows);
      let block = 0;
      for (let i = start; i < end; i++) block += closest[i];
      if (before + block >= x || end === n) {
        let running = 0;
        for (let i = start; i < end - 1; i++) if ((running += closest[i]) >= x - before) return i;
        return end - 1;
      }
      before += block;
    }
    return n - 1;
  };
  const chosen = [random.int(n)];
  let closest = Float64Array.from({ length: n }, (_, i) => dist(i, chosen[0]));
  let pot = total(closest);
  for (let c = 1; c < k; c++) {
    const candidates = Array.from({ length: trials }, () => sample(closest, random.next() * pot));
    const options = candidates.map((r) => Float64Array.from(closest, (v, i) => Math.min(v, dist(i, r))));
    const pots = options.map(total);
    const best = pots.indexOf(Math.min(...pots));
    chosen.push(candidates[best]);
    closest = options[best];
    pot = pots[best];
  }
  return Float64Array.from({ length: k * d }, (_, x) => rows[chosen[Math.floor(x / d)] * d + (x % d)]);
}

describe('k-means++ initialisation', () => {
  it('picks the centres plain greedy k-means++ picks (over two blocks, an odd row count)', () => {
    const random = new Random(5);
    const n = blockRows + 2345;
    const d = 3;
    const rows = new Float64Array(n * d).map((_, x) => random.normal() + (x % 5 === 0 ? 3 : 0));
    for (const [k, seed] of [[3, 0], [6, 1], [9, 2]]) {
      const centers = new Float64Array(k * d);
      initKMeansPlusPlus(rows, n, d, k, new Random(seed), centers);
      expect(Array.from(centers)).toStrictEqual(Array.from(plainPlusPlus(rows, n, d, k, new Random(seed), 2 + Math.floor(Math.log(k)))));
    }
  });

  it('picks the same centres with 1 to 8 candidates a step (one point vector to five, over several sweeps of a block)', () => {
    const random = new Random(11);
    const n = 2 * blockRows + 77;
    const d = 4;
    const rows = new Float64Array(n * d).map((_, x) => random.normal() + (x % 7 === 0 ? 4 : 0));
    for (const trials of [1, 2, 4, 5, 6, 8]) {
      const k = 7;
      const centers = new Float64Array(k * d);
      initKMeansPlusPlus(rows, n, d, k, new Random(trials), centers, trials);
      expect(Array.from(centers)).toStrictEqual(Array.from(plainPlusPlus(rows, n, d, k, new Random(trials), trials)));
    }
  });

  it('never picks a second centre where D(x)² is zero', () => {
    const data = new Float64Array([0, 0, 0, 100, 100]);
    for (let seed = 0; seed < 10; seed++) {
      const centers = new Float64Array(2);
      initKMeansPlusPlus(data, 5, 1, 2, new Random(seed), centers);
      expect(Array.from(centers).sort((a, b) => a - b)).toStrictEqual([0, 100]);
    }
  });

  it('picks three distinct groups for k = 3', () => {
    const data = new Float64Array([0, 0.1, 50, 50.1, 200, 200.1]);
    const centers = new Float64Array(3);
    initKMeansPlusPlus(data, 6, 1, 3, new Random(1), centers);
    expect(Array.from(centers).map((c) => Math.round(c / 50)).sort((a, b) => a - b)).toStrictEqual([0, 1, 4]);
  });
});

describe('k sweep on the default dataset (scikit-learn reference)', async () => {
  const { data, n, d } = loadCustomers();
  const scaled = scaleData(data, n, d, 'standard');
  const results = await sweepK(scaled, n, d, { kMin: 2, kMax: 8, kmeans: { nInit: 10, seed: 0 } });

  it.each(Object.keys(reference).map(Number))('k = %i matches silhouette within 0.005 and inertia within 0.5%', (k) => {
    const r = results.find((x) => x.k === k);
    expect(r).toBeDefined();
    expect(Math.abs(r!.silhouette - reference[k].silhouette)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(r!.inertia - reference[k].inertia) / reference[k].inertia).toBeLessThanOrEqual(0.005);
    expect(r!.sizes).toStrictEqual(reference[k].sizes);
  });

  it('picks k = 6 by silhouette', () => {
    expect(bestKBySilhouette(results)).toBe(6);
  });
});
