import { describe, expect, it } from 'vitest';
import { hyp2f1, lgamma, logAddExp } from '../../src/lib/ml/clv/special';
import { invertMatrix, minimize, numericGradient, numericHessian } from '../../src/lib/ml/clv/optimize';
import {
  bgnbdLoglik,
  bgnbdLoglikTerms,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  probabilityOfPurchases,
} from '../../src/lib/ml/clv/bgnbd';
import { expectedAverageValue, fitGammaGamma, gammaGammaLoglikOne } from '../../src/lib/ml/clv/gamma-gamma';
import { customerValue } from '../../src/lib/ml/clv/clv';

/** The published CDNOW fits (Fader, Hardie & Lee 2005; the Gamma-Gamma note). */
const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const spend = { p: 6.25, q: 3.74, v: 15.45 };

describe('special functions', () => {
  it('log Γ matches known values', () => {
    expect(lgamma(1)).toBeCloseTo(0, 13);
    expect(lgamma(2)).toBeCloseTo(0, 13);
    expect(lgamma(0.5)).toBeCloseTo(0.5723649429247001, 13);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lgamma(100)).toBeCloseTo(359.1342053695754, 9);
    expect(lgamma(0.25)).toBeCloseTo(1.2880225246980774, 12);
  });

  it('₂F₁ matches closed forms', () => {
    for (const z of [0, 0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(z === 0 ? 1 : -Math.log(1 - z) / z, 10);
      expect(hyp2f1(0.7, 2.5, 2.5, z)).toBeCloseTo(Math.pow(1 - z, -0.7), 10);
    }
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/0 ≤ z < 1/);
  });

  it('log-sum-exp does not overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logAddExp(-Infinity, 3)).toBe(3);
  });
});

