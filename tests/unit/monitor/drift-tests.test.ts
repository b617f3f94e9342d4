import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/lib/ml/core/random';
import { chiSquareHomogeneity, jensenShannon, twoProportionZTest, wasserstein, wassersteinNormalised } from '../../../src/lib/ml/monitor/distribution-tests';
import { ksExactPValue, ksTwoSample } from '../../../src/lib/ml/monitor/ks';
import { chiSquareSf, gammaQ, kolmogorovSf, normalTwoSided } from '../../../src/lib/ml/monitor/special-functions';
import { lgamma } from '../../../src/lib/ml/stats/log-gamma';

const f = (xs: number[]) => Float64Array.from(xs);

/** P(D ≥ D_obs) by listing every way to choose which m of the m + n distinct values are the reference's. */
function bruteForceKs(m: number, n: number, h: number): number {
  let hits = 0;
  let all = 0;
  for (let mask = 0; mask < 1 << (m + n); mask++) {
    let bits = 0;
    for (let k = 0; k < m + n; k++) if (mask & (1 << k)) bits++;
    if (bits !== m) continue;
    all++;
    let i = 0;
    let j = 0;
    let worst = 0;
    for (let k = 0; k < m + n; k++) {
      if (mask & (1 << k)) i++;
      else j++;
      worst = Math.max(worst, Math.abs(i * n - j * m));
    }
    if (worst >= h) hits++;
  }
  return hits / all;
}

