/**
 * The few special functions the drift tests need (log Γ is stats/log-gamma.ts): the regularised upper incomplete
 * gamma Q(a, x), and from it the chi-square and normal tail probabilities; the limiting
 * Kolmogorov distribution's tail. Numerical Recipes (3rd ed.) §6.1–6.2, §6.14.
 */
import { lgamma } from '../stats/log-gamma';

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a): the series for x < a + 1, the
 * continued fraction (modified Lentz) above, each to a relative 1e-15.
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P(χ²_dof ≥ x): the chi-square survival function (scipy.stats.chi2.sf). */
export function chiSquareSf(x: number, dof: number): number {
  if (x <= 0) return 1;
  return gammaQ(dof / 2, x / 2);
}

/** P(|Z| ≥ |z|) for a standard normal Z: erfc(|z| / √2) = Q(½, z² / 2). */
export function normalTwoSided(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return z === 0 ? 1 : gammaQ(0.5, (z * z) / 2);
}

/**
 * P(K ≥ x) for the limiting Kolmogorov distribution (scipy.stats.kstwobign.sf):
 * 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²}; for small x, 1 − (√(2π)/x) Σ e^{−(2k−1)²π²/(8x²)}.
 */
export function kolmogorovSf(x: number): number {
  if (!(x > 0)) return 1;
  if (x < 1) {
    let s = 0;
    for (let k = 1; k < 20; k++) s += Math.exp(-((2 * k - 1) ** 2) * Math.PI * Math.PI / (8 * x * x));
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / x) * s));
  }
  let s = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    s += (k % 2 ? 1 : -1) * term;
    if (term < 1e-300) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}