describe('optimizer', () => {
  it('finds the Rosenbrock minimum and reports convergence', () => {
    const rosenbrock = ([x, y]: number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const result = minimize(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
  });

  it('says so when it runs out of evaluations', () => {
    const result = minimize(([x, y]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, [-1.2, 1], { maxEvaluations: 20 });
    expect(result.converged).toBe(false);
    expect(result.message).toMatch(/without converging/);
  });

  it('differentiates and inverts', () => {
    const f = ([x, y]: number[]) => 3 * x * x + 2 * x * y + y * y;
    const g = numericGradient(f, [1, 2]);
    expect(g[0]).toBeCloseTo(10, 6);
    expect(g[1]).toBeCloseTo(6, 6);
    const h = numericHessian(f, [1, 2]);
    expect(h[0][0]).toBeCloseTo(6, 4);
    expect(h[0][1]).toBeCloseTo(2, 4);
    const inv = invertMatrix(h) as number[][];
    expect(inv[0][0]).toBeCloseTo(2 / 8, 4);
    expect(inv[0][1]).toBeCloseTo(-2 / 8, 4);
    expect(invertMatrix([[1, 2], [2, 4]])).toBeNull();
  });
});

describe('BG/NBD', () => {
  const { r, alpha, a, b } = cdnow;

  it('log-likelihood of single customers equals the hand-derived closed forms', () => {
    // x = 0: (α / (α + T))^r. x = 1 and 2: the Beta and Gamma ratios written out (paper eq. 6).
    const data = { frequency: Float64Array.of(0, 1, 2), recency: Float64Array.of(0, 10, 30.43), age: Float64Array.of(20, 38.86, 38.86) };
    const terms = bgnbdLoglikTerms(cdnow, data);
    expect(terms[0]).toBeCloseTo(r * Math.log(alpha / (alpha + 20)), 12);
    const l1 = r * alpha ** r * ((b / (a + b)) * (alpha + 38.86) ** -(r + 1) + (a / (a + b)) * (alpha + 10) ** -(r + 1));
    expect(terms[1]).toBeCloseTo(Math.log(l1), 12);
    const ab = (a + b) * (a + b + 1);
    const l2 = r * (r + 1) * alpha ** r * (((b * (b + 1)) / ab) * (alpha + 38.86) ** -(r + 2) + ((a * b) / ab) * (alpha + 30.43) ** -(r + 2));
    expect(terms[2]).toBeCloseTo(Math.log(l2), 12);
    expect(bgnbdLoglik(cdnow, data)).toBeCloseTo(terms[0] + terms[1] + terms[2], 12);
  });

  it('P(alive) and expected purchases follow the paper', () => {
    expect(probabilityAlive(cdnow, 0, 0, 38.86)).toBe(1);
    expect(probabilityAlive(cdnow, 2, 30.43, 38.86)).toBeCloseTo(1 / (1 + (a / (b + 1)) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2)), 12);
    // The paper's worked example (section 5): x = 2, t_x = 30.43, T = 38.86, next 39 weeks: 1.226.
    expect(conditionalExpectedPurchases(cdnow, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 2);
    // A customer seen only at time 0 is a new customer: eq. 10 reduces to eq. 7.
    expect(conditionalExpectedPurchases(cdnow, 52, 0, 0, 0)).toBeCloseTo(expectedPurchases(cdnow, 52), 10);
    // Over a short time the rate is P(alive) × E[λ | x, T] = P(alive) × (r + x) / (α + T).
    const t = 1e-5;
    expect(conditionalExpectedPurchases(cdnow, t, 2, 30.43, 38.86) / t).toBeCloseTo(probabilityAlive(cdnow, 2, 30.43, 38.86) * ((r + 2) / (alpha + 38.86)), 5);
  });

  it('P(X(t) = x) sums to 1 and its mean is E[X(t)]', () => {
    let total = 0;
    let mean = 0;
    for (let x = 0; x < 400; x++) {
      const p = probabilityOfPurchases(cdnow, 39, x);
      total += p;
      mean += x * p;
    }
    expect(total).toBeCloseTo(1, 8);
    expect(mean).toBeCloseTo(expectedPurchases(cdnow, 39), 4);
  });

  it('refuses data it cannot fit', () => {
    expect(() => fitBgNbd({ frequency: Float64Array.of(0, 0), recency: Float64Array.of(0, 0), age: Float64Array.of(5, 6) })).toThrow(/no customer bought more than once/);
    expect(() => fitBgNbd({ frequency: Float64Array.of(1, 0), recency: Float64Array.of(9, 0), age: Float64Array.of(5, 6) })).toThrow(/Customer 1/);
  });
});

describe('Gamma-Gamma', () => {
  it('log-likelihood equals the hand-derived value', () => {
    // x = 1, p = 1, q = 2, v = 3, m = 2: Γ(3)/(Γ(1)Γ(2)) · 3² · 2⁰ · 1 / (2 + 3)³ = 18 / 125.
    expect(gammaGammaLoglikOne({ p: 1, q: 2, v: 3 }, 1, 2)).toBeCloseTo(Math.log(18 / 125), 12);
    // x = 2, p = 1, q = 2, v = 3, m = 4: Γ(4)/(Γ(2)Γ(2)) · 9 · 4¹ · 2² / (8 + 3)⁴.
    expect(gammaGammaLoglikOne({ p: 1, q: 2, v: 3 }, 2, 4)).toBeCloseTo(Math.log((6 * 9 * 4 * 4) / 11 ** 4), 12);
  });

  it('expected spend shrinks a customer toward the population mean p·v/(q − 1)', () => {
    expect(expectedAverageValue(spend, 0, 0)).toBeCloseTo((6.25 * 15.45) / 2.74, 10);
    expect(expectedAverageValue(spend, 2, 50)).toBeCloseTo((6.25 * (15.45 + 100)) / (12.5 + 2.74), 10);
  });

  it('needs two repeat customers', () => {
    expect(() => fitGammaGamma([1, 0], [5, 0])).toThrow(/at least 2 repeat customers/);
  });
});

describe('CLV', () => {
  it('discounts each month’s expected purchases', () => {
    const months = customerValue(cdnow, 2, 30.43, 38.86, 35, 2, 0.01, 7);
    const m1 = conditionalExpectedPurchases(cdnow, 30 / 7, 2, 30.43, 38.86);
    const m2 = conditionalExpectedPurchases(cdnow, 60 / 7, 2, 30.43, 38.86);
    expect(months).toBeCloseTo((m1 * 35) / 1.01 + ((m2 - m1) * 35) / 1.01 ** 2, 10);
    expect(customerValue(cdnow, 2, 30.43, 38.86, 35, 12, 0, 7)).toBeCloseTo(conditionalExpectedPurchases(cdnow, 360 / 7, 2, 30.43, 38.86) * 35, 10);
  });
});

describe('compressed likelihoods', () => {
  it('equal the per-customer sums', async () => {
    const { compressRfm } = await import('../../src/lib/ml/clv/bgnbd');
    const { gammaGammaLoglik } = await import('../../src/lib/ml/clv/gamma-gamma');
    const data = { frequency: Float64Array.of(0, 0, 1, 1, 2, 0), recency: Float64Array.of(0, 0, 3, 3, 5, 0), age: Float64Array.of(9, 9, 9, 9, 9, 4) };
    const distinct = compressRfm(data);
    expect(Array.from(distinct.weight ?? [])).toStrictEqual([2, 2, 1, 1]);
    expect(bgnbdLoglik(cdnow, distinct)).toBeCloseTo(Array.from(bgnbdLoglikTerms(cdnow, data)).reduce((s, t) => s + t, 0), 10);
    const x = [1, 2, 2, 0, 3];
    const m = [10, 20, 5, 0, 7];
    expect(gammaGammaLoglik(spend, x, m)).toBeCloseTo(x.reduce((s, xi, i) => s + (xi > 0 ? gammaGammaLoglikOne(spend, xi, m[i]) : 0), 0), 10);
  });
});

describe('frequency–recency matrix', () => {
  it('holds the formulas at each cell, NaN where no customer can be', async () => {
    const { frequencyRecencyMatrix } = await import('../../src/lib/ml/clv/clv');
    const m = frequencyRecencyMatrix(cdnow, 38.86, 3, 39, 4);
    expect(m.recency).toStrictEqual([0, 38.86 / 4, 38.86 / 2, (3 * 38.86) / 4, 38.86]);
    expect(m.expected[0]).toBeCloseTo(conditionalExpectedPurchases(cdnow, 39, 0, 0, 38.86), 12);
    expect(m.expected[1]).toBeNaN();
    expect(m.alive[2 * 5 + 4]).toBeCloseTo(1 / (1 + (cdnow.a / (cdnow.b + 1)) * ((cdnow.alpha + 38.86) / (cdnow.alpha + 38.86)) ** (cdnow.r + 2)), 12);
    // More recent purchases (larger t_x) mean more likely alive.
    expect(m.alive[3 * 5 + 4]).toBeGreaterThan(m.alive[3 * 5 + 1]);
  });
});

describe('Gamma-Gamma fit', () => {
  it('maximises the plain per-customer likelihood', async () => {
    const { gammaGammaLoglik } = await import('../../src/lib/ml/clv/gamma-gamma');
    const { simulateCustomers } = await import('../../src/lib/ml/clv/simulate');
    const customers = simulateCustomers(cdnow, new Array(600).fill(78), spend, 4).filter((c) => c.times.length > 0);
    const x = customers.map((c) => c.times.length);
    const m = customers.map((c) => c.values.slice(1).reduce((s, v) => s + v, 0) / c.times.length);
    const fit = fitGammaGamma(x, m);
    expect(fit.converged).toBe(true);
    expect(fit.loglik).toBeCloseTo(gammaGammaLoglik(fit.params, x, m), 8);
    for (const k of ['p', 'q', 'v'] as const) {
      for (const f of [0.97, 1.03]) expect(gammaGammaLoglik({ ...fit.params, [k]: fit.params[k] * f }, x, m)).toBeLessThan(fit.loglik);
    }
  });

  it('says so when spend varies no more between customers than within (q and v run off)', () => {
    const fit = fitGammaGamma([1, 2, 2, 3, 5, 1, 4, 2, 6, 3], [12, 30, 18, 25, 40, 9, 22, 15, 35, 28]);
    expect(fit.converged).toBe(false);
    expect(fit.message).toMatch(/ran off to .*boundary/);
  });
});

describe('L2 penalty', () => {
  it('shrinks the BG/NBD parameters', async () => {
    const { simulateCustomers } = await import('../../src/lib/ml/clv/simulate');
    const customers = simulateCustomers(cdnow, new Array(800).fill(52), null, 9);
    const data = { frequency: Float64Array.from(customers, (c) => c.times.length), recency: Float64Array.from(customers, (c) => c.times.at(-1) ?? 0), age: Float64Array.from(customers, (c) => c.age) };
    const plain = fitBgNbd(data);
    const penalised = fitBgNbd(data, { l2: 0.01 });
    const size = (p: typeof cdnow) => p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2;
    expect(penalised.converged).toBe(true);
    expect(size(penalised.params)).toBeLessThan(size(plain.params));
    expect(penalised.loglik).toBeLessThan(plain.loglik);
  });
});