describe('special functions', () => {
  it('gives the closed forms of the chi-square tail', () => {
    // dof 2: e^{−x/2}; dof 4: e^{−x/2}(1 + x/2); dof 1 at the 5 % critical value 3.841459.
    for (const x of [0.5, 3, 5.991465, 40]) {
      expect(chiSquareSf(x, 2)).toBeCloseTo(Math.exp(-x / 2), 14);
      expect(chiSquareSf(x, 4) / (Math.exp(-x / 2) * (1 + x / 2))).toBeCloseTo(1, 12);
    }
    expect(chiSquareSf(3.841459, 1)).toBeCloseTo(0.05, 7);
    expect(chiSquareSf(11.0705, 5)).toBeCloseTo(0.05, 5);
    // Table critical values: dof 3 at 5 % 7.814728, dof 10 at 5 % 18.307038, dof 30 at 1 % 50.892181.
    expect(chiSquareSf(7.814728, 3)).toBeCloseTo(0.05, 7);
    expect(chiSquareSf(18.307038, 10)).toBeCloseTo(0.05, 7);
    expect(chiSquareSf(50.892181, 30)).toBeCloseTo(0.01, 7);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(gammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 14);
  });

  it('gives the normal two-sided tail of the tables', () => {
    expect(normalTwoSided(1.959964)).toBeCloseTo(0.05, 6);
    expect(normalTwoSided(-2.575829)).toBeCloseTo(0.01, 6);
    expect(normalTwoSided(0)).toBe(1);
    expect(normalTwoSided(10) / 1.523970e-23).toBeCloseTo(1, 5);
  });

  it('gives the Kolmogorov critical values', () => {
    expect(kolmogorovSf(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSf(1.6276)).toBeCloseTo(0.01, 4);
    // Both series agree where they meet: P(K ≥ 1) = 0.2699996 (Kolmogorov's table).
    expect(kolmogorovSf(0.99999999)).toBeCloseTo(0.2699996, 6);
    expect(kolmogorovSf(1)).toBeCloseTo(0.2699996, 6);
    expect(kolmogorovSf(0.5)).toBeCloseTo(0.9639452, 6);
  });
});

describe('two-sample Kolmogorov–Smirnov', () => {
  it('is 0 with p-value 1 for identical samples', () => {
    const x = f([3, 1, 4, 1, 5, 9, 2, 6]);
    expect(ksTwoSample(x, x)).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
  });

  it('separated samples: D = 1 and p = 2 / C(6, 3) = 0.1 (scipy ks_2samp([1,2,3],[4,5,6]))', () => {
    const r = ksTwoSample(f([1, 2, 3]), f([4, 5, 6]));
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBeCloseTo(0.1, 14);
  });

  it('matches the count over every interleaving, equal and unequal sizes', () => {
    for (const [m, n] of [[4, 4], [3, 7], [5, 6], [6, 4]]) {
      for (let h = 1; h <= m * n; h++) expect(ksExactPValue(m, n, h)).toBeCloseTo(bruteForceKs(m, n, h), 12);
    }
  });

  it('equal sizes: matches the Gnedenko–Korolyuk formula, small p-values to their relative digits', () => {
    // P(D ≥ k/n) = 2 Σ_{j≥1} (−1)^{j−1} C(2n, n − jk) / C(2n, n) for two samples of n.
    const lnChoose = (a: number, b: number) => lgamma(a + 1) - lgamma(b + 1) - lgamma(a - b + 1);
    const gk = (n: number, k: number) => {
      let p = 0;
      for (let j = 1; n - j * k >= 0; j++) p += (j % 2 ? 2 : -2) * Math.exp(lnChoose(2 * n, n - j * k) - lnChoose(2 * n, n));
      return p;
    };
    for (const k of [3, 7, 12, 20]) expect(ksExactPValue(50, 50, k * 50)).toBeCloseTo(gk(50, k), 12);
    // The default data against its +30 % income copy: D = 130/238, p = 2·C(476, 108)/C(476, 238) ≈ 6.1e-33.
    const p = ksExactPValue(238, 238, 130 * 238);
    expect(p / gk(238, 130)).toBeCloseTo(1, 8);
    expect(p).toBeGreaterThan(6e-33);
    expect(p).toBeLessThan(6.2e-33);
  });

  it('reads the statistic with ties as scipy does', () => {
    // ECDFs at 1: 2/4 vs 1/3; at 2: 3/4 vs 2/3; at 3: 1 vs 2/3; at 5: 1 vs 1 → D = 1/3.
    const r = ksTwoSample(f([1, 1, 2, 3]), f([1, 2, 5]));
    expect(r.statistic).toBeCloseTo(1 / 3, 14);
    expect(r.pValue).toBeLessThanOrEqual(1);
  });

  it('gives the textbook statistic 2Φ(δ/2) − 1 for normals shifted by δ = 1', () => {
    const random = new Random(11);
    const ref = Float64Array.from({ length: 4000 }, () => random.normal());
    const cur = Float64Array.from({ length: 4000 }, () => random.normal() + 1);
    const r = ksTwoSample(ref, cur);
    // 2Φ(0.5) − 1 = 0.382925; the sampling error of D at n = 4000 each is about 0.015.
    expect(r.statistic).toBeGreaterThan(0.383 - 0.03);
    expect(r.statistic).toBeLessThan(0.383 + 0.03);
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeLessThan(1e-100);
    expect(r.pValue).toBeGreaterThanOrEqual(0);
  });

  it('uses the asymptotic distribution above 10,000 values and keeps the same-distribution p-value uniform-ish', () => {
    const random = new Random(5);
    const ref = Float64Array.from({ length: 12000 }, () => random.normal());
    const cur = Float64Array.from({ length: 12000 }, () => random.normal());
    const r = ksTwoSample(ref, cur);
    expect(r.method).toBe('asymptotic');
    expect(r.pValue).toBeCloseTo(kolmogorovSf(Math.sqrt(6000) * r.statistic), 14);
    expect(r.pValue).toBeGreaterThan(0.01);
  });

  it('the exact p-value matches the asymptotic one at moderate sizes', () => {
    // m = n = 400, D = 0.1: √200·0.1 = 1.4142 → kstwobign.sf = 0.0367; the exact value is close.
    const h = 0.1 * 400 * 400;
    expect(ksExactPValue(400, 400, h)).toBeGreaterThan(0.025);
    expect(ksExactPValue(400, 400, h)).toBeLessThan(0.04);
  });

  it('is NaN when a side has no values', () => {
    expect(ksTwoSample(f([NaN]), f([1])).pValue).toBeNaN();
  });
});

describe('chi-square test of homogeneity', () => {
  it('is hand-computed on a 2 × 3 table', () => {
    // Reference 10, 20, 30 and current 20, 20, 20: totals 30, 40, 50 of 120; expected ref 15, 20, 25 and cur the same.
    // χ² = 25/15 + 0 + 25/25 + 25/15 + 0 + 25/25 = 5.3333…, dof 2, p = e^{−8/3} = 0.069483.
    const r = chiSquareHomogeneity([10, 20, 30], [20, 20, 20]);
    expect(r.statistic).toBeCloseTo(16 / 3, 12);
    expect(r.dof).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-8 / 3), 12);
    expect(r.pValue).toBeCloseTo(0.069483, 6);
  });

  it('drops levels seen on neither side and is 0 for equal shares', () => {
    const r = chiSquareHomogeneity([10, 0, 30], [20, 0, 60]);
    expect(r.statistic).toBeCloseTo(0, 12);
    expect(r.dof).toBe(1);
    expect(r.pValue).toBeCloseTo(1, 12);
  });

  it('on a 2 × 2 table equals the square of the pooled z-test (no Yates correction)', () => {
    const chi = chiSquareHomogeneity([30, 70], [45, 55]);
    const z = twoProportionZTest(30, 100, 45, 100);
    expect(chi.statistic).toBeCloseTo(4.8, 12);
    expect(z.statistic ** 2).toBeCloseTo(4.8, 12);
    expect(chi.pValue).toBeCloseTo(z.pValue, 12);
  });

  it('is 0 with p-value 1 when both sides hold one same level, NaN with an empty side', () => {
    expect(chiSquareHomogeneity([5, 0], [7, 0])).toEqual({ statistic: 0, pValue: 1, dof: 0 });
    expect(chiSquareHomogeneity([0, 0], [7, 3]).pValue).toBeNaN();
  });
});

describe('two-proportion z-test', () => {
  it('is hand-computed', () => {
    // p1 = 0.3, p2 = 0.45, pooled 0.375: se = √(0.375·0.625·0.02) = 0.0684653, z = −0.15/se = −√4.8 = −2.190890;
    // p = 2(1 − Φ(2.190890)) = 0.028460 (normal tables: Φ(2.19) = 0.98574).
    const r = twoProportionZTest(30, 100, 45, 100);
    expect(r.statistic).toBeCloseTo(-Math.sqrt(4.8), 12);
    expect(r.pValue).toBeCloseTo(0.02846, 5);
  });

  it('is 0 with p 1 when both sides have only one value', () => {
    expect(twoProportionZTest(0, 10, 0, 20)).toEqual({ statistic: 0, pValue: 1 });
  });
});

describe('Wasserstein and Jensen–Shannon', () => {
  it('Wasserstein of a shifted sample is the shift; of hand-made steps the area between the ECDFs', () => {
    expect(wasserstein(f([0, 1, 3]), f([5, 6, 8]))).toBeCloseTo(5, 12);
    // F_a − F_b is 0.5 on [1, 2): area 0.5. Reference std of [0, 1] is 0.5 → 1.
    expect(wasserstein(f([0, 1]), f([0, 2]))).toBeCloseTo(0.5, 12);
    expect(wassersteinNormalised(f([0, 1]), f([0, 2]))).toBeCloseTo(1, 12);
    // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8, 9]) by hand: F_a − F_b over [0,1) 1/3, [1,3) 2/3, [3,5) 1,
    // [5,6) 3/4, [6,8) 1/2, [8,9) 1/4 → 1/3 + 4/3 + 2 + 3/4 + 1 + 1/4 = 5.6667.
    expect(wasserstein(f([0, 1, 3]), f([5, 6, 8, 9]))).toBeCloseTo(17 / 3, 12);
    expect(wasserstein(f([1, 2, 2]), f([2, 1, 2]))).toBe(0);
  });

  it('a constant reference is divided by 0.001, not 0', () => {
    expect(wassersteinNormalised(f([1, 1]), f([1, 2]))).toBeCloseTo(0.5 / 0.001, 8);
  });

  it('Jensen–Shannon distance, natural log', () => {
    expect(jensenShannon([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.log(2)), 14);
    // m = (0.75, 0.25): ½[½ln(0.5/0.75) + ½ln(0.5/0.25)] + ½ln(1/0.75) = 0.215762 → √ = 0.464501.
    expect(jensenShannon([5, 5], [8, 0])).toBeCloseTo(0.464501, 6);
    expect(jensenShannon([2, 3, 5], [20, 30, 50])).toBeCloseTo(0, 14);
  });
});
